"""Public registry data under /api/registry/, in the same OpenAPI document as Wagtail's pages.

Every list is paginated and runs a fixed number of queries. Contact cards carry only people
whose phone is public. The form of a code, a ring or a period is stated in the document
(`documented`) but checked here rather than by Django Ninja, so that a wrong one gets a
Chinese message saying what is wrong instead of a generic validation error.
"""

import re
from typing import Annotated

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import WithJsonSchema
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination

from governance.api.map_bounds import (
    BBOX_OR_EMPTY,
    BBOX_RULE,
    MAX_MAP_FEATURES,
    at_most_the_maximum,
    bbox_or_400,
)
from governance.api.schemas import (
    ContactCardOut,
    FeatureCollectionOut,
    GridFeatureCollectionOut,
    GridOut,
    LocatedGridOut,
    RollupOut,
    ServicePointOut,
    TallyKindOut,
    TeamOut,
)
from governance.geo.china import gcj02_to_wgs84
from governance.geo.features import subtree_boundaries
from governance.geo.locate import grids_at
from governance.models import (
    CODE_LENGTH_BY_LEVEL,
    Grid,
    GridLevel,
    ServicePoint,
    TallyKind,
    VolunteerTeam,
)
from governance.models.grids import DEEPEST_LEVEL
from governance.periods import Period
from governance.selectors import contact_cards, rollup_table
from governance.versioning import depends_on_subtree

# Apps add their own public routes to this router from their AppConfig.ready()
# (`router.add_router("", app_router)`), so they live under /api/registry/ in the same document
# without the core knowing them.
router = Router(tags=["registry"])

RINGS = (5, 10, 15)
# The API's periods are the contract's three: a month, a quarter, a year (Period.parse also
# reads the date ranges of the command line, whose validity no pattern can state).
PERIOD = re.compile(r"^[1-9]\d{3}(?:-(?:0?[1-9]|1[0-2])|-[Qq][1-4])?$", re.ASCII)


def code_pattern(levels, *, optional: bool = False) -> str:
    """A unified code of one of `levels`; `optional` also allows the empty value, which the
    optional filters read as "not given"."""
    lengths = "|".join(rf"\d{{{CODE_LENGTH_BY_LEVEL[level]}}}" for level in levels)
    return rf"^(?:{lengths}){'?' if optional else ''}$"


def documented(**schema) -> WithJsonSchema:
    """The form the document states for a value this module checks itself."""
    return WithJsonSchema(schema)


CODE = documented(type="string", pattern=code_pattern(GridLevel))
CODE_OR_EMPTY = documented(type="string", pattern=code_pattern(GridLevel, optional=True))
CARD_CODE = documented(
    type="string",
    pattern=code_pattern(level for level in GridLevel if level >= GridLevel.COMMUNITY),
)
RING = documented(type="integer", enum=list(RINGS))
PERIOD_FORM = documented(type="string", pattern=PERIOD.pattern)


def node_code_query():
    """The `grid` parameter of the figures endpoints (each endpoint needs its own instance)."""
    return Query(..., description="code of the node", examples=["410103001"])


def period_query():
    return Query(
        ...,
        description="a month (2026-10), a quarter (2026-Q3) or a year (2026)",
        examples=["2026-Q3"],
    )


def grid_ref(grid: Grid) -> dict:
    return {"code": grid.code, "name": grid.name}


def period_ref(period: Period) -> dict:
    return {"label": period.label, "start": period.start, "end": period.end}


def grid_or_404(code: str) -> Grid:
    """The node an answer is about: the response cache keeps the answer until its subtree
    changes, not until anything does."""
    try:
        grid = Grid.objects.get(code=code)
    except Grid.DoesNotExist as missing:
        raise Http404(_("No grid has the code “%(code)s”.") % {"code": code}) from missing
    depends_on_subtree(grid)
    return grid


def period_or_400(value: str) -> Period:
    """One of the contract's three periods, or a 400 saying which forms are accepted."""
    if not PERIOD.fullmatch(value):
        raise HttpError(
            400,
            _(
                "“%(value)s” is not a period: use a month (2026-10), a quarter (2026-Q3) "
                "or a year (2026)."
            )
            % {"value": value},
        )
    try:
        return Period.parse(value)
    except ValueError as error:
        raise HttpError(400, str(error)) from error


def point_out(point: ServicePoint) -> dict:
    return ServicePointOut.from_orm(point).model_dump()


def within(queryset, code: str | None, path_field: str = "grid__path"):
    if not code:
        return queryset
    return queryset.filter(**{f"{path_field}__startswith": grid_or_404(code).path})


