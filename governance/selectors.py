"""Reads that views, the API and reports share: roll-ups and headline figures."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from governance.figures import in_subtrees
from governance.models import (
    Grid,
    GridLevel,
    Person,
    ServicePoint,
    TallyEntry,
    TallyKind,
    TallySummary,
    VolunteerTeam,
)
from governance.periods import Period


def tallies_within(period: Period, paths=("",)):
    """What sums to the tally entries under `paths` (none inside another; "" is the whole
    tree) whose whole period lies inside `period`: the summary's rows of those nodes for a
    period of whole months, else the entries themselves. Both give `totals_by_kind()` and
    `totals_by_kind_and_month()`, filter on `kind` and answer `exists()` alike."""
    if period.is_whole_months:
        return TallySummary.objects.within(period).at(paths)
    return TallyEntry.objects.within(period).filter(in_subtrees(paths))


def tallies_under(node: Grid, period: Period):
    """`tallies_within` for one node's subtree, by the node's id (no join on the tree)."""
    if period.is_whole_months:
        return TallySummary.objects.within(period).filter(node=node)
    return TallyEntry.objects.within(period).in_subtree(node)


@dataclass
class RollupRow:
    kind: TallyKind
    by_month: list[int]
    total: int


@dataclass
class RollupTable:
    node: Grid
    period: Period
    months: list[datetime.date]
    rows: list[RollupRow] = field(default_factory=list)


def rollup_table(node: Grid, period: Period, *, kinds=None) -> RollupTable:
    """Kinds × months for the subtree of `node`: two queries whatever the tree's size, plus one
    per kind computed from records. A computed kind's value is its records' count plus any
    historical entries (which only exist for periods before the records start)."""
    kinds = list(kinds if kinds is not None else TallyKind.objects.filter(is_active=True))
    cells = tallies_under(node, period).filter(kind__in=kinds).totals_by_kind_and_month()
    months = period.months()
    table = RollupTable(node=node, period=period, months=months)
    for kind in kinds:
        computed = kind.figure.by_month([node.path], period) if kind.figure else {}
        by_month = [
            cells.get(kind.pk, {}).get(month, 0) + computed.get(month, 0) for month in months
        ]
        table.rows.append(RollupRow(kind=kind, by_month=by_month, total=sum(by_month)))
    return table


def rollup_total(node: Grid, kind: TallyKind, period: Period) -> int:
    totals = tallies_under(node, period).filter(kind=kind).totals_by_kind()
    computed = kind.figure.total([node.path], period) if kind.figure else 0
    return totals.get(kind.pk, 0) + computed


@dataclass
class DashboardFigures:
    grids_by_level: list[tuple[str, int]]
    people_by_role: list[tuple[str, int]]
    teams: int
    top_tallies: list[tuple[TallyKind, int]]
    period: Period


def dashboard_figures(scope, today: datetime.date) -> DashboardFigures:
    """Counts for the dashboard, limited to the user's part of the tree (a fixed query count)."""
    grids = scope.visible_grids()
    by_level = dict(grids.order_by().values_list("level").annotate(n=Count("pk")))
    people = scope.restrict(Person.objects.active(), path_field="grid__path")
    by_role = list(
        people.order_by("role__sort_order")
        .values_list("role__name")
        .annotate(n=Count("pk"))
        .order_by("role__sort_order", "role__name")
    )
    teams = scope.restrict(VolunteerTeam.objects.active(), path_field="grid__path").count()
    period = Period.month(today.year, today.month)
    if not tallies_within(period).exists():
        # Early in a month nothing is entered yet: show the last month with figures.
        previous = today.replace(day=1) - datetime.timedelta(days=1)
        period = Period.month(previous.year, previous.month)
    totals = tallies_within(period, scope.roots()).totals_by_kind()
    for kind in TallyKind.objects.filter(is_active=True).exclude(computed_from=""):
        if kind.figure:
            totals[kind.pk] = totals.get(kind.pk, 0) + kind.figure.total(scope.roots(), period)
    totals = {pk: total for pk, total in totals.items() if total}
    kinds = TallyKind.objects.in_bulk(list(totals))
    top = sorted(((kinds[pk], total) for pk, total in totals.items()), key=lambda item: -item[1])
    return DashboardFigures(
        grids_by_level=[(GridLevel(level).label, by_level.get(level, 0)) for level in GridLevel],
        people_by_role=by_role,
        teams=teams,
        top_tallies=top[:5],
        period=period,
    )


