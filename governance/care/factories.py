"""Test and benchmark builders for the care ledger: households, residents with well-formed
fictional ID numbers, memberships and visits."""

import datetime
import itertools

from django.utils import timezone

from governance.care.defaults import add_defaults
from governance.care.id_numbers import fictional_id_number
from governance.care.models import (
    CareGroup,
    CareMembership,
    Household,
    HouseholdTag,
    Resident,
    Visit,
)
from governance.care.services import ledger

_sequence = itertools.count(1)


def next_id_number(born: datetime.date = datetime.date(1950, 3, 7), region="410103") -> str:
    n = next(_sequence)
    return fictional_id_number(region, born + datetime.timedelta(days=n // 1000), n)


def make_household(grid, *, building="51号楼", unit="1", room=None, **fields) -> Household:
    room = room or f"{next(_sequence) % 900 + 100}"
    return Household.objects.create(grid=grid, building=building, unit=unit, room=room, **fields)


def make_resident(household=None, *, grid=None, name="张桂兰", id_number=None, **fields):
    household = household or make_household(grid)
    resident = Resident(household=household, name=name, **fields)
    resident.id_number = next_id_number() if id_number is None else id_number
    resident.save()
    return resident


def group_named(name: str) -> CareGroup:
    if not CareGroup.objects.filter(name=name).exists():
        add_defaults(CareGroup, HouseholdTag)  # a transactional test's flush emptied them
    return CareGroup.objects.get(name=name)


def add_to_group(resident, group_name="独居老人", *, start=None, end=None) -> CareMembership:
    return CareMembership.objects.create(
        resident=resident,
        group=group_named(group_name),
        start_date=start or timezone.localdate() - datetime.timedelta(days=365),
        end_date=end,
    )


def make_visit(resident, *, by=None, at=None, method="home", findings="身体尚好", **fields):
    visit = Visit.objects.create(
        resident=resident,
        grid=resident.grid,
        visited_by=by,
        visited_at=at or timezone.now(),
        method=method,
        findings=findings,
        **fields,
    )
    return visit


__all__ = ["add_to_group", "ledger", "make_household", "make_resident", "make_visit"]
