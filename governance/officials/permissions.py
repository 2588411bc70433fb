"""Who may do what with the three lists, the projects and the scores, over the one grid scope.

Needs, tasks, projects, young officials and their duty logs follow the grid tree like every
registry record. Two lists differ:
- the responsibility lists are reference data: every staff member reads them all (a community
  works to its district's list); only editors of the issuing node change them;
- assessors' scores need the assess action on the official's grid, for reading as for writing:
  the community an official serves neither sees nor gives the marks.
"""

from governance.permissions import ASSESS, VIEW, GridScopedPermissionPolicy, scope_for


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
