"""The permission world of the registry tests with the three lists on it: in each of three
third-level grids (the grid worker's own g1111, its sibling g1112, and g1121 of the sibling
community) a young official, a need, a task, a project and a duty log entry. The grid worker
is the young official of g1111."""

import datetime

from governance.factories import VolunteerTeamFactory
from governance.models import AccessRole
from governance.officials.factories import (
    make_item,
    make_need,
    make_official,
    make_project,
    make_task,
)
from governance.officials.models import Duty, DutyLog, Milestone
from tests.governance.permission_world import build_world

GRIDS = ("g1111", "g1112", "g1121")
# Each role's own grid and the sibling grid of its position in the tree.
ROLE_GRIDS = {
    AccessRole.DISTRICT_ADMIN: ("g1111", None),
    AccessRole.STREET_EDITOR: ("g1111", None),
    AccessRole.COMMUNITY_EDITOR: ("g1111", "g1121"),
    AccessRole.GRID_WORKER: ("g1111", "g1112"),
    AccessRole.ANALYST: ("g1111", None),
}


def build_officials_world():
    world = build_world()
    n = world.nodes
    world.officials, world.needs, world.tasks, world.projects, world.teams = {}, {}, {}, {}, {}
    world.item = make_item(n["s11"], number="S-01", title="居民诉求受理")
    for key in GRIDS:
        user = world.users[AccessRole.GRID_WORKER] if key == "g1111" else None
        official = make_official(n[key], name=f"干部{key}", user=user)
        world.officials[key] = official
        world.needs[key] = make_need(n[key], title=f"需求{key}")
        world.tasks[key] = make_task(n[key], title=f"任务{key}", owner=official)
        world.teams[key] = VolunteerTeamFactory(grid=n[key], name=f"服务队{key}")
        project = make_project(n[key], title=f"项目{key}", official=official)
        Milestone.objects.create(
            project=project, title="入户调查", due_on=datetime.date(2026, 12, 1), sort_order=0
        )
        world.projects[key] = project
        DutyLog.objects.create(
            official=official,
            grid=n[key],
            duty=Duty.POLICY,
            done_on=datetime.date(2026, 11, 20),
            note=f"宣讲{key}",
        )
    return world
