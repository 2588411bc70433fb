"""Wagtail actions for registry records: an edit logs what changed with its log entry."""

from wagtail import hooks
from wagtail.actions.edit import EditAction
from wagtail.log_actions import log

from governance.audit import describe_changes
from governance.models import RegistryLogEntry


class EditRegistryRecordAction(EditAction):
    """Logs `wagtail.edit` with the changed fields (a phone only as "changed", never its value)."""

    def __init__(self, instance, user=None, *, form=None, log_action="wagtail.edit", **kwargs):
        super().__init__(instance, user, form=form, log_action=False, **kwargs)
        self.record_log_action = log_action

    def _edit(self, skip_permission_checks=False):
        instance = super()._edit(skip_permission_checks=skip_permission_checks)
        if self.record_log_action:
            changes = describe_changes(self.form) if self.form is not None else {}
            log(
                instance=instance,
                action=self.record_log_action,
                user=self.user,
                content_changed=self.content_changed,
                data={"changes": changes} if changes else None,
            )
        return instance


def audit_like_the_registry(*models) -> None:
    """For a domain app's wagtail_hooks: its records' admin actions are logged in the registry's
    log (with their grid, so the audit listing scopes them), and edits log what changed."""

    @hooks.register("register_log_actions")
    def log_with_their_grid(actions):
        for model in models:
            actions.register_model(model, RegistryLogEntry)

    @hooks.register("register_actions")
    def edits_log_what_changed(registry):
        for model in models:
            registry.register(model, EditRegistryRecordAction)
