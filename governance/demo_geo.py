"""The demo's map: a boundary for every demo grid near its real place in 郑州, and a spot for
every service point in its walking ring.

Each district is a rough outline round its real centre, sized by what the demo lists in it;
each node's regular children are cut from it (governance/geo/partition.py), so they cover it
exactly and neighbours share their edges. Exclusive grids (a market, a school) are small shapes
inside their community that may overlap the regular grids, as they do on the ground.

Like the rest of the demo it only fills what is missing: a boundary or centre someone drew is
kept, and a run repeated gives the same map (one seeded generator per parent node).
"""

import random
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from shapely.geometry import Point

from governance.geo.partition import (
    Plane,
    centre_of,
    footprint,
    geojson,
    outline,
    partition,
    point_in_ring,
)
from governance.geo.shapes import BoundaryError, to_shape
from governance.models import Grid, GridKind, GridLevel, ServicePoint
from governance.models.grids import EXTENT_FIELDS, validate_boundary
from governance.versioning import bump_subtrees

# Where each demo district stands (governance/demo.py's PLACES): (longitude, latitude) of its
# middle, and how many times wider (east-west) than tall. 二七区 runs long from the railway
# station south to 侯寨. Other districts (made by hand in a demo site) are left alone.
DISTRICTS = {
    "410103": (113.640, 34.716, 0.7),  # 二七区
    "410102": (113.594, 34.758, 1.3),  # 中原区
    "410106": (113.298, 34.808, 1.0),  # 上街区
    "410182": (113.383, 34.788, 1.2),  # 荥阳市
}
# The area an urban third-level grid takes; a village's grids are fields and hamlets, larger.
# The demo lists a few communities per street, and they cover it, so these sizes set every
# level: a community of six grids is about 2 km across, 二七区 (with its village) 5 by 7 km.
GRID_SQUARE_METRES = 600_000
VILLAGE_FACTOR = 12
# (width, depth) in metres of an exclusive grid's shape.
EXCLUSIVE_SIZES = {
    GridKind.MARKET: (170, 120),
    GridKind.SCHOOL: (230, 160),
    GridKind.BUILDING: (80, 60),
    GridKind.ENTERPRISE: (200, 150),
    GridKind.OTHER: (120, 90),
}
# Units with their own grid usually stand a short walk out, where the 10-minute ring passes.
EXCLUSIVE_FROM_CENTRE = (430, 770)
# How far from the community's centre a point in each walking ring stands (about 80 m a minute),
# kept off the rings' edges so a rounded coordinate stays in its ring.
RING_METRES = {5: (60, 370), 10: (430, 770), 15: (830, 1170)}
WRITTEN_FIELDS = ["boundary", "latitude", "longitude", *EXTENT_FIELDS, "updated_at"]


def seed_map() -> int:
    """Fills in missing boundaries, centres and service point coordinates; how many records
    changed."""
    grids = list(Grid.objects.order_by("path"))
    children = {}
    for grid in grids:
        children.setdefault(grid.parent_path, []).append(grid)
    changed = []
    for root in children.get("", []):
        if root.code not in DISTRICTS:
            continue  # not one of the demo's places
        if all(is_mapped(grid) for grid in by_path_of(root, children).values()):
            continue
        plane = Plane(*DISTRICTS[root.code][:2])
        shapes = {}
        place_district(root, children, shapes)
        changed += write_grids(root, children, shapes, plane)
    # One small UPDATE a grid: a few hundred are quicker than bulk_update's CASE per field.
    for grid in changed:
        Grid.objects.filter(pk=grid.pk).update(
            **{field: getattr(grid, field) for field in WRITTEN_FIELDS}
        )
    placed = place_service_points({grid.pk: grid for grid in grids})
    if changed or placed:
        # Bulk writes send no signals: the map's caches would not see the change otherwise.
        bump_subtrees([""])
    return len(changed) + placed


def is_mapped(grid: Grid) -> bool:
    return bool(grid.boundary) and grid.latitude is not None and grid.longitude is not None


def weight(grid: Grid, children: dict) -> float:
    """The share of the map a node takes: its regular third-level grids, villages more."""
    regular = [child for child in children.get(grid.path, []) if not child.is_exclusive]
    if grid.level >= GridLevel.GRID:
        return 1.0
    total = sum(weight(child, children) for child in regular) or 1.0
    if grid.level == GridLevel.COMMUNITY and grid.name.endswith("村"):
        total *= VILLAGE_FACTOR
    return total


def place_district(district: Grid, children: dict, shapes: dict) -> None:
    """Shapes (in the district's plane of metres) for the district and everything under it."""
    _, _, aspect = DISTRICTS[district.code]
    rng = random.Random(f"demo-map:outline:{district.code}")
    area = weight(district, children) * GRID_SQUARE_METRES
    shapes[district.pk] = outline(rng, area=area, aspect=aspect)
    place_children(district, children, shapes)