@dataclass
class SubtreeCounts:
    by_level: dict[int, int]
    households: int
    population: int
    people: int
    teams: int
    service_points: int

    @property
    def grids_by_level(self) -> list[tuple[str, int]]:
        return [(GridLevel(level).label, count) for level, count in sorted(self.by_level.items())]


def subtree_counts(node: Grid) -> SubtreeCounts:
    """What lies under a node, in five aggregate queries whatever the subtree's size."""
    below = Grid.objects.subtree(node, include_self=False)
    by_level = dict(below.order_by().values_list("level").annotate(n=Count("pk")))
    # Micro grids split their third-level grid's households: count each household once.
    counted = below.filter(level=GridLevel.GRID) if node.level < GridLevel.GRID else None
    sums = (
        counted.aggregate(households=Sum("households"), population=Sum("population"))
        if counted is not None
        else {"households": node.households, "population": node.population}
    )
    return SubtreeCounts(
        by_level=by_level,
        households=sums["households"] or 0,
        population=sums["population"] or 0,
        people=Person.objects.active().in_subtree(node).count(),
        teams=VolunteerTeam.objects.in_subtree(node).count(),
        service_points=ServicePoint.objects.in_subtree(node).count(),
    )


def with_subtree_totals(grids: QuerySet) -> QuerySet:
    """Each grid with households, population and people in post summed over its subtree, the
    way subtree_counts adds them up (third-level grids' figures, which micro grids split), as
    subqueries of the listing's one query: districts and communities rarely fill in their own."""

    def total(rows: QuerySet, aggregate):
        # A constant "group" makes one aggregate row per outer grid.
        summed = rows.order_by().values(group=Value(1)).annotate(n=aggregate).values("n")
        return Coalesce(Subquery(summed), 0, output_field=IntegerField())

    grids_below = Grid.objects.filter(path__startswith=OuterRef("path"), level=GridLevel.GRID)
    people = Person.objects.active().filter(grid__path__startswith=OuterRef("path"))
    return grids.annotate(
        households_below=total(grids_below, Sum("households")),
        population_below=total(grids_below, Sum("population")),
        people_in_subtree=total(people, Count("pk")),
    )


@dataclass
class ContactCard:
    """A third-level grid's 便民服务连心卡: its card-role people and the community's, all with a
    public phone, and the community hotline."""

    grid: Grid
    people: list
    hotline: str


def contact_cards(node: Grid) -> list[ContactCard]:
    """Cards for every third-level grid at or under `node` (a community or a grid): three
    queries whatever the size. Only people whose phone is public are ever loaded."""
    community = Grid.objects.get(path=node.path[: Grid.steplen * GridLevel.COMMUNITY])
    grids = list(Grid.objects.subtree(node).filter(level=GridLevel.GRID).order_by("kind", "code"))
    contacts = (
        Person.objects.public_contacts()
        .in_subtree(community)
        .filter(role__contact_card_order__isnull=False, grid__level__lte=GridLevel.GRID)
        .select_related("role", "grid")
        .order_by("role__contact_card_order", "name")
    )
    by_grid: dict[int, list] = {}
    community_wide = []
    for person in contacts:
        if person.grid_id == community.pk:
            community_wide.append(person)
        else:
            by_grid.setdefault(person.grid_id, []).append(person)
    return [
        ContactCard(
            grid=grid,
            people=sorted(
                by_grid.get(grid.pk, []) + community_wide,
                key=lambda person: person.role.contact_card_order,
            ),
            hotline=community.service_hotline,
        )
        for grid in grids
    ]