@router.get(
    "/grids/",
    response=list[GridOut],
    summary="List grid nodes",
    description="The grid tree: filter by level, by parent (direct children) or by subtree.",
    operation_id="registry_grids_list",
)
@paginate(WagtailLimitOffsetPagination)
def list_grids(
    request,
    level: int | None = Query(
        None, ge=1, le=DEEPEST_LEVEL, description="1 district … 5 micro grid", examples=[3]
    ),
    parent: Annotated[str | None, CODE_OR_EMPTY] = Query(
        None, description="code of the parent node", examples=["410103001"]
    ),
    within_code: Annotated[str | None, CODE_OR_EMPTY] = Query(
        None, alias="within", description="code of a subtree root", examples=["410103"]
    ),
):
    grids = Grid.objects.order_by("path")
    if level is not None:
        grids = grids.filter(level=level)
    if parent:
        node = grid_or_404(parent)
        grids = grids.filter(path__startswith=node.path, depth=node.depth + 1)
    return within(grids, within_code, path_field="path")


@router.get(
    "/grids.geojson",
    response=GridFeatureCollectionOut,
    summary="A subtree's grid boundaries as GeoJSON",
    description=(
        "Every node at or under `within` that has a boundary, simplified for maps (about 3 m), "
        "WGS84. Cached until the registry changes."
    ),
    operation_id="registry_grids_geojson",
)
def grids_geojson(
    request,
    within_code: Annotated[str, CODE] = Query(
        ..., alias="within", description="code of the subtree root", examples=["410103001001"]
    ),
):
    return subtree_boundaries(grid_or_404(within_code))


