"""Who edits the events' settings, as Wagtail permission policies over the one grid scope.

Shared lists (categories, the calendar, reply templates) are for superusers and district
administrators; a district's own ladder and departments only for that district's administrators.
"""

from wagtail.permission_policies.base import ModelPermissionPolicy

from governance.models import AccessRole, Grid
from governance.permissions import CHANGE, scope_for


def district_admin_paths(user) -> list[str]:
    return scope_for(user).paths_for(CHANGE, roles=[AccessRole.DISTRICT_ADMIN])


class EventSettingsPolicy(ModelPermissionPolicy):
    """Superusers and district administrators; nobody else sees these lists."""

    def user_has_permission(self, user, action):
        scope = scope_for(user)
        return scope.is_superuser or bool(district_admin_paths(user))

    def user_has_any_permission(self, user, actions):
        return self.user_has_permission(user, None)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_permission(user, None)

    def instances_user_has_permission_for(self, user, action):
        if self.user_has_permission(user, action):
            return self.model._default_manager.all()
        return self.model._default_manager.none()

    def instances_user_has_any_permission_for(self, user, actions):
        return self.instances_user_has_permission_for(user, None)


class DistrictSettingsPolicy(EventSettingsPolicy):
    """Rows that belong to a district: its administrators only (and superusers)."""

    def user_has_permission_for_instance(self, user, action, instance):
        if scope_for(user).is_superuser:
            return True
        return any(instance.district.path.startswith(p) for p in district_admin_paths(user))

    def instances_user_has_permission_for(self, user, action):
        rows = self.model._default_manager.all()
        if scope_for(user).is_superuser:
            return rows
        paths = [path[: Grid.steplen] for path in district_admin_paths(user)]
        return rows.filter(district__path__in=paths)


class SuperuserPolicy(EventSettingsPolicy):
    """Lists that hold secrets or everyone's contact details: superusers only."""

    def user_has_permission(self, user, action):
        return scope_for(user).is_superuser


class SuperuserReadOnlyPolicy(SuperuserPolicy):
    """What the system wrote itself (the outbox): superusers read it; nobody edits it."""

    def user_has_permission(self, user, action):
        return action in (None, "view") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and super().user_has_permission(user, "view")
