"""Figures that apps compute from their records, for tally kinds that are not typed by hand.

The core knows figures only by key: an app registers its own in `AppConfig.ready()`, and a
`TallyKind` whose `computed_from` names a key takes its values from the records. The core never
imports an app to find them (apps depend on the core, never the other way round).
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import Q

from governance.periods import Period


def rate(part: int, whole: int) -> float | None:
    """A share rounded to 4 places (0.9999 = 99.99%), or None when there is nothing to divide."""
    return round(part / whole, 4) if whole else None


def in_subtrees(paths: Sequence[str], path_field: str = "grid__path") -> Q:
    """Rows anywhere under any of `paths` (an empty path is the whole tree)."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{path_field}__startswith": path})
    return condition


@dataclass(frozen=True)
class Figure:
    """A count derived from records, by month and by child node, over the same `Period`s."""

    key: str
    label: str
    # (subtree paths, period) -> {first day of month: count}, over the union of the subtrees.
    by_month: Callable[[Sequence[str], Period], dict[datetime.date, int]]
    # (node path, child path length, period) -> {child path: count}.
    by_child: Callable[[str, int, Period], dict[str, int]]
    # (district path) -> the local date of the district's first record, or None.
    records_start: Callable[[str], datetime.date | None]

    def total(self, paths: Sequence[str], period: Period) -> int:
        return sum(self.by_month(paths, period).values())


_figures: dict[str, Figure] = {}


def register(figure: Figure) -> None:
    _figures[figure.key] = figure


def get(key: str) -> Figure | None:
    return _figures.get(key) if key else None


def choices() -> list[tuple[str, str]]:
    """For TallyKind.computed_from: the figures the installed apps offer."""
    return [(figure.key, figure.label) for figure in _figures.values()]
