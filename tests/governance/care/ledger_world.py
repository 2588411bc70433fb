"""The permission world (two districts, a user per role) with a care ledger on it, dated from
today: a resident visited in time, one overdue, one never visited, one whose membership ended,
one in no group, and one in the other district."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from governance.care.factories import add_to_group, make_household, make_resident, make_visit
from governance.care.models import Resident
from governance.factories import make_grid
from tests.governance.permission_world import World, build_world


def at(day: str, hour: int = 10) -> datetime.datetime:
    """A local time on an ISO day."""
    return timezone.make_aware(
        datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour))
    )


def days_ago(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@dataclass
class CareWorld:
    world: World
    residents: dict[str, Resident] = field(default_factory=dict)

    @property
    def nodes(self):
        return self.world.nodes

    @property
    def users(self):
        return self.world.users

    def fresh(self, key: str) -> Resident:
        return Resident.objects.get(pk=self.residents[key].pk)


def build_care_world() -> CareWorld:
    world = build_world()
    n = world.nodes
    n["c211"] = make_grid(n["s21"], name="远郊社区", code="410102001001")
    n["g2111"] = make_grid(n["c211"], name="远郊1号网格", code="410102001001001")
    care = CareWorld(world)
    r = care.residents
    joined = timezone.localdate() - datetime.timedelta(days=100)

    r["covered"] = make_resident(make_household(n["g1111"], room="101"), name="王秀英")
    add_to_group(r["covered"], "低保", start=joined)  # 30 days
    make_visit(r["covered"], at=days_ago(40), method="home")
    make_visit(r["covered"], at=days_ago(3), method="phone")

    r["overdue"] = make_resident(make_household(n["g1111"], room="102"), name="李建国")
    add_to_group(r["overdue"], "独居老人", start=joined)  # 7 days
    make_visit(r["overdue"], at=days_ago(20), method="home")

    r["never"] = make_resident(make_household(n["g1112"], room="201"), name="张桂兰")
    add_to_group(r["never"], "孤寡老人", start=joined)  # due since joining

    r["ended"] = make_resident(make_household(n["g1121"], room="301"), name="刘德明")
    add_to_group(r["ended"], "低保", start=joined, end=joined + datetime.timedelta(days=10))
    make_visit(r["ended"], at=days_ago(95), method="home")

    r["plain"] = make_resident(make_household(n["g1121"], room="302"), name="陈小红")

    r["far"] = make_resident(make_household(n["g2111"], room="401"), name="赵大山")
    add_to_group(r["far"], "残障", start=joined)
    make_visit(r["far"], at=days_ago(50), method="home")
    return care
