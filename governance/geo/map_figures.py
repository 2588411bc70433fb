"""The figures the admin's grid map (网格地图) colours grids by.

The core offers households; an app adds its own from `AppConfig.ready()` (the events app its
open events and 办结率, the care app its visit coverage), computed by the same selectors as its
dashboard panel, so a grid's colour and the dashboard never disagree. The core never imports
an app to find them.

Each figure answers for the children of one node, or for a few disjoint nodes (a user's
subtrees), in a fixed number of queries: {grid path: value}, None where there is nothing to
measure (a rate without a denominator).
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from governance.models import Grid
from governance.selectors import with_subtree_totals

# Which end of the scale is the good one decides the colours (governance/geo/scales.py).
MORE_IS_WORSE, MORE_IS_BETTER, NEUTRAL = "worse", "better", "neutral"

Values = dict[str, float | int | None]


@dataclass(frozen=True)
class MapFigure:
    key: str
    label: str
    # (node, day) -> {child path: value}
    of_children: Callable[[Grid, datetime.date], Values]
    # (nodes, day) -> {node path: value}
    of_nodes: Callable[[Sequence[Grid], datetime.date], Values]
    # A share from 0 to 1, shown as a percentage on a fixed scale.
    is_rate: bool = False
    unit: str = ""
    direction: str = NEUTRAL
    order: int = 100


def households_of(grids: QuerySet) -> Values:
    """A grid's own households, or where it has none filled in, its subtree's total (as the
    grid listing shows them): one query."""
    return {
        grid.path: grid.households or grid.households_below
        for grid in with_subtree_totals(grids.order_by()).only("path", "households")
    }


HOUSEHOLDS = MapFigure(
    key="households",
    label=_("households"),
    of_children=lambda node, day: households_of(node.get_children()),
    of_nodes=lambda nodes, day: households_of(Grid.objects.filter(pk__in=[n.pk for n in nodes])),
    unit=_("households (户)"),
    order=40,
)

_figures: dict[str, MapFigure] = {HOUSEHOLDS.key: HOUSEHOLDS}


def register(figure: MapFigure) -> None:
    _figures[figure.key] = figure


def get(key: str) -> MapFigure | None:
    return _figures.get(key)


def offered() -> list[MapFigure]:
    """In the order the chooser lists them; the first is the default."""
    return sorted(_figures.values(), key=lambda figure: (figure.order, figure.key))
