"""A small world for permission tests: two districts, a user per access role, a record per node."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from governance.factories import PersonFactory, RoleFactory, make_grid
from governance.groups import ensure_staff_groups
from governance.models import AccessRole, Assignment, Grid

# Where each role is assigned, and which nodes are its own, sibling and parent positions.
ROLE_PLACEMENT = {
    AccessRole.DISTRICT_ADMIN: ("d1", {"own": "d1", "sibling": "d2", "parent": None}),
    AccessRole.STREET_EDITOR: ("s11", {"own": "s11", "sibling": "s12", "parent": "d1"}),
    AccessRole.COMMUNITY_EDITOR: ("c111", {"own": "c111", "sibling": "c112", "parent": "s11"}),
    AccessRole.GRID_WORKER: ("g1111", {"own": "g1111", "sibling": "g1112", "parent": "c111"}),
    AccessRole.ANALYST: ("s11", {"own": "s11", "sibling": "s12", "parent": "d1"}),
}


@dataclass
class World:
    nodes: dict[str, Grid] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)


def build_world() -> World:
    world = World()
    n = world.nodes
    n["d1"] = make_grid(name="一区", code="410101")
    n["d2"] = make_grid(name="二区", code="410102")
    n["s11"] = make_grid(n["d1"], name="一街道", code="410101001")
    n["s12"] = make_grid(n["d1"], name="二街道", code="410101002")
    n["s21"] = make_grid(n["d2"], name="三街道", code="410102001")
    n["c111"] = make_grid(n["s11"], name="华府社区", code="410101001001")
    n["c112"] = make_grid(n["s11"], name="邻居社区", code="410101001002")
    n["c121"] = make_grid(n["s12"], name="远方社区", code="410101002001")
    n["g1111"] = make_grid(n["c111"], name="华府1号网格", code="410101001001001")
    n["g1112"] = make_grid(n["c111"], name="华府2号网格", code="410101001001002")
    n["g1121"] = make_grid(n["c112"], name="邻居1号网格", code="410101001002001")
    staff, _admins = ensure_staff_groups()
    User = get_user_model()
    for role, (node_key, _positions) in ROLE_PLACEMENT.items():
        user = User.objects.create_user(f"u_{role}", password="pw-matrix-2026!", is_staff=True)
        user.groups.add(staff)
        Assignment.objects.create(user=user, grid=n[node_key], role=role)
        world.users[role] = user
    return world


def person_on(node: Grid, name: str):
    return PersonFactory(grid=node, name=name, role=RoleFactory(name="网格员"), phone="13800001234")
