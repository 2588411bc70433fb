"""The registry's audit trail: Wagtail's log entries plus the grid path of the record.

Keeping the path on the entry lets the site-wide log be filtered by node and scoped to the
reader's subtree, even for records that have since been deleted.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models.audit_log import BaseLogEntry, BaseLogEntryManager

from governance.permissions import VIEW, grid_path_of, scope_for


class RegistryLogEntryManager(BaseLogEntryManager):
    def log_action(self, instance, action, **kwargs):
        kwargs.update(object_id=str(instance.pk), grid_path=grid_path_of(instance) or "")
        return super().log_action(instance, action, **kwargs)

    def log_many(self, instances, action, *, user=None, uuid=None, data_of=None):
        """Entries for many records in one insert per batch: an import writes thousands of rows,
        and an entry each through log_action would be a query each."""
        instances = list(instances)
        if not instances:
            return []
        content_type = ContentType.objects.get_for_model(instances[0], for_concrete_model=False)
        timestamp = timezone.now()
        entries = [
            self.model(
                content_type=content_type,
                label=self.get_instance_title(instance),
                action=action,
                timestamp=timestamp,
                user=user,
                uuid=uuid,
                object_id=str(instance.pk),
                grid_path=grid_path_of(instance) or "",
                data=data_of(instance) if data_of is not None else {},
            )
            for instance in instances
        ]
        return self.bulk_create(entries, batch_size=2000)

    def viewable_by_user(self, user):
        """Wagtail's site history asks this: entries of the user's subtrees only."""
        return scope_for(user).restrict(self.all(), VIEW, path_field="grid_path")

    def for_instance(self, instance):
        return self.filter(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
            object_id=str(instance.pk),
        )


class RegistryLogEntry(BaseLogEntry):
    object_id = models.CharField(max_length=255, db_index=True)
    grid_path = models.CharField(_("grid path"), max_length=255, blank=True, db_index=True)

    objects = RegistryLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("registry log entry")
        verbose_name_plural = _("registry log entries")

    def __str__(self):
        return f"RegistryLogEntry {self.pk}: {self.action} on {self.object_verbose_name}"

    @property
    def changes(self) -> dict:
        return (self.data or {}).get("changes", {})
