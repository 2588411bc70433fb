"""需求 → 任务 → 项目: the figures of the three lists, counted from the records and rolled up the
grid tree, per node and per `Period` (a month, a quarter, a year or a date range).

Which records count, and in which period (the local date of the field named):
- needs: every `Need` by `collected_on`, whatever its status — a need collected is a need
  collected. Of those, `needs_declined` (status declined) and `needs_awaiting` (status new:
  awaiting triage).
- tasks: `Task`s by `created_on`, except cancelled ones. Of those, `tasks_done`,
  `tasks_done_on_time` (done, and `done_on` <= `due_on`) and `tasks_overdue` (still open and
  today — the workflow's `today()` unless given — past `due_on`; `due_on` counts working days).
- projects: `Project`s by `claimed_on`, except dropped ones. Of those, `projects_done`.

Every figure of a period is about that period's records (its cohort), as the events' figures
are: October's `tasks_done` are the tasks created in October that are done by now, so a
month's done counts rise as its work is finished later. A record counts where it was recorded
(its own `grid`); a subtree is a prefix of the grid path, and a figure per child node groups on
the first characters of that path in the same query. Each function runs one query per list
(three at most, plus the children where named), whatever the number of records or children.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields

from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.db.models.functions import Substr, TruncMonth

from governance.figures import in_subtrees
from governance.models import Grid
from governance.officials.models import (
    Need,
    NeedStatus,
    Project,
    ProjectStatus,
    Task,
    TaskStatus,
)
from governance.officials.services import workflow
from governance.periods import Period

TASK_DONE = Q(status=TaskStatus.DONE)


@dataclass(frozen=True)
class CountedList:
    """One of the three lists: its model, the date that places a record in a period, which
    records count at all, and the conditional counts of a group (given today's date)."""

    model: type
    dated_by: str
    kept: Q | None
    aggregates: Callable[[datetime.date], dict]


NEEDS = CountedList(
    model=Need,
    dated_by="collected_on",
    kept=None,
    aggregates=lambda today: {
        "needs": Count("pk"),
        "needs_declined": Count("pk", filter=Q(status=NeedStatus.DECLINED)),
        "needs_awaiting": Count("pk", filter=Q(status=NeedStatus.NEW)),
    },
)
TASKS = CountedList(
    model=Task,
    dated_by="created_on",
    kept=~Q(status=TaskStatus.CANCELLED),
    aggregates=lambda today: {
        "tasks": Count("pk"),
        "tasks_done": Count("pk", filter=TASK_DONE),
        "tasks_done_on_time": Count("pk", filter=TASK_DONE & Q(done_on__lte=F("due_on"))),
        "tasks_overdue": Count("pk", filter=Q(status=TaskStatus.OPEN, due_on__lt=today)),
    },
)
PROJECTS = CountedList(
    model=Project,
    dated_by="claimed_on",
    kept=~Q(status=ProjectStatus.DROPPED),
    aggregates=lambda today: {
        "projects": Count("pk"),
        "projects_done": Count("pk", filter=Q(status=ProjectStatus.DONE)),
    },
)
LISTS = (NEEDS, TASKS, PROJECTS)


@dataclass
class ListFigures:
    """The counts of one node (or subtree) for one period."""

    needs: int = 0
    needs_declined: int = 0
    needs_awaiting: int = 0
    tasks: int = 0
    tasks_done: int = 0
    tasks_done_on_time: int = 0
    tasks_overdue: int = 0
    projects: int = 0
    projects_done: int = 0

    def add(self, counts: dict) -> None:
        """Add a query row's counts (a row carries the counts of one list only)."""
        for name in COUNTS:
            if name in counts:
                setattr(self, name, getattr(self, name) + (counts[name] or 0))

    def merge(self, other: "ListFigures") -> None:
        """Add another set's figures (a child's into its parent's)."""
        self.add({name: getattr(other, name) for name in COUNTS})


COUNTS = tuple(field.name for field in fields(ListFigures))


def records(counted: CountedList, paths: Sequence[str], period: Period):
    """The list's records that count in `period` under `paths`."""
    rows = counted.model.objects.filter(
        in_subtrees(paths), **{f"{counted.dated_by}__range": (period.start, period.end)}
    )
    return rows if counted.kept is None else rows.filter(counted.kept)


def figures_within(
    paths: Sequence[str], period: Period, today: datetime.date | None = None
) -> ListFigures:
    """The figures of the union of the subtrees at `paths`: one query per list."""
    today = today or workflow.today()
    figures = ListFigures()
    for counted in LISTS:
        figures.add(records(counted, paths, period).aggregate(**counted.aggregates(today)))
    return figures


def grouped(
    paths: Sequence[str], period: Period, group, today: datetime.date | None
) -> dict[str, ListFigures]:
    """{group value: figures}, the records grouped by the expression `group`: one query per
    list."""
    today = today or workflow.today()
    found: dict[str, ListFigures] = {}
    for counted in LISTS:
        rows = (
            records(counted, paths, period)
            .annotate(group=group)
            .values("group")
            .annotate(**counted.aggregates(today))
            .order_by()
        )
        for row in rows:
            found.setdefault(row["group"], ListFigures()).add(row)
    return found


def child_prefix(node_path: str) -> Substr:
    return Substr("grid__path", 1, len(node_path) + Grid.steplen)


def figures_by_child_path(
    node: Grid, period: Period, today: datetime.date | None = None
) -> dict[str, ListFigures]:
    """{child path: figures} under `node` (the node's own path for records at the node)."""
    return grouped([node.path], period, child_prefix(node.path), today)


def figures_by_child(
    node: Grid, period: Period, today: datetime.date | None = None
) -> list[tuple[Grid, ListFigures]]:
    """The figures of each child of `node`, every child listed (zeros when it has no record),
    and first `node` itself when records were made at the node directly: four queries."""
    children = list(node.get_children().order_by("path"))
    return with_children(node, children, figures_by_child_path(node, period, today))


def with_children(
    node: Grid, children: Sequence[Grid], by_path: dict[str, ListFigures]
) -> list[tuple[Grid, ListFigures]]:
    own = [(node, by_path[node.path])] if node.path in by_path else []
    return own + [(child, by_path.get(child.path, ListFigures())) for child in children]


def figures_by_node(
    nodes: Sequence[Grid], period: Period, today: datetime.date | None = None
) -> list[tuple[Grid, ListFigures]]:
    """The figures of several disjoint subtrees (a user's, at any depths): one query per list,
    grouped on which of the nodes' paths a record's grid path starts with."""
    if not nodes:
        return []
    which = Case(
        *(When(grid__path__startswith=node.path, then=Value(node.path)) for node in nodes),
        output_field=CharField(),
    )
    by_path = grouped([node.path for node in nodes], period, which, today)
    return [(node, by_path.get(node.path, ListFigures())) for node in nodes]


# For the tally kinds computed from records (governance/figures.py, officials/figures.py).


def monthly(counted: CountedList, paths: Sequence[str], period: Period) -> dict:
    """{first day of month: records} of one list under `paths`: one query."""
    rows = (
        records(counted, paths, period)
        .annotate(month=TruncMonth(counted.dated_by))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["month"]: row["n"] for row in rows}


def by_child_prefix(
    counted: CountedList, node_path: str, length: int, period: Period
) -> dict[str, int]:
    """{child path: records} of one list under `node_path` (children's paths are `length`
    long): one query."""
    rows = (
        records(counted, [node_path], period)
        .annotate(child_path=Substr("grid__path", 1, length))
        .values("child_path")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["child_path"]: row["n"] for row in rows}


def records_start(counted: CountedList, district_path: str) -> datetime.date | None:
    """The date of a district's first record of the list that counts."""
    rows = counted.model.objects.filter(grid__path__startswith=district_path)
    if counted.kept is not None:
        rows = rows.filter(counted.kept)
    return rows.order_by(counted.dated_by).values_list(counted.dated_by, flat=True).first()