def place_children(parent: Grid, children: dict, shapes: dict) -> None:
    kids = sorted(children.get(parent.path, []), key=lambda grid: grid.code)
    regular = [kid for kid in kids if not kid.is_exclusive]
    # One generator per parent: a grid added in one community does not move another's map.
    rng = random.Random(f"demo-map:{parent.code}")
    if regular:
        pieces = partition(shapes[parent.pk], [weight(kid, children) for kid in regular], rng)
        shapes.update((kid.pk, piece) for kid, piece in zip(regular, pieces, strict=True))
    centres = tuple(centre_of(shapes[kid.pk]) for kid in regular)
    middle = centre_of(shapes[parent.pk])
    for kid in kids:
        if kid.is_exclusive:
            width, depth = EXCLUSIVE_SIZES.get(kid.kind, EXCLUSIVE_SIZES[GridKind.OTHER])
            # Clear of the regular grids' centres, so "which grid am I in" at a grid's centre
            # names that grid, not the market carved from it.
            shapes[kid.pk] = footprint(
                rng,
                shapes[parent.pk],
                width=width,
                depth=depth,
                near=(middle, *EXCLUSIVE_FROM_CENTRE),
                avoid=centres,
            )
        place_children(kid, children, shapes)


def write_grids(district: Grid, children: dict, shapes: dict, plane: Plane) -> list[Grid]:
    """The grids of the district given a boundary or a centre they lacked."""
    by_path = {district.path: district}
    # Generated pieces fit only with each other: beside a sibling someone drew (or a grid
    # added since the last seed) they would overlap, so such families are left alone.
    drawn_families = {
        grid.parent_path
        for grid in by_path_of(district, children).values()
        if grid.boundary and not grid.is_exclusive
    }
    changed = []
    stack = [district]
    now = timezone.now()
    while stack:
        grid = stack.pop()
        stack.extend(children.get(grid.path, []))
        by_path[grid.path] = grid
        touched = False
        generated = grid.pk in shapes and (
            grid.is_exclusive or grid.parent_path not in drawn_families
        )
        if not grid.boundary and generated:
            boundary = geojson(plane.to_degrees(shapes[grid.pk]))
            try:
                # A parent someone redrew may no longer hold the generated child.
                validate_boundary(boundary, parent=by_path.get(grid.parent_path))
            except ValidationError:  # a refused shape is left for people to draw
                boundary = None
            if boundary:
                grid.boundary = boundary
                touched = True
        if grid.boundary and (grid.latitude is None or grid.longitude is None):
            try:
                centre = centre_of(to_shape(grid.boundary))
            except BoundaryError:
                centre = None
            if centre is not None:
                grid.longitude, grid.latitude = degrees(centre.x), degrees(centre.y)
                touched = True
        if touched:
            grid.refresh_extent()
            grid.updated_at = now
            changed.append(grid)
    return changed


def by_path_of(root: Grid, children: dict) -> dict:
    """The root and every node under it, by path."""
    found, stack = {}, [root]
    while stack:
        grid = stack.pop()
        found[grid.path] = grid
        stack.extend(children.get(grid.path, []))
    return found


def degrees(value: float) -> Decimal:
    return Decimal(f"{value:.6f}")


def place_service_points(grids: dict) -> int:
    """Coordinates for points without them, in their walking ring round the community's centre:
    inside the point's own grid where the ring passes through it, else inside the community."""
    points = list(
        ServicePoint.objects.filter(Q(latitude=None) | Q(longitude=None))
        .select_related("grid")
        .order_by("pk")
    )
    by_path = {grid.path: grid for grid in grids.values()}
    placed = 0
    for point in points:
        owner = grids.get(point.grid_id, point.grid)
        community = community_of(owner, by_path)
        if community is None or community.latitude is None or community.longitude is None:
            continue
        plane = Plane(float(community.longitude), float(community.latitude))
        inside = []
        for area in (owner, community, by_path.get(community.parent_path)):
            if area is not None and area.boundary:
                try:
                    inside.append(plane.to_metres(to_shape(area.boundary)))
                except BoundaryError:
                    pass
        rng = random.Random(f"demo-map:{owner.code}:{point.name}")
        closest, farthest = RING_METRES.get(point.walking_minutes, RING_METRES[15])
        spot = plane.to_degrees(
            point_in_ring(rng, Point(0, 0), closest, farthest, inside=tuple(inside))
        )
        point.longitude, point.latitude = degrees(spot.x), degrees(spot.y)
        ServicePoint.objects.filter(pk=point.pk).update(
            latitude=point.latitude, longitude=point.longitude
        )
        placed += 1
    return placed


def community_of(grid: Grid, by_path: dict) -> Grid | None:
    """The community at or above the grid (None above the community level)."""
    while grid is not None and grid.level > GridLevel.COMMUNITY:
        grid = by_path.get(grid.parent_path)
    return grid if grid is not None and grid.level == GridLevel.COMMUNITY else None
