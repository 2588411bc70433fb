"""The events' figures for the admin's grid map (governance/geo/map_figures.py), read by the
dashboard's own selectors: the open events however old, and 办结率 over the dashboard's window."""

from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from governance.events.dashboard import EARLIEST, MONTHS_SHOWN, recent_months
from governance.events.selectors import figures_by_child, figures_by_node
from governance.geo.map_figures import MORE_IS_BETTER, MORE_IS_WORSE, MapFigure
from governance.periods import Period


def until(day) -> Period:
    """Every event reported up to `day`: an open event counts however long ago it came in."""
    return Period(EARLIEST, day, "")


OPEN_EVENTS = MapFigure(
    key="events.open",
    label=_("Open events"),
    of_children=lambda node, day: {
        grid.path: figures.open for grid, figures in figures_by_child(node, until(day))
    },
    of_nodes=lambda nodes, day: {
        grid.path: figures.open for grid, figures in figures_by_node(nodes, until(day))
    },
    unit=_("items (件)"),
    direction=MORE_IS_WORSE,
    order=10,
)

RESOLUTION_RATE = MapFigure(
    key="events.resolution_rate",
    label=lazy(
        lambda: gettext("Resolution rate, last %(count)d months") % {"count": MONTHS_SHOWN}, str
    )(),
    of_children=lambda node, day: {
        grid.path: figures.resolution_rate
        for grid, figures in figures_by_child(node, recent_months(day))
    },
    of_nodes=lambda nodes, day: {
        grid.path: figures.resolution_rate
        for grid, figures in figures_by_node(nodes, recent_months(day))
    },
    is_rate=True,
    direction=MORE_IS_BETTER,
    order=20,
)

EVENT_MAP_FIGURES = (OPEN_EVENTS, RESOLUTION_RATE)
