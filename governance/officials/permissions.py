"""Who may do what with the three lists, the projects and the scores, over the one grid scope.

Needs, tasks, projects, young officials and their duty logs follow the grid tree like every
registry record. Two lists differ:
- the responsibility lists are reference data: every staff member reads them all (a community
  works to its district's list); only editors of the issuing node change them;
- assessors' scores need the assess action on the official's grid, for reading as for writing:
  the community an official serves neither sees nor gives the marks.
"""

from governance.figures import in_subtrees
from governance.models import AccessRole
from governance.permissions import ASSESS, VIEW, GridScopedPermissionPolicy, scope_for

# Triage, publishing and the young officials' own records are an editor's business, not a grid
# worker's: a young official (a grid worker on his grid) would otherwise turn his own needs into
# tasks he closes for points, publish his own project, or rewrite his own record.
EDITOR_ROLES = (
    AccessRole.DISTRICT_ADMIN,
    AccessRole.STREET_EDITOR,
    AccessRole.COMMUNITY_EDITOR,
)


class ResponsibilityPolicy(GridScopedPermissionPolicy):
    def user_has_permission(self, user, action):
        return scope_for(user).allows_anywhere(action)

    def user_has_permission_for_instance(self, user, action, instance):
        if action == VIEW:
            return scope_for(user).allows_anywhere(VIEW)
        return super().user_has_permission_for_instance(user, action, instance)

    def instances_user_has_permission_for(self, user, action):
        if action == VIEW:
            rows = self.model._default_manager.all()
            return rows if scope_for(user).allows_anywhere(VIEW) else rows.none()
        return super().instances_user_has_permission_for(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        if VIEW in actions:
            return self.instances_user_has_permission_for(user, VIEW)
        return super().instances_user_has_any_permission_for(user, actions)


class AssessPolicy(GridScopedPermissionPolicy):
    """Every action on a score is the assess action on the official's grid."""

    def user_has_permission(self, user, action):
        return super().user_has_permission(user, ASSESS)

    def user_has_permission_for_instance(self, user, action, instance):
        return super().user_has_permission_for_instance(user, ASSESS, instance)

    def instances_user_has_permission_for(self, user, action):
        return super().instances_user_has_permission_for(user, ASSESS)

    def instances_user_has_any_permission_for(self, user, actions):
        return super().instances_user_has_permission_for(user, ASSESS)


class YoungOfficialPolicy(GridScopedPermissionPolicy):
    """Everyone in the scope reads the officials; editors add, change and delete them, never
    their own record (whose account links the scores and the marks' "not your own" rule)."""

    def user_has_permission(self, user, action):
        if action == VIEW:
            return super().user_has_permission(user, action)
        scope = scope_for(user)
        return scope.is_superuser or any(scope.paths_for(action, roles=EDITOR_ROLES))

    def user_has_permission_for_instance(self, user, action, instance):
        if action == VIEW:
            return super().user_has_permission_for_instance(user, action, instance)
        if instance.user_id is not None and instance.user_id == getattr(user, "pk", None):
            return False
        return scope_for(user).allows(action, instance.grid.path, roles=EDITOR_ROLES)

    def instances_user_has_permission_for(self, user, action):
        if action == VIEW:
            return super().instances_user_has_permission_for(user, action)
        scope = scope_for(user)
        rows = (
            self.model._default_manager.exclude(user=user)
            if user.pk
            else self.model._default_manager.all()
        )
        if scope.is_superuser:
            return rows
        return rows.filter(
            in_subtrees(scope.paths_for(action, roles=EDITOR_ROLES), "person__grid__path")
        )

    def instances_user_has_any_permission_for(self, user, actions):
        rows = self.model._default_manager.none()
        for action in actions:
            rows |= self.instances_user_has_permission_for(user, action)
        return rows
