"""The one permission policy: every registry view, form, import, export, API call and report asks
here what a user may do where. Rights follow the grid tree: an assignment on a node covers its
whole subtree, and the role of the assignment says which actions are allowed there.
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from wagtail.permission_policies.base import ModelPermissionPolicy

# From the modules, not the package: the audit log model (in the package) asks this policy.
from governance.models.assignments import AccessRole, Assignment
from governance.models.grids import Grid

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
IMPORT, EXPORT, REPORT = "import", "export", "report"
# Seeing personal data in full: private staff phones, event reporters' contacts.
PERSONAL_DATA = "personal_data"
# Scoring young officials by hand (考评): the street and the district, and their assessors,
# not the community the official serves.
ASSESS = "assess"
ALL_ACTIONS = frozenset({VIEW, ADD, CHANGE, DELETE, IMPORT, EXPORT, REPORT, PERSONAL_DATA, ASSESS})

ROLE_ACTIONS = {
    AccessRole.DISTRICT_ADMIN: ALL_ACTIONS,
    AccessRole.STREET_EDITOR: ALL_ACTIONS,
    AccessRole.COMMUNITY_EDITOR: ALL_ACTIONS - {ASSESS},
    AccessRole.GRID_WORKER: frozenset({VIEW, ADD, CHANGE, EXPORT, PERSONAL_DATA}),
    # Analysts read figures, not people: they get masked phones even inside their subtree.
    AccessRole.ANALYST: frozenset({VIEW, EXPORT, REPORT}),
    AccessRole.ASSESSOR: frozenset({VIEW, REPORT, ASSESS}),
}


class GridScope:
    """What one user may do on which subtrees; built once per user and request."""

    def __init__(self, user):
        self.user = user
        # Other answers that follow from who the user is (an app's department memberships),
        # read once for the scope's lifetime like the grants.
        self.memo: dict = {}
        self.is_superuser = bool(user and user.is_active and user.is_superuser)
        if self.is_superuser or not user or not user.is_authenticated or not user.is_active:
            self.grants: list[tuple[str, str]] = []
        else:
            assignments = Assignment.objects.filter(
                Q(user=user) | Q(group__in=user.groups.all())
            ).values_list("grid__path", "role")
            self.grants = list(assignments)

    def paths_for(self, action: str, roles: Iterable[str] | None = None) -> list[str]:
        return [
            path
            for path, role in self.grants
            if action in ROLE_ACTIONS.get(role, ()) and (roles is None or role in roles)
        ]

    def allows_anywhere(self, action: str) -> bool:
        return self.is_superuser or bool(self.paths_for(action))

    def allows(self, action: str, grid_path: str | None, roles=None) -> bool:
        if self.is_superuser:
            return True
        if not grid_path:
            return False
        return any(grid_path.startswith(path) for path in self.paths_for(action, roles))

    def allows_grid(self, action: str, grid: Grid | None) -> bool:
        return self.allows(action, grid.path if grid else None)

    def sees_personal_data(self, grid_path: str | None) -> bool:
        return self.allows(PERSONAL_DATA, grid_path)

    def restrict(self, queryset: QuerySet, action: str = VIEW, *, path_field: str) -> QuerySet:
        return self.restrict_any(queryset, [action], path_field=path_field)

    def restrict_any(self, queryset: QuerySet, actions, *, path_field: str) -> QuerySet:
        """Rows in a subtree where the user holds at least one of `actions`."""
        if self.is_superuser:
            return queryset
        condition = Q(pk__in=[])
        for path in {path for action in actions for path in self.paths_for(action)}:
            condition |= Q(**{f"{path_field}__startswith": path})
        return queryset.filter(condition)

    def roots(self, action: str = VIEW) -> list[str]:
        """The paths of the subtrees the user may act on, none inside another; a superuser's
        is the empty path, the prefix of every path."""
        if self.is_superuser:
            return [""]
        paths = sorted(set(self.paths_for(action)))
        return [path for path in paths if not any(path.startswith(p) for p in paths if p != path)]

    def root_nodes(self, action: str = VIEW) -> tuple[list[Grid], Grid | None]:
        """The nodes at the top of the user's subtrees (every district for a superuser), and
        the one node among them when there is just one: dashboards compare its children."""
        roots = self.roots(action)
        if roots == [""]:
            nodes = list(Grid.get_root_nodes())
        else:
            nodes = list(Grid.objects.filter(path__in=roots).order_by("path"))
        return nodes, (nodes[0] if len(nodes) == 1 else None)

    def visible_grids(self, action: str = VIEW) -> QuerySet:
        return self.restrict(Grid.objects.all(), action, path_field="path")


def scope_for(user_or_request) -> GridScope:
    """The scope of a user, cached on the request (or the user object) for its lifetime."""
    request = user_or_request if hasattr(user_or_request, "user") else None
    user = request.user if request is not None else user_or_request
    holder = request if request is not None else user
    if user is None:
        user = AnonymousUser()
    cached = getattr(holder, "_civicgrid_scope", None)
    if cached is None or cached.user is not user:
        cached = GridScope(user)
        try:
            holder._civicgrid_scope = cached
        except AttributeError:
            pass
    return cached


def grid_path_field(model) -> str:
    """How a registry model reaches the tree: Grid itself, through its `grid` key, or through
    the lookup the model names (`grid_path_lookup`, e.g. a young official's person)."""
    if model is Grid:
        return "path"
    return getattr(model, "grid_path_lookup", "grid__path")


def grid_path_of(instance) -> str | None:
    if isinstance(instance, Grid):
        return instance.path
    grid = getattr(instance, "grid", None)
    return grid.path if grid else None


class GridScopedPermissionPolicy(ModelPermissionPolicy):
    """Wagtail's policy interface for registry models, answered from the user's grid scope."""

    def user_has_permission(self, user, action):
        return scope_for(user).allows_anywhere(action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return scope_for(user).allows(action, grid_path_of(instance))

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(
            self.user_has_permission_for_instance(user, action, instance) for action in actions
        )

    def instances_user_has_permission_for(self, user, action):
        scope = scope_for(user)
        return scope.restrict(
            self.model._default_manager.all(), action, path_field=grid_path_field(self.model)
        )

    def instances_user_has_any_permission_for(self, user, actions):
        return scope_for(user).restrict_any(
            self.model._default_manager.all(), actions, path_field=grid_path_field(self.model)
        )

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        roles = [role for role, allowed in ROLE_ACTIONS.items() if set(actions) & allowed]
        return users.filter(
            Q(is_superuser=True)
            | Q(grid_assignments__role__in=roles)
            | Q(groups__grid_assignments__role__in=roles)
        ).distinct()

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


class ReportPermissionPolicy(GridScopedPermissionPolicy):
    """Asking for, reading and deleting reports all need the report right on the node."""

    def user_has_permission(self, user, action):
        return super().user_has_permission(user, REPORT)

    def user_has_permission_for_instance(self, user, action, instance):
        return super().user_has_permission_for_instance(user, REPORT, instance)

    def instances_user_has_permission_for(self, user, action):
        return super().instances_user_has_permission_for(user, REPORT)
