"""本月待走访: the residents of the care ledger whose next visit falls due on or before the last
day of this month, overdue first, in the user's VIEW scope.

Names are shown in full only where the user sees personal data (`sees_personal_data`); an
analyst sees 王**. Phones are never part of the list. A page runs a fixed number of queries:
the page's residents with their total (household and grid joined), their groups today, and
the counts per grid.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db.models import Count
from django.utils import timezone

from governance.care.models import CareMembership, Resident
from governance.care.services.ledger import active_on
from governance.models import Grid
from governance.models.people import mask_name
from governance.paging import window_page
from governance.permissions import ADD, VIEW, GridScope


def last_day_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@dataclass
class DueRow:
    pk: int
    name: str
    address: str
    grid_name: str
    grid_code: str
    due: datetime.date
    days_overdue: int
    last_visited_on: datetime.date | None
    #: whether the user may record a visit there (an analyst reads the list only)
    may_visit: bool = False
    groups: list[str] = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


def due_residents(scope: GridScope, *, node: Grid | None = None, today=None):
    """The residents in the ledger due by the end of this month, within the scope (and the
    subtree of `node`), ordered by due date then id."""
    today = today or timezone.localdate()
    residents = scope.restrict(
        Resident.objects.in_ledger().filter(next_visit_due__lte=last_day_of_month(today)),
        VIEW,
        path_field="grid__path",
    )
    if node is not None:
        residents = residents.filter(grid__path__startswith=node.path)
    return residents.order_by("next_visit_due", "id")


def rows_of(scope: GridScope, residents, today: datetime.date) -> list[DueRow]:
    residents = list(residents)
    groups: dict[int, list[str]] = {}
    if residents:
        memberships = (
            CareMembership.objects.filter(
                active_on(today), resident_id__in=[r.pk for r in residents]
            )
            .order_by("group__sort_order", "group__name")
            .values_list("resident_id", "group__name")
        )
        for resident_id, name in memberships:
            names = groups.setdefault(resident_id, [])
            if name not in names:
                names.append(name)
    return [
        DueRow(
            pk=resident.pk,
            name=resident.name
            if scope.sees_personal_data(resident.grid.path)
            else mask_name(resident.name),
            address=resident.household.address,
            grid_name=resident.grid.name,
            grid_code=resident.grid.code,
            due=resident.next_visit_due,
            days_overdue=max((today - resident.next_visit_due).days, 0),
            last_visited_on=resident.last_visited_on,
            may_visit=scope.allows(ADD, resident.grid.path),
            groups=groups.get(resident.pk, []),
        )
        for resident in residents
    ]


def due_page(
    scope: GridScope, *, node: Grid | None = None, today=None, page=None, per_page: int = 50
) -> tuple[Page, list[DueRow]]:
    """One page of the due list and its rows: two queries (the rows with their total, groups)."""
    today = today or timezone.localdate()
    residents = (
        due_residents(scope, node=node, today=today)
        .select_related("household", "grid")
        .only(
            "id",
            "name",
            "next_visit_due",
            "last_visited_on",
            "household__building",
            "household__unit",
            "household__room",
            "grid__name",
            "grid__code",
            "grid__path",
        )
    )
    current = window_page(
        residents, page, per_page, rows=lambda fetched: rows_of(scope, fetched, today)
    )
    return current, current.object_list


def due_counts_by_grid(
    scope: GridScope, *, node: Grid | None = None, today=None
) -> list[tuple[str, str, int]]:
    """[(grid code, grid name, residents due)] by grid path: one grouped query."""
    rows = (
        due_residents(scope, node=node, today=today)
        .values("grid__path", "grid__code", "grid__name")
        .annotate(n=Count("pk"))
        .order_by("grid__path")
    )
    return [(row["grid__code"], row["grid__name"], row["n"]) for row in rows]
