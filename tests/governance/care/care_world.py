"""The permission world of the registry tests, with a resident in a grid of each role's own
subtree and of its sibling's."""

from governance.care.factories import add_to_group, make_household, make_resident
from governance.factories import make_grid
from governance.models import AccessRole
from tests.governance.permission_world import build_world

# Where each role's own and sibling residents live (third-level grids of the world).
RESIDENT_GRIDS = {
    AccessRole.DISTRICT_ADMIN: ("g1111", "g2111"),
    AccessRole.STREET_EDITOR: ("g1111", "g1211"),
    AccessRole.COMMUNITY_EDITOR: ("g1111", "g1121"),
    AccessRole.GRID_WORKER: ("g1111", "g1112"),
    AccessRole.ANALYST: ("g1111", "g1211"),
}
PHONE = "13912345678"


def build_care_world():
    world = build_world()
    n = world.nodes
    n["c211"] = make_grid(n["s21"], name="三街道社区", code="410102001001")
    n["g2111"] = make_grid(n["c211"], name="三街道1号网格", code="410102001001001")
    n["g1211"] = make_grid(n["c121"], name="远方1号网格", code="410101002001001")
    world.residents = {}
    for key in ("g1111", "g1112", "g1121", "g1211", "g2111"):
        resident = make_resident(
            make_household(n[key], building=f"{key}号楼"), name=f"居民{key}", phone=PHONE
        )
        add_to_group(resident, "独居老人")
        world.residents[key] = resident
    return world
