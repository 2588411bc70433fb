"""Test, benchmark and demo builders for the officials app."""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from governance.factories import PersonFactory, RoleFactory
from governance.models import Role
from governance.officials.models import (
    ListLevel,
    ManualScore,
    Need,
    Project,
    ResponsibilityItem,
    ScoreBasis,
    ScoringRule,
    Task,
    YoungOfficial,
)

_sequence = itertools.count(1)

YOUNG_OFFICIAL_ROLE = "年轻干部"


def young_official_role() -> Role:
    return RoleFactory(name=YOUNG_OFFICIAL_ROLE)


def make_official(grid, *, name=None, unit="市司法局", user=None, **person_fields) -> YoungOfficial:
    person = PersonFactory(
        grid=grid,
        role=young_official_role(),
        name=name or f"李{next(_sequence)}",
        unit=unit,
        **person_fields,
    )
    return YoungOfficial.objects.create(person=person, user=user)


def make_item(grid, *, level=ListLevel.STREET, number=None, title="居民诉求受理", **fields):
    return ResponsibilityItem.objects.create(
        grid=grid,
        level=level,
        number=number or f"{next(_sequence):03d}",
        title=title,
        responsible_unit=fields.pop("responsible_unit", "街道办事处"),
        **fields,
    )


def make_need(grid, *, title="楼道灯不亮", **fields) -> Need:
    return Need.objects.create(grid=grid, title=title, **fields)


def make_task(grid, *, title="更换楼道灯", owner=None, due_on=None, **fields) -> Task:
    owner_field = {
        "YoungOfficial": "owner_official",
        "Person": "owner_person",
        "VolunteerTeam": "owner_team",
    }
    if owner is None:
        owner = make_official(grid)
    fields[owner_field[type(owner).__name__]] = owner
    return Task.objects.create(
        grid=grid,
        title=title,
        due_on=due_on or timezone.localdate() + datetime.timedelta(days=14),
        **fields,
    )


def make_project(grid, *, title="老旧小区加装电梯", official=None, team=None, **fields) -> Project:
    if official is None and team is None:
        official = make_official(grid)
    return Project.objects.create(
        grid=grid,
        title=title,
        problem=fields.pop("problem", "六层老楼无电梯，老人上下楼难"),
        goal=fields.pop("goal", "年内完成两部电梯加装"),
        claimed_by_official=official,
        claimed_by_team=team,
        **fields,
    )


def make_rule(basis=ScoreBasis.VISIT, points="2", *, name=None, **fields) -> ScoringRule:
    return ScoringRule.objects.create(
        name=name or f"{ScoreBasis(basis).label}{next(_sequence)}",
        basis=basis,
        points=Decimal(points),
        **fields,
    )


def make_manual_score(official, rule, month: datetime.date, points="8", **fields) -> ManualScore:
    return ManualScore.objects.create(
        official=official, rule=rule, month=month, points=Decimal(points), **fields
    )
