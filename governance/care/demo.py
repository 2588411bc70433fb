"""The demo's care ledger: fictional households and residents (well-formed, invented ID numbers)
at 华府社区5号网格 and two neighbouring grids, members of several special groups, and six months
of visits by the grid workers, some of them now overdue."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from governance.care.defaults import add_defaults
from governance.care.id_numbers import fictional_id_number
from governance.care.models import (
    CareGroup,
    CareMembership,
    Household,
    HouseholdTag,
    Relation,
    Resident,
    Visit,
    VisitMethod,
)
from governance.care.services import ledger
from governance.models import Assignment, Grid

# (grid, households): part of 华府5号网格's 372, and a few at its neighbours.
DEMO_GRIDS = (("华府社区5号网格", 120), ("华府社区4号网格", 30), ("华府社区6号网格", 30))
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "桂兰秀英玉珍建国志强淑芬丽华德明国庆红梅春生海燕永刚凤英文华振华秀珍宝山金凤"
FINDINGS = (
    "身体状况稳定，按时服药，家中整洁。",
    "血压偏高，已提醒按时复查。",
    "独自在家，情绪较好，子女每周来看望。",
    "冬季取暖正常，燃气使用安全。",
    "行动不便，希望有人帮忙购买日用品。",
    "家中电路老化，存在安全隐患。",
)
NEEDS = ("", "", "", "希望提供助餐服务。", "申请上门理发。", "需要帮助办理医保报销。")
# Which members of a household may enter the ledger, and in which group.
GROUPS_BY_AGE = (("独居老人", 70), ("孤寡老人", 75), ("低保", 0), ("残障", 0), ("留守儿童", -1))
DEMO_MONTHS = 6


def fictional_name(rng: random.Random) -> str:
    given = rng.choice(range(0, len(GIVEN) - 1, 2))
    return rng.choice(SURNAMES) + GIVEN[given : given + 2]


def seed_care(*, now: datetime.datetime) -> int:
    """Once; returns how many residents the demo has."""
    if Resident.objects.exists():
        return Resident.objects.count()
    add_defaults(CareGroup, HouseholdTag)
    rng = random.Random("care-demo")
    today = timezone.localdate(now)
    groups = {group.name: group for group in CareGroup.objects.all()}
    tags = list(HouseholdTag.objects.all())
    residents: list[Resident] = []
    for grid_name, count in DEMO_GRIDS:
        grid = Grid.objects.get(name=grid_name)
        buildings = [line.strip() for line in grid.coverage.splitlines() if line.strip()]
        for number in range(count):
            # Each number its own door: building, then unit, then floor and door.
            rest = number // len(buildings)
            household = Household.objects.create(
                grid=grid,
                building=buildings[number % len(buildings)],
                unit=str(rest % 3 + 1),
                room=f"{rest // 6 + 1}0{rest // 3 % 2 + 1}",
            )
            if rng.random() < 0.25:
                household.tags.add(rng.choice(tags))
            residents.extend(household_members(rng, household, today))
    Resident.objects.bulk_create(residents, batch_size=500)
    members = seed_memberships(rng, groups, today)
    seed_visits(rng, members, now)
    ledger.refresh([resident.pk for resident in members], today)
    return Resident.objects.count()


def household_members(rng, household, today) -> list[Resident]:
    size = rng.choice((1, 1, 2, 2, 3, 4))
    head_age = rng.randrange(35, 92) if size > 1 else rng.randrange(66, 92)
    ages = [head_age] + [rng.randrange(1, head_age) for _ in range(size - 1)]
    relations = [Relation.HEAD] + [
        rng.choice((Relation.SPOUSE, Relation.CHILD, Relation.GRANDCHILD)) for _ in ages[1:]
    ]
    made = []
    for age, relation in zip(ages, relations, strict=True):
        born = today.replace(year=today.year - age) - datetime.timedelta(days=rng.randrange(360))
        resident = Resident(
            household=household,
            grid_id=household.grid_id,
            name=fictional_name(rng),
            relation=relation,
            phone=f"139{rng.randrange(10**8):08d}" if age > 16 else "",
        )
        resident.id_number = fictional_id_number("410103", born, rng.randrange(1000))
        made.append(resident)
    return made


def seed_memberships(rng, groups, today) -> list[Resident]:
    members, memberships = [], []
    for resident in Resident.objects.select_related("household"):
        age = (today - resident.birth_date).days // 365
        alone = resident.relation == Relation.HEAD and rng.random() < 0.5
        wanted = [
            name
            for name, min_age in GROUPS_BY_AGE
            if (min_age > 0 and age >= min_age and alone and rng.random() < 0.6)
            or (min_age == 0 and rng.random() < 0.03)
            or (min_age < 0 and age < 14 and rng.random() < 0.08)
        ]
        if not wanted:
            continue
        members.append(resident)
        start = today - datetime.timedelta(days=rng.randrange(200, 900))
        memberships += [
            CareMembership(resident=resident, group=groups[name], start_date=start)
            for name in wanted
        ]
    CareMembership.objects.bulk_create(memberships)
    return members


def seed_visits(rng, members, now) -> None:
    workers = {
        assignment.grid_id: assignment.user
        for assignment in Assignment.objects.filter(user__isnull=False).select_related("user")
    }
    fallback = get_user_model().objects.filter(is_superuser=True).first()
    visits = []
    for resident in members:
        groups = [membership.group for membership in resident.memberships.select_related("group")]
        cycle = min(group.visit_cycle_days for group in groups)
        phone_counts = all(group.allows_phone_call for group in groups)
        # Most are visited on time; some were last seen weeks ago and are overdue now.
        lag = rng.choice((0, 0, 0, 1, 2)) * cycle
        at = now - datetime.timedelta(days=DEMO_MONTHS * 30)
        while at < now - datetime.timedelta(days=lag):
            method = VisitMethod.PHONE if phone_counts and rng.random() < 0.3 else VisitMethod.HOME
            visits.append(
                Visit(
                    resident=resident,
                    grid_id=resident.grid_id,
                    visited_by=workers.get(resident.grid_id, fallback),
                    visited_at=at.replace(hour=rng.randrange(9, 18)),
                    method=method,
                    findings=rng.choice(FINDINGS),
                    needs=rng.choice(NEEDS),
                )
            )
            at += datetime.timedelta(days=max(cycle - rng.randrange(0, 3), 1))
    Visit.objects.bulk_create(visits, batch_size=1000)
