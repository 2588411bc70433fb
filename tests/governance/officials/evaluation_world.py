"""The permission world with young officials scored over 2026-Q3 under the default rules (走访
2 分/次 capped at 20 a month, 收集需求 3, 六员履职 1, 群众评价 up to 10, 工作实绩 up to 20), and
an assessor on each street of 一区. The clock stands at 15 October 2026.

    王小明  华府1号网格 (一街道), the grid worker's own account:
            July 3 visits + 1 need = 9; August 12 visits (capped 20) + 2 duty entries = 22;
            September 1 need + 群众评价 9 + 工作实绩 15 = 27; quarter 58
    赵敏    邻居1号网格 (一街道): July 2 needs = 6
    孙强    远方社区 (二街道): August 1 need = 3
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model

from governance.care.factories import make_resident, make_visit
from governance.groups import ensure_staff_groups
from governance.models import AccessRole, Assignment
from governance.officials.defaults import add_default_rules
from governance.officials.factories import make_manual_score, make_official
from governance.officials.models import Duty, DutyLog, ScoringRule, YoungOfficial
from governance.officials.services import workflow
from governance.periods import Period
from tests.governance.care.ledger_world import at
from tests.governance.permission_world import World, build_world

Q3 = Period.quarter(2026, 3)
TODAY = datetime.date(2026, 10, 15)


@dataclass
class EvaluationWorld:
    world: World
    officials: dict[str, YoungOfficial] = field(default_factory=dict)
    assessors: dict[str, object] = field(default_factory=dict)

    @property
    def nodes(self):
        return self.world.nodes

    @property
    def users(self):
        return self.world.users

    def rule(self, name: str) -> ScoringRule:
        return ScoringRule.objects.get(name=name)


def make_assessor(username: str, node):
    staff, _admins = ensure_staff_groups()
    user = get_user_model().objects.create_user(username, password="pw-assess-2026!", is_staff=True)
    user.groups.add(staff)
    Assignment.objects.create(user=user, grid=node, role=AccessRole.ASSESSOR)
    return user


def _needs(official, by, days):
    for number, day in enumerate(days):
        workflow.need_record(
            by=by,
            grid=official.grid,
            title=f"{official.person.name}收集的需求{number}",
            collected_by=official,
            collected_on=datetime.date.fromisoformat(day),
        )


def build_evaluation_world() -> EvaluationWorld:
    add_default_rules(ScoringRule)  # a transactional test's flush may have emptied the table
    world = build_world()
    n, editor = world.nodes, world.users[AccessRole.STREET_EDITOR]
    ev = EvaluationWorld(world)
    ev.assessors["s11"] = make_assessor("assessor_s11", n["s11"])
    ev.assessors["s12"] = make_assessor("assessor_s12", n["s12"])

    wang = make_official(
        n["g1111"], name="王小明", unit="市司法局", user=world.users[AccessRole.GRID_WORKER]
    )
    zhao = make_official(n["g1121"], name="赵敏", unit="区财政局")
    sun = make_official(n["c121"], name="孙强", unit="区教育局")
    ev.officials.update({"wang": wang, "zhao": zhao, "sun": sun})

    resident = make_resident(grid=n["g1111"])
    for day in ("2026-07-02", "2026-07-09", "2026-07-31"):
        make_visit(resident, by=wang.user, at=at(day))
    for number in range(12):
        make_visit(resident, by=wang.user, at=at(f"2026-08-{number + 1:02d}"))
    _needs(wang, editor, ["2026-07-20", "2026-09-05"])
    for day in ("2026-08-10", "2026-08-11"):
        DutyLog.objects.create(
            official=wang,
            grid=wang.grid,
            duty=Duty.MEDIATION,
            done_on=datetime.date.fromisoformat(day),
            note="调解邻里纠纷",
        )
    september = datetime.date(2026, 9, 1)
    make_manual_score(wang, ev.rule("群众评价"), september, "9", note="群众满意度高")
    make_manual_score(wang, ev.rule("工作实绩"), september, "15", note="牵头完成加装电梯")

    _needs(zhao, editor, ["2026-07-03", "2026-07-04"])
    _needs(sun, world.users[AccessRole.DISTRICT_ADMIN], ["2026-08-08"])
    return ev


def points(value: str) -> Decimal:
    return Decimal(value)
