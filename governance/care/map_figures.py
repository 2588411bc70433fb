"""The care ledger's figure for the admin's grid map (governance/geo/map_figures.py): 走访覆盖率
as of the day, by the dashboard panel's selectors."""

from django.utils.translation import gettext_lazy as _

from governance.care.selectors import coverage_by_child, coverage_by_node
from governance.geo.map_figures import MORE_IS_BETTER, MapFigure

VISIT_COVERAGE = MapFigure(
    key="care.coverage",
    label=_("Visit coverage"),
    of_children=lambda node, day: {
        grid.path: coverage.coverage for grid, coverage in coverage_by_child(node, day)
    },
    of_nodes=lambda nodes, day: {
        grid.path: coverage.coverage for grid, coverage in coverage_by_node(nodes, day)
    },
    is_rate=True,
    direction=MORE_IS_BETTER,
    order=30,
)

CARE_MAP_FIGURES = (VISIT_COVERAGE,)