def coordinate_or_400(value: str | None, name: str, low: float, high: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = None
    if number is None or not low <= number <= high:
        raise HttpError(
            400,
            _("%(name)s must be a number from %(low)s to %(high)s (degrees, WGS-84).")
            % {"name": name, "low": low, "high": high},
        )
    return number


@router.get(
    "/grids/locate/",
    response=LocatedGridOut,
    summary="Which grid a point lies in (我在哪个网格)",
    description=(
        "The deepest grid whose boundary holds the point, with its path from the district down. "
        "404 when no boundary holds it."
    ),
    operation_id="registry_grids_locate",
)
def locate_grid(
    request,
    lat: Annotated[str, documented(type="number", minimum=-90, maximum=90)] = Query(
        ..., description="latitude (WGS-84 unless datum says otherwise)", examples=["34.7466"]
    ),
    lon: Annotated[str, documented(type="number", minimum=-180, maximum=180)] = Query(
        ..., description="longitude", examples=["113.6254"]
    ),
    datum: Annotated[str | None, documented(type="string", enum=["wgs84", "gcj02"])] = Query(
        None, description="wgs84 (the default: GPS, the browser) or gcj02 (Amap, Tencent)"
    ),
):
    latitude = coordinate_or_400(lat, "lat", -90, 90)
    longitude = coordinate_or_400(lon, "lon", -180, 180)
    datum = (datum or "").strip().lower()
    if datum not in ("", "wgs84", "gcj02"):
        raise HttpError(400, _("datum must be wgs84 or gcj02."))
    if datum == "gcj02":
        longitude, latitude = gcj02_to_wgs84(longitude, latitude)
    found = grids_at(latitude, longitude)
    if not found:
        raise HttpError(
            404,
            _("No grid's boundary holds this point (%(lat).6f, %(lon).6f).")
            % {"lat": latitude, "lon": longitude},
        )
    grid = found[0]
    return {
        "code": grid.code,
        "name": grid.name,
        "level": grid.level,
        "kind": grid.kind,
        "breadcrumbs": [
            {"code": step.code, "name": step.name, "level": step.level}
            for step in [*grid.breadcrumbs(), grid]
        ],
    }


@router.get(
    "/grids/{code}/",
    response=GridOut,
    summary="One grid node",
    operation_id="registry_grids_detail",
)
def get_grid(request, code: Annotated[str, CODE]):
    return grid_or_404(code)


@router.get(
    "/grids/{code}/contact-cards/",
    response=list[ContactCardOut],
    summary="Contact cards (便民服务连心卡)",
    description=(
        "One card per third-level grid at or under the node: the people with a card role whose "
        "phone is public, plus the community hotline. Nobody else is ever listed. A district "
        "or street has no cards of its own (404)."
    ),
    operation_id="registry_contact_cards",
)
def list_contact_cards(
    request,
    code: Annotated[str, CARD_CODE] = Path(
        ..., description="code of a community, a third-level grid or a micro grid"
    ),
):
    node = grid_or_404(code)
    if node.level < GridLevel.COMMUNITY:
        # Well formed and existing, but a district or street has no cards of its own.
        raise HttpError(
            404,
            _("Contact cards are listed per community or grid: give a community or grid code."),
        )
    return [
        {
            "grid": {"code": card.grid.code, "name": card.grid.name},
            "contacts": [
                {"role": person.role.name, "name": person.name, "phone": person.phone}
                for person in card.people
            ],
            "hotline": card.hotline,
        }
        for card in contact_cards(node)
    ]


def service_points_queryset(within_code, kind, ring):
    points = (
        ServicePoint.objects.active()
        .select_related("kind", "grid")
        .prefetch_related("amenities")
        .order_by("walking_minutes", "kind__sort_order", "name")
    )
    points = within(points, within_code)
    if kind:
        points = points.filter(kind__slug=kind)
    if ring:
        points = points.filter(walking_minutes=ring)
    return points


@router.get(
    "/service-points/",
    response=list[ServicePointOut],
    summary="Service points of the 15-minute circle",
    operation_id="registry_service_points_list",
)
@paginate(WagtailLimitOffsetPagination)
def list_service_points(
    request,
    within_code: Annotated[str | None, CODE_OR_EMPTY] = Query(
        None, alias="within", description="code of a subtree root", examples=["410103001001"]
    ),
    kind: str | None = Query(None, description="kind slug", examples=["warm-station"]),
    ring: Annotated[int | None, RING] = Query(
        None, description="walking minutes: 5, 10 or 15", examples=[5]
    ),
):
    if ring is not None and ring not in RINGS:
        raise HttpError(400, _("ring must be 5, 10 or 15."))
    return service_points_queryset(within_code, kind, ring)


@router.get(
    "/service-points.geojson",
    response=FeatureCollectionOut,
    summary="Service points as a GeoJSON FeatureCollection",
    description=(
        "The matching points at once, for maps: narrow them with `within` (a subtree) or "
        f"`bbox` (the part of the map shown). At most {MAX_MAP_FEATURES} features: a request "
        "matching more is refused (400) rather than paged; page through "
        "/api/registry/service-points/ for a list. Without `bbox`, points without "
        "coordinates are included with a null geometry."
    ),
    operation_id="registry_service_points_geojson",
)
def service_points_geojson(
    request,
    within_code: Annotated[str | None, CODE_OR_EMPTY] = Query(
        None, alias="within", description="code of a subtree root"
    ),
    bbox: Annotated[str | None, documented(type="string", pattern=BBOX_OR_EMPTY)] = Query(
        None,
        description=(
            "minimum longitude,minimum latitude,maximum longitude,maximum latitude in degrees "
            f"(WGS-84), {BBOX_RULE}"
        ),
        examples=["113.60,34.70,113.70,34.80"],
    ),
    kind: str | None = Query(None, description="kind slug", examples=["warm-station"]),
):
    box = bbox_or_400(bbox)
    points = service_points_queryset(within_code, kind, None)
    if box:
        points = box.filter(points)
    features = []
    for point in at_most_the_maximum(points):
        data = point_out(point)
        geometry = None
        if data["latitude"] is not None and data["longitude"] is not None:
            geometry = {"type": "Point", "coordinates": [data["longitude"], data["latitude"]]}
        properties = {k: v for k, v in data.items() if k not in ("id", "latitude", "longitude")}
        features.append(
            {"type": "Feature", "id": point.pk, "geometry": geometry, "properties": properties}
        )
    return {"type": "FeatureCollection", "features": features}


@router.get(
    "/teams/",
    response=list[TeamOut],
    summary="Volunteer teams",
    operation_id="registry_teams_list",
)
@paginate(WagtailLimitOffsetPagination)
def list_teams(
    request,
    within_code: Annotated[str | None, CODE_OR_EMPTY] = Query(
        None, alias="within", description="code of a subtree root"
    ),
):
    teams = VolunteerTeam.objects.active().select_related("team_type", "grid")
    return within(teams.order_by("grid__path", "name"), within_code)


@router.get(
    "/tally-kinds/",
    response=list[TallyKindOut],
    summary="Kinds of work tally",
    operation_id="registry_tally_kinds_list",
)
def list_tally_kinds(request):
    return list(TallyKind.objects.filter(is_active=True).values("name", "unit", "description"))


@router.get(
    "/rollups/",
    response=RollupOut,
    summary="Work tallies of a subtree for a period, by month",
    operation_id="registry_rollups",
)
def rollups(
    request,
    grid: Annotated[str, CODE] = node_code_query(),
    period: Annotated[str, PERIOD_FORM] = period_query(),
):
    node = grid_or_404(grid)
    parsed = period_or_400(period)
    table = rollup_table(node, parsed)
    return {
        "grid": grid_ref(node),
        "period": period_ref(parsed),
        "kinds": [
            {
                "kind": row.kind.name,
                "unit": row.kind.unit,
                "total": row.total,
                "from_records": bool(row.kind.computed_from),
                "by_month": [
                    {"month": f"{month:%Y-%m}", "value": value}
                    for month, value in zip(table.months, row.by_month, strict=True)
                ],
            }
            for row in table.rows
        ],
    }
