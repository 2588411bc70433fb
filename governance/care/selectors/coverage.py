"""走访覆盖率: of the residents in the care ledger today (a special group, so a visit cycle),
the share visited within their cycle as of a day: visited at least once, and their next visit
not yet past due. Read from the ledger's clock on `Resident` (kept exact by
services/ledger.py), never from the visits, so a roll-up is one grouped query on the residents.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, Q, Value, When
from django.db.models.functions import Substr
from django.utils import timezone

from governance.care.models import Resident
from governance.figures import in_subtrees, rate
from governance.models import Grid


def covered_on(day: datetime.date) -> Q:
    return Q(last_visited_on__isnull=False, next_visit_due__gte=day)


@dataclass
class Coverage:
    ledger: int = 0
    covered: int = 0

    @property
    def coverage(self) -> float | None:
        return rate(self.covered, self.ledger)

    @property
    def uncovered(self) -> int:
        return self.ledger - self.covered

    def merge(self, other: "Coverage") -> None:
        self.ledger += other.ledger
        self.covered += other.covered


def aggregates(day: datetime.date) -> dict:
    return {"ledger": Count("pk"), "covered": Count("pk", filter=covered_on(day))}


def coverage_within(paths: Sequence[str], day: datetime.date | None = None) -> Coverage:
    """The coverage of the union of the subtrees `paths` as of `day` (default today): one query."""
    day = day or timezone.localdate()
    row = Resident.objects.in_ledger().filter(in_subtrees(paths)).aggregate(**aggregates(day))
    return Coverage(row["ledger"], row["covered"])


def coverage_by_child(node: Grid, day: datetime.date | None = None) -> list[tuple[Grid, Coverage]]:
    """The coverage of each child of `node`, in two queries (the children, and one grouped on
    the child's prefix of the grid path). Residents of `node` itself, if any, come first."""
    day = day or timezone.localdate()
    children = list(node.get_children().order_by("path"))
    length = len(node.path) + Grid.steplen
    rows = (
        Resident.objects.in_ledger()
        .filter(grid__path__startswith=node.path)
        .annotate(child_path=Substr("grid__path", 1, length))
        .values("child_path")
        .annotate(**aggregates(day))
        .order_by()
    )
    by_path = {row["child_path"]: Coverage(row["ledger"], row["covered"]) for row in rows}
    own = [(node, by_path[node.path])] if node.path in by_path else []
    return own + [(child, by_path.get(child.path, Coverage())) for child in children]


def coverage_by_node(
    nodes: Sequence[Grid], day: datetime.date | None = None
) -> list[tuple[Grid, Coverage]]:
    """The coverage of several disjoint subtrees (a user's, at any depths): one query."""
    if not nodes:
        return []
    day = day or timezone.localdate()
    which = Case(
        *(When(grid__path__startswith=node.path, then=Value(node.path)) for node in nodes),
        output_field=CharField(),
    )
    rows = (
        Resident.objects.in_ledger()
        .filter(in_subtrees([node.path for node in nodes]))
        .annotate(node_path=which)
        .values("node_path")
        .annotate(**aggregates(day))
        .order_by()
    )
    by_path = {row["node_path"]: Coverage(row["ledger"], row["covered"]) for row in rows}
    return [(node, by_path.get(node.path, Coverage())) for node in nodes]
