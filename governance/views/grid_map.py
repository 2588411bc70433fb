"""网格地图 at /admin/registry/map/?node=<id>&figure=<key>: the grids under a node the user
sees, coloured by a figure (governance/geo/map_figures.py), with a legend and a table of the
same values. `node` may be given up to three times (the district, street and community
choosers): the deepest that lies under the one before wins. Without one, the top of the user's
tree: the children of their one subtree, or their subtrees side by side.

Grids and ids the user may not see are answered 404 like ids that name nothing, so the map
tells nobody what exists outside their part of the tree. A fixed number of queries, whatever
the number of grids.
"""

from dataclasses import dataclass, field

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from governance.geo import map_figures
from governance.geo.map_figures import MapFigure
from governance.geo.scales import Scale, count_scale, rate_scale, shown
from governance.geo.shapes import BoundaryError, simplified, to_shape
from governance.models import Grid, GridLevel
from governance.permissions import CHANGE, VIEW, GridScope, scope_for
from governance.viewsets.scoped import is_record_id

# Streets and communities are drawn a screen wide: vertices closer than this to the line are
# invisible and only weigh on the page.
MAP_TOLERANCE_METRES = 5.0
CHOOSER_LEVELS = (GridLevel.DISTRICT, GridLevel.STREET, GridLevel.COMMUNITY)
GRID_FIELDS = ("pk", "name", "code", "level", "kind", "path", "depth", "numchild", "boundary")


class Refusal(Exception):
    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


@dataclass
class Chooser:
    level: int
    label: str
    options: list[Grid]
    chosen: Grid | None


@dataclass
class GridMap:
    node: Grid | None
    figure: MapFigure
    grids: list[Grid]
    values: dict
    scale: Scale
    trail: list[Grid] = field(default_factory=list)


def figure_from(key: str | None) -> MapFigure:
    offered = map_figures.offered()
    if not key:
        return offered[0]
    figure = map_figures.get(key)
    if figure is None:
        raise Refusal(
            _("The map has no figure “%(key)s”; choose one from the list.") % {"key": key[:40]},
            400,
        )
    return figure


def not_found() -> Refusal:
    return Refusal(_("No grid with this number is among those you may see."), 404)


def node_from(scope: GridScope, values: list[str]) -> Grid | None:
    """The deepest of the nodes named that lies under the one named before it (the choosers
    above a changed one still hold the old choice); any id the user may not see is a 404."""
    ids = [value.strip() for value in values if value.strip()]
    if len(ids) > len(CHOOSER_LEVELS) + 1:
        raise Refusal(_("Name at most four grids."), 400)
    if not all(is_record_id(value) for value in ids):
        raise not_found()
    found = Grid.objects.only(*GRID_FIELDS, "households").in_bulk([int(value) for value in ids])
    node = None
    for value in ids:
        grid = found.get(int(value))
        if grid is None or not scope.allows(VIEW, grid.path):
            raise not_found()
        if node is None or (grid.path.startswith(node.path) and grid.pk != node.pk):
            node = grid
    return node


