"""Event figures from the records, rolled up the grid tree.

Which period an event counts in: the local (Asia/Shanghai) date of its `reported_at`. Every
figure for a period is about the events *reported* in it — how many of them were accepted,
resolved, resolved in time, rated — so a month's 办结率 keeps rising as its events are
resolved later, and the figures of a period never mix events of two cohorts. The dashboard,
the API, the PDF blocks and the tally kinds computed from events all read these functions.

A subtree is a prefix of the denormalised `grid_path` (one indexed range); a figure per child
node groups on the first characters of that path in the same query, never one query per child.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    Count,
    DurationField,
    Exists,
    F,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from governance.events.models import (
    DONE_STATES,
    OPEN_STATES,
    SATISFIED_RATINGS,
    Event,
    EventMove,
    EventState,
    MoveAction,
)
from governance.figures import in_subtrees, rate
from governance.models import Grid
from governance.periods import Period

DONE = Q(state__in=DONE_STATES)
TIMED = DONE & Q(accepted_at__isnull=False)


@dataclass
class EventFigures:
    """The figures of a set of events; the rates are None when their denominator is 0."""

    by_state: dict[str, int] = field(default_factory=dict)
    accepted: int = 0
    on_the_spot: int = 0
    along_the_loop: int = 0
    resolved_in_time: int = 0
    rated: int = 0
    satisfied: int = 0
    timed: int = 0
    handling_time: datetime.timedelta = datetime.timedelta(0)

    @property
    def reported(self) -> int:
        return sum(self.by_state.values())

    @property
    def resolved(self) -> int:
        return self.on_the_spot + self.along_the_loop

    @property
    def open(self) -> int:
        return sum(self.by_state.get(state, 0) for state in OPEN_STATES)

    @property
    def resolution_rate(self) -> float | None:
        """办结率: resolved ÷ accepted."""
        return rate(self.resolved, self.accepted)

    @property
    def timeliness_rate(self) -> float | None:
        """及时率: resolved in time ÷ resolved."""
        return rate(self.resolved_in_time, self.resolved)

    @property
    def satisfaction_rate(self) -> float | None:
        """满意率: rated 满意 or 非常满意 ÷ rated."""
        return rate(self.satisfied, self.rated)

    @property
    def average_handling_hours(self) -> float | None:
        """From acceptance to resolution, over the resolved events that were accepted here."""
        if not self.timed:
            return None
        return round(self.handling_time.total_seconds() / 3600 / self.timed, 1)

    def states(self) -> list[tuple[EventState, int]]:
        return [(state, self.by_state.get(state, 0)) for state in EventState]

    def add_row(self, row: dict) -> None:
        self.by_state[row["state"]] = self.by_state.get(row["state"], 0) + row["n"]
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + row[name])
        self.handling_time += row["handling_time"] or datetime.timedelta(0)

    def merge(self, other: "EventFigures") -> None:
        """Add another set's figures (a child's into its parent's)."""
        for state, count in other.by_state.items():
            self.by_state[state] = self.by_state.get(state, 0) + count
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.handling_time += other.handling_time


COUNTS = (
    "accepted",
    "on_the_spot",
    "along_the_loop",
    "resolved_in_time",
    "rated",
    "satisfied",
    "timed",
)


# One row per state (and per child): conditional counts, summed in Python.
AGGREGATES = {
    "n": Count("pk"),
    "accepted": Count("pk", filter=Q(accepted_at__isnull=False) | DONE),
    "on_the_spot": Count("pk", filter=DONE & Q(escalated=False)),
    "along_the_loop": Count("pk", filter=DONE & Q(escalated=True)),
    "resolved_in_time": Count("pk", filter=DONE & Q(resolved_in_time=True)),
    "rated": Count("rating"),
    "satisfied": Count("pk", filter=Q(rating__in=SATISFIED_RATINGS)),
    "timed": Count("pk", filter=TIMED),
    "handling_time": Sum(
        F("resolved_at") - F("accepted_at"), filter=TIMED, output_field=DurationField()
    ),
}


def resolved_or_assigned(worker) -> Q:
    """A worker's events: assigned to them now, or resolved by them."""
    resolved_by = EventMove.objects.filter(
        event=OuterRef("pk"), action=MoveAction.RESOLVE, by=worker
    )
    return Q(assignee=worker) | Q(Exists(resolved_by))


def events_in(period: Period, paths: Sequence[str], *, worker=None):
    """The events reported in `period` under `paths`, optionally only a worker's."""
    events = Event.objects.filter(in_subtrees(paths, "grid_path")).reported_in(period)
    if worker is not None:
        events = events.filter(resolved_or_assigned(worker))
    return events


def event_figures(node: Grid, period: Period, *, worker=None) -> EventFigures:
    """The figures of `node`'s subtree for `period`: one query, whatever the number of events."""
    return figures_within([node.path], period, worker=worker)


def figures_within(paths: Sequence[str], period: Period, *, worker=None) -> EventFigures:
    figures = EventFigures()
    rows = events_in(period, paths, worker=worker).values("state").annotate(**AGGREGATES)
    for row in rows.order_by():
        figures.add_row(row)
    return figures


def child_prefix(node_path: str) -> tuple[int, Substr]:
    length = len(node_path) + Grid.steplen
    return length, Substr("grid_path", 1, length)


