"""A small mapped world for the public map's tests: 华府社区 (near 113.64 E, 34.72 N) split into
six grids, a small market grid in 1号网格, a micro grid inside 5号网格, a service point in each
walking ring and a warm station, with the community page and its service guide."""

from decimal import Decimal

from content.factories import build_site
from governance.factories import (
    PersonFactory,
    RoleFactory,
    ServicePointFactory,
    ServicePointKindFactory,
    make_grid,
)
from governance.models import GridKind

# The community is a rectangle of three columns and two rows of grids, numbered from the
# north-west: 1 2 3 over 4 5 6.
WEST, EAST, SOUTH, NORTH = 113.630, 113.650, 34.710, 34.730
COLUMNS = [WEST, 113.6367, 113.6433, EAST]
ROWS = [NORTH, 34.720, SOUTH]
CENTRE = (113.640, 34.720)  # lon, lat: the community's centre, where the rings are drawn
IN_GRID_5 = (113.6390, 34.7130)  # lon, lat: inside 5号网格, outside its micro grid
IN_MICRO_GRID = (113.6420, 34.7160)
OUTSIDE = (113.700, 34.760)
PUBLIC_PHONE = "13800135005"
PRIVATE_PHONE = "13900135005"


def square(west, south, east, north) -> dict:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def build_map_world() -> dict:
    district = make_grid(name="二七区", boundary=square(113.60, 34.69, 113.68, 34.75))
    street = make_grid(district, name="人和路街道", boundary=square(113.62, 34.70, 113.66, 34.74))
    community = make_grid(
        street,
        name="华府社区",
        boundary=square(WEST, SOUTH, EAST, NORTH),
        longitude=Decimal(str(CENTRE[0])),
        latitude=Decimal(str(CENTRE[1])),
        service_hotline="0371-68000000",
    )
    grids = {}
    for row in range(2):
        for column in range(3):
            number = row * 3 + column + 1
            grids[number] = make_grid(
                community,
                name=f"华府社区{number}号网格",
                boundary=square(COLUMNS[column], ROWS[row + 1], COLUMNS[column + 1], ROWS[row]),
            )
    # A market too small on the first screen for its name, in 1号网格's north-west corner.
    market = make_grid(
        community,
        name="华府农贸市场专属网格",
        kind=GridKind.MARKET,
        boundary=square(113.6310, 34.7280, 113.6318, 34.7288),
    )
    micro = make_grid(
        grids[5],
        name="华府社区5号网格1号微网格",
        boundary=square(113.6410, 34.7150, 113.6430, 34.7170),
    )
    chief = RoleFactory(name="网格长", contact_card_order=1)
    worker = RoleFactory(name="专职网格员", contact_card_order=2)
    PersonFactory(grid=grids[5], role=chief, name="马洋", phone=PUBLIC_PHONE, phone_public=True)
    PersonFactory(grid=grids[5], role=worker, name="李娜", phone=PRIVATE_PHONE, phone_public=False)

    supermarket = ServicePointKindFactory(name="超市", slug="supermarket", sort_order=1)
    clinic = ServicePointKindFactory(name="卫生服务站", slug="clinic", sort_order=2)
    warm = ServicePointKindFactory(
        name="暖心驿站", slug="warm-station", is_warm_station=True, sort_order=3
    )
    points = [
        (supermarket, "华府便民超市", grids[2], 5, 113.6430, 34.7215),
        (clinic, "华府卫生服务站", grids[2], 10, 113.6385, 34.7275),
        (supermarket, "人和菜市场超市", grids[4], 15, 113.6335, 34.7125),
        (warm, "华府暖心驿站", grids[5], 5, 113.6425, 34.7185),
    ]
    for kind, name, grid, minutes, lon, lat in points:
        ServicePointFactory(
            kind=kind,
            name=name,
            grid=grid,
            walking_minutes=minutes,
            longitude=Decimal(str(lon)),
            latitude=Decimal(str(lat)),
            address=f"{name}门口",
        )

    pages = build_site(district)
    return {
        "community": community,
        "grids": grids,
        "micro": micro,
        "market": market,
        "community_page": pages["communities"][0],
        "guide": pages["guides"][0],
    }