def choosers(scope: GridScope, trail: list[Grid]) -> list[Chooser]:
    """A district, a street and a community list of the grids the user sees, each narrowed to
    the choice above it. A level is offered once the level above is chosen, or when the user
    sees nothing above it (a community editor gets their communities at once)."""
    chosen = {grid.level: grid for grid in trail}
    top_depth = min((len(path) // Grid.steplen for path in scope.roots(VIEW)), default=1) or 1
    labels = dict(GridLevel.choices)
    found = []
    for level in CHOOSER_LEVELS:
        above = chosen.get(level - 1)
        if level > top_depth and above is None:
            break
        options = scope.visible_grids(VIEW).filter(level=level)
        if above is not None:
            options = options.filter(path__startswith=above.path)
        options = list(options.only("pk", "name", "path", "level").order_by("path"))
        if options:
            found.append(Chooser(level, labels[level], options, chosen.get(level)))
    return found


def grids_drawn(scope: GridScope, node: Grid | None) -> tuple[Grid | None, list[Grid], bool]:
    """(the node mapped, the grids coloured, whether they are its children)."""
    if node is None:
        roots, single = scope.root_nodes(VIEW)
        if single is None:
            return None, roots, False
        node = single
    children = list(
        Grid.objects.filter(path__startswith=node.path, depth=node.depth + 1)
        .only(*GRID_FIELDS)
        .order_by("path")
    )
    if children:
        return node, children, True
    return node, [node], False


def grid_map_of(request) -> GridMap:
    scope = scope_for(request)
    if not scope.allows_anywhere(VIEW):
        raise Refusal(_("You have no grids to draw on a map."), 403)
    figure = figure_from(request.GET.get("figure"))
    node, grids, are_children = grids_drawn(scope, node_from(scope, request.GET.getlist("node")))
    today = timezone.localdate()
    if are_children:
        values = figure.of_children(node, today)
    else:
        values = figure.of_nodes(grids, today)
    values = {grid.path: values.get(grid.path) for grid in grids}
    if figure.is_rate:
        scale = rate_scale(figure.direction)
    else:
        scale = count_scale(values.values(), figure.direction)
    trail = [] if node is None else [*node.breadcrumbs(), node]
    trail = [grid for grid in trail if scope.allows(VIEW, grid.path)]
    return GridMap(node, figure, grids, values, scale, trail)


def map_url(grid: Grid | None, figure: MapFigure) -> str:
    query = {"figure": figure.key}
    if grid is not None:
        query = {"node": grid.pk, **query}
    return f"{reverse('governance_grid_map')}?{urlencode(query)}"


def grid_links(scope: GridScope, grid: Grid, figure: MapFigure) -> dict:
    """Where a grid leads: the map one level down when it has grids below, and its own page
    (the edit form where the user may change it)."""
    may_change = scope.allows(CHANGE, grid.path)
    view = "edit" if may_change else "inspect"
    return {
        "below": map_url(grid, figure) if grid.numchild else "",
        "page": reverse(f"wagtailsnippets_governance_grid:{view}", args=[grid.pk]),
        "page_label": _("Edit") if may_change else _("View"),
    }


def outline(grid: Grid | None) -> dict | None:
    if grid is None or not grid.boundary:
        return None
    try:
        return simplified(to_shape(grid.boundary), MAP_TOLERANCE_METRES)
    except BoundaryError:
        return None


def short_name(grid: Grid, node: Grid | None) -> str:
    """The name inside the node's map: 华府社区1号网格 is 1号网格 on 华府社区's."""
    if node is not None and grid.name.startswith(node.name) and grid.name != node.name:
        return grid.name[len(node.name) :]
    return grid.name


def rows_and_features(scope: GridScope, grid_map: GridMap) -> tuple[list[dict], dict]:
    rows, features = [], []
    figure = grid_map.figure
    for grid in grid_map.grids:
        value = grid_map.values[grid.path]
        links = grid_links(scope, grid, figure)
        row = {
            "grid": grid,
            "value": shown(value, is_rate=figure.is_rate),
            "colour": grid_map.scale.colour(value),
            "has_boundary": False,
            **links,
        }
        geometry = outline(grid)
        if geometry is not None:
            row["has_boundary"] = True
            features.append(
                {
                    "type": "Feature",
                    "geometry": geometry,
                    "properties": {
                        "code": grid.code,
                        "name": grid.name,
                        "label": short_name(grid, grid_map.node),
                        "value": value,
                        "shown": row["value"],
                        "colour": row["colour"],
                        "url": links["below"] or links["page"],
                    },
                }
            )
        rows.append(row)
    return rows, {"type": "FeatureCollection", "features": features}


def refusal_response(request, refusal: Refusal) -> TemplateResponse:
    return TemplateResponse(
        request,
        "governance/admin/refusal.html",
        {"title": _("Grid map"), "message": str(refusal)},
        status=refusal.status,
    )


def grid_map(request):
    scope = scope_for(request)
    try:
        grid_map = grid_map_of(request)
    except Refusal as refusal:
        return refusal_response(request, refusal)
    rows, features = rows_and_features(scope, grid_map)
    figure = grid_map.figure
    return TemplateResponse(
        request,
        "governance/admin/grid_map.html",
        {
            "grid_map": grid_map,
            "rows": rows,
            "drawn": {"grids": features, "outline": outline(grid_map.node)},
            "choosers": choosers(scope, grid_map.trail),
            "figures": map_figures.offered(),
            "unit": figure.unit,
            "top_url": map_url(None, figure),
            "trail": [(grid, map_url(grid, figure)) for grid in grid_map.trail],
            "missing": sum(1 for row in rows if not row["has_boundary"]),
        },
    )
