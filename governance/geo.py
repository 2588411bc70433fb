"""Which grid a point lies in, from the grids' GeoJSON boundaries (WGS84, longitude first).

A ray cast per ring, in Python: a district has hundreds of grids, not millions, and this keeps
SQLite and PostgreSQL alike without a spatial extension. Holes count: a point in a polygon's
hole is outside it."""

from decimal import Decimal

from governance.models import Grid, GridLevel


def _in_ring(x: float, y: float, ring) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def _in_polygon(x: float, y: float, rings) -> bool:
    outer, *holes = rings
    return _in_ring(x, y, outer) and not any(_in_ring(x, y, hole) for hole in holes)


def contains(boundary: dict, latitude: float, longitude: float) -> bool:
    try:
        kind, coordinates = boundary["type"], boundary["coordinates"]
        polygons = [coordinates] if kind == "Polygon" else coordinates
        rings = [
            [[[float(point[0]), float(point[1])] for point in ring] for ring in polygon]
            for polygon in polygons
        ]
    except (KeyError, TypeError, ValueError, IndexError):
        return False
    return any(_in_polygon(longitude, latitude, polygon) for polygon in rings if polygon)


def grid_at(latitude: Decimal | float, longitude: Decimal | float) -> Grid | None:
    """The deepest grid (micro grid, then third-level grid) whose boundary holds the point."""
    latitude, longitude = float(latitude), float(longitude)
    candidates = Grid.objects.filter(boundary__isnull=False, level__gte=GridLevel.GRID).order_by(
        "-level", "path"
    )
    return next((g for g in candidates if contains(g.boundary, latitude, longitude)), None)
