"""Public registry data under /api/registry/, in the same OpenAPI document as Wagtail's pages.

Every list is paginated and runs a fixed number of queries. Contact cards carry only people
whose phone is public.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import HttpError
from ninja.pagination import paginate
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination

from governance.api.schemas import (
    ContactCardOut,
    FeatureCollectionOut,
    GridOut,
    RollupOut,
    ServicePointOut,
    TallyKindOut,
    TeamOut,
)
from governance.models import (
    Grid,
    GridLevel,
    ServicePoint,
    TallyKind,
    VolunteerTeam,
)
from governance.periods import Period
from governance.selectors import contact_cards, rollup_table

router = Router(tags=["registry"])


def grid_or_404(code: str) -> Grid:
    return get_object_or_404(Grid, code=code)


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
        None, ge=1, le=5, description="1 district … 5 micro grid", examples=[3]
    ),
    parent: str | None = Query(None, description="code of the parent node", examples=["410103001"]),
    within_code: str | None = Query(
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
    "/grids/{code}/",
    response=GridOut,
    summary="One grid node",
    operation_id="registry_grids_detail",
)
def get_grid(request, code: str):
    return grid_or_404(code)


@router.get(
    "/grids/{code}/contact-cards/",
    response=list[ContactCardOut],
    summary="Contact cards (便民服务连心卡)",
    description=(
        "One card per third-level grid at or under the node: the people with a card role whose "
        "phone is public, plus the community hotline. Nobody else is ever listed."
    ),
    operation_id="registry_contact_cards",
)
def list_contact_cards(request, code: str):
    node = grid_or_404(code)
    if node.level < GridLevel.COMMUNITY:
        raise HttpError(
            400,
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
    within_code: str | None = Query(
        None, alias="within", description="code of a subtree root", examples=["410103001001"]
    ),
    kind: str | None = Query(None, description="kind slug", examples=["warm-station"]),
    ring: int | None = Query(None, description="walking minutes: 5, 10 or 15", examples=[5]),
):
    if ring is not None and ring not in (5, 10, 15):
        raise HttpError(400, _("ring must be 5, 10 or 15."))
    return service_points_queryset(within_code, kind, ring)


@router.get(
    "/service-points.geojson",
    response=FeatureCollectionOut,
    summary="Service points as a GeoJSON FeatureCollection",
    description=(
        "All matching points at once (for maps); points without coordinates have a null geometry."
    ),
    operation_id="registry_service_points_geojson",
)
def service_points_geojson(
    request,
    within_code: str | None = Query(None, alias="within", description="code of a subtree root"),
    kind: str | None = Query(None, description="kind slug, e.g. warm-station"),
):
    features = []
    for point in service_points_queryset(within_code, kind, None):
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
    within_code: str | None = Query(None, alias="within", description="code of a subtree root"),
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
    grid: str = Query(..., description="code of the node, e.g. 410103001"),
    period: str = Query(..., description="2026-10, 2026-Q3 or 2026"),
):
    node = grid_or_404(grid)
    try:
        parsed = Period.parse(period)
    except ValueError as error:
        raise HttpError(400, str(error)) from error
    if len(parsed.months()) > 36:
        raise HttpError(400, _("A period may cover at most 36 months."))
    table = rollup_table(node, parsed)
    return {
        "grid": {"code": node.code, "name": node.name},
        "period": {"label": parsed.label, "start": parsed.start, "end": parsed.end},
        "kinds": [
            {
                "kind": row.kind.name,
                "unit": row.kind.unit,
                "total": row.total,
                "by_month": [
                    {"month": f"{month:%Y-%m}", "value": value}
                    for month, value in zip(table.months, row.by_month, strict=True)
                ],
            }
            for row in table.rows
        ],
    }
