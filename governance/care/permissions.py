"""Care-ledger rules on top of the one policy: visits are added only through the visit form;
the personal-data access log is read by superusers and by district administrators for the
entries of their districts, and written by nobody by hand."""

from django.db.models import Q
from wagtail.permission_policies.base import ModelPermissionPolicy

from governance.models import AccessRole
from governance.permissions import ADD, VIEW, GridScopedPermissionPolicy, scope_for


class VisitPolicy(GridScopedPermissionPolicy):
    """Visits are recorded through the visit form, which finds the resident and the grid; the
    snippet's own add form (with neither) is never offered."""

    def user_has_permission(self, user, action):
        return action != ADD and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return action != ADD and super().user_has_permission_for_instance(user, action, instance)


def auditor_paths(user) -> list[str]:
    return scope_for(user).paths_for(VIEW, roles=[AccessRole.DISTRICT_ADMIN])


class AccessLogPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action not in (None, VIEW):
            return False
        return scope_for(user).is_superuser or bool(auditor_paths(user))

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if scope_for(user).is_superuser:
            return True
        # An entry without a grid (a superuser's city-wide export) is the superusers' only.
        return bool(instance.grid_path) and any(
            instance.grid_path.startswith(path) for path in auditor_paths(user)
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(
            self.user_has_permission_for_instance(user, action, instance) for action in actions
        )

    def instances_user_has_permission_for(self, user, action):
        entries = self.model._default_manager.all()
        if not self.user_has_permission(user, action):
            return entries.none()
        if scope_for(user).is_superuser:
            return entries
        condition = Q(pk__in=[])
        for path in auditor_paths(user):
            condition |= Q(grid_path__startswith=path)
        return entries.filter(condition).exclude(grid_path="")

    def instances_user_has_any_permission_for(self, user, actions):
        return self.instances_user_has_permission_for(user, VIEW)