def figures_by_child(node: Grid, period: Period, *, worker=None) -> list[tuple[Grid, EventFigures]]:
    """The same figures for each child of `node`, in two queries (the children, and one
    grouped on the child's prefix of `grid_path`). Events reported at `node` itself, if any,
    come first, under `node`."""
    children = list(node.get_children().order_by("path"))
    _, prefix = child_prefix(node.path)
    rows = (
        events_in(period, [node.path], worker=worker)
        .annotate(child_path=prefix)
        .values("child_path", "state")
        .annotate(**AGGREGATES)
        .order_by()
    )
    by_path: dict[str, EventFigures] = {}
    for row in rows:
        by_path.setdefault(row["child_path"], EventFigures()).add_row(row)
    own = [(node, by_path[node.path])] if node.path in by_path else []
    return own + [(child, by_path.get(child.path, EventFigures())) for child in children]


def figures_by_node(nodes: Sequence[Grid], period: Period) -> list[tuple[Grid, EventFigures]]:
    """The figures of several disjoint subtrees (a user's, at any depths): one query, grouped
    on which of the nodes' paths each event's `grid_path` starts with."""
    if not nodes:
        return []
    which = Case(
        *(When(grid_path__startswith=node.path, then=Value(node.path)) for node in nodes),
        output_field=CharField(),
    )
    rows = (
        events_in(period, [node.path for node in nodes])
        .annotate(node_path=which)
        .values("node_path", "state")
        .annotate(**AGGREGATES)
        .order_by()
    )
    by_path: dict[str, EventFigures] = {}
    for row in rows:
        by_path.setdefault(row["node_path"], EventFigures()).add_row(row)
    return [(node, by_path.get(node.path, EventFigures())) for node in nodes]


@dataclass(frozen=True)
class CategoryCount:
    code: str
    name: str
    count: int


def top_categories(
    paths: Sequence[str], period: Period, *, worker=None, limit: int = 5
) -> list[CategoryCount]:
    """The categories with most events reported in the period, most first: one query."""
    rows = (
        events_in(period, paths, worker=worker)
        .values("category__code", "category__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "category__name")[:limit]
    )
    return [CategoryCount(row["category__code"], row["category__name"], row["n"]) for row in rows]


def local_month(value) -> datetime.date:
    """TruncMonth's value as the first day of the local month (PostgreSQL answers in UTC)."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date()
    return value


def monthly(paths: Sequence[str], period: Period, condition: Q | None = None) -> dict:
    """{first day of month: count} of the events reported in each month: one query."""
    events = events_in(period, paths)
    if condition is not None:
        events = events.filter(condition)
    rows = (
        events.annotate(month=TruncMonth("reported_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {local_month(row["month"]): row["n"] for row in rows}


def reported_and_resolved_by_month(paths: Sequence[str], period: Period) -> list[tuple]:
    """[(first day of month, reported, resolved)] for every month of the period: one query."""
    rows = (
        events_in(period, paths)
        .annotate(month=TruncMonth("reported_at"))
        .values("month")
        .annotate(reported=Count("pk"), resolved=Count("pk", filter=DONE))
        .order_by()
    )
    found = {local_month(row["month"]): (row["reported"], row["resolved"]) for row in rows}
    return [(month, *found.get(month, (0, 0))) for month in period.months()]


def by_child_prefix(
    node_path: str, length: int, period: Period, condition: Q | None = None
) -> dict[str, int]:
    """{child path: count} of the events reported in the period under `node_path`: one query."""
    events = events_in(period, [node_path])
    if condition is not None:
        events = events.filter(condition)
    rows = (
        events.annotate(child_path=Substr("grid_path", 1, length))
        .values("child_path")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["child_path"]: row["n"] for row in rows}


# Ages of open events, in days since they were reported: (label, from, until).
AGE_BUCKETS = (
    ("≤1天", 0, 1),
    ("1–3天", 1, 3),
    ("3–7天", 3, 7),
    ("7–30天", 7, 30),
    (">30天", 30, None),
)


@dataclass(frozen=True)
class AgeBucket:
    label: str
    count: int
    reported_from: datetime.datetime | None
    reported_until: datetime.datetime


def open_by_age(paths: Sequence[str], now: datetime.datetime) -> list[AgeBucket]:
    """Open events under `paths` by how long ago they were reported: one query."""
    bounds = []
    counts = {}
    for index, (label, younger, older) in enumerate(AGE_BUCKETS):
        until = now - datetime.timedelta(days=younger)
        since = now - datetime.timedelta(days=older) if older is not None else None
        condition = Q(reported_at__lte=until)
        if since is not None:
            condition &= Q(reported_at__gt=since)
        counts[f"b{index}"] = Count("pk", filter=condition)
        bounds.append((label, since, until))
    row = Event.objects.filter(in_subtrees(paths, "grid_path"), state__in=OPEN_STATES).aggregate(
        **counts
    )
    return [
        AgeBucket(label, row[f"b{index}"], since, until)
        for index, (label, since, until) in enumerate(bounds)
    ]


@dataclass(frozen=True)
class OverdueEvent:
    number: str
    title: str
    node: str
    deadline: datetime.datetime


def overdue_events(
    paths: Sequence[str], period: Period, now: datetime.datetime, *, limit: int = 50
) -> list[OverdueEvent]:
    """Events reported in the period that are still open past their deadline at `now`, oldest
    deadline first: number, title, where they stand, deadline — never the reporter."""
    rows = (
        events_in(period, paths)
        .overdue(now)
        .order_by("deadline", "pk")
        .values_list(
            "number", "title", "handling_grid__name", "handling_department__name", "deadline"
        )[:limit]
    )
    return [
        OverdueEvent(number, title, grid or department or "", deadline)
        for number, title, grid, department, deadline in rows
    ]


def records_start(district_path: str) -> datetime.date | None:
    """The local date of the first event reported in a district (imported ones included)."""
    first = (
        Event.objects.filter(grid_path__startswith=district_path)
        .order_by("reported_at")
        .values_list("reported_at", flat=True)
        .first()
    )
    return timezone.localtime(first).date() if first else None
