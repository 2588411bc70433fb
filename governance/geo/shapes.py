"""Boundaries as shapely shapes: reading GeoJSON, what makes one acceptable, extents, simplifying.

Nothing here touches the database, so the model, the import and the API share one set of rules.
Messages are for people drawing or importing boundaries, in Chinese, and say where the fault is.
"""

import math
import re

from django.utils.translation import gettext as _
from shapely import make_valid
from shapely.errors import GEOSException, ShapelyError
from shapely.geometry import Point, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

AREA_TYPES = ("Polygon", "MultiPolygon")
# A district drawn by hand has hundreds of vertices, an imported survey a few thousand; beyond
# this a file is more likely a mistake (or an attack on the validator's time) than a boundary.
MAX_VERTICES = 50_000
METRES_PER_DEGREE = 111_320.0
# Overlaps smaller than this (square metres) are where two neighbours share a slightly
# different copy of the same street line, not two grids claiming the same block.
OVERLAP_SLIVER_SQUARE_METRES = 50.0
VALIDITY_PLACE = re.compile(r"\[([-\d.eE+]+) ([-\d.eE+]+)\]")
VALIDITY_REASONS = {
    "Self-intersection": "边线自相交",
    "Ring Self-intersection": "边线自相交",
    "Too few points": "顶点太少",
    "Hole lies outside shell": "内洞在外框之外",
    "Nested shells": "多个外框相互嵌套",
    "Interior is disconnected": "内部被内洞分割",
    "Nested holes": "内洞相互嵌套",
    "Invalid Coordinate": "坐标无效",
    "Ring is not closed": "外框没有闭合",
}


class BoundaryError(ValueError):
    """The boundary cannot be used; the message says why, in Chinese."""


def to_shape(geometry) -> BaseGeometry:
    """A valid, non-empty polygon or multipolygon in WGS-84 longitude/latitude, or BoundaryError."""
    if not isinstance(geometry, dict) or geometry.get("type") not in AREA_TYPES:
        raise BoundaryError(_("The boundary must be a GeoJSON Polygon or MultiPolygon geometry."))
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or not coordinates:
        raise BoundaryError(_("The boundary has no coordinates."))
    points = list(_points(coordinates))
    if len(points) > MAX_VERTICES:
        raise BoundaryError(
            _("The boundary has %(count)d vertices; at most %(limit)d are accepted.")
            % {"count": len(points), "limit": MAX_VERTICES}
        )
    for point in points:
        if not _is_coordinate(point):
            raise BoundaryError(
                _("“%(point)s” is not a longitude, latitude pair in degrees (WGS-84).")
                % {"point": str(point)[:60]}
            )
    try:
        result = shape(geometry)
    except (ShapelyError, GEOSException, ValueError, TypeError, IndexError, AttributeError):
        raise BoundaryError(_("The boundary's rings are not closed lists of points.")) from None
    if not result.is_empty and not result.is_valid:
        if result.geom_type == "MultiPolygon" and all(part.is_valid for part in result.geoms):
            # GEOS calls this a self-intersection, which sends people looking for a crossed edge.
            raise BoundaryError(
                _("The boundary's parts overlap each other: merge them into one polygon.")
            )
        raise BoundaryError(validity_message(explain_validity(result)))
    if result.is_empty or result.area == 0:
        raise BoundaryError(_("The boundary encloses no area."))
    return result


def _points(coordinates):
    """Every innermost [x, y, …] of a GeoJSON coordinates array, however deeply nested."""
    stack = [coordinates]
    while stack:
        item = stack.pop()
        if isinstance(item, list | tuple) and item and not isinstance(item[0], list | tuple):
            yield item
        elif isinstance(item, list | tuple):
            stack.extend(item)
        else:
            yield item


def _is_coordinate(point) -> bool:
    if not isinstance(point, list | tuple) or len(point) < 2:
        return False
    longitude, latitude = point[0], point[1]
    if isinstance(longitude, bool) or isinstance(latitude, bool):
        return False
    if not isinstance(longitude, int | float) or not isinstance(latitude, int | float):
        return False
    in_range = -180 <= longitude <= 180 and -90 <= latitude <= 90
    return in_range and math.isfinite(longitude + latitude)


def validity_message(explanation: str) -> str:
    """shapely's "Self-intersection[113.64 34.72]" as 边线自相交 near 113.640000, 34.720000."""
    reason = explanation.split("[", 1)[0].strip()
    # GEOS adds detail to some reasons ("Too few points in geometry component").
    reason = VALIDITY_REASONS.get(reason) or next(
        (chinese for english, chinese in VALIDITY_REASONS.items() if reason.startswith(english)),
        reason,
    )
    place = VALIDITY_PLACE.search(explanation)
    if place:
        longitude, latitude = float(place.group(1)), float(place.group(2))
        return _("The boundary is not a valid polygon: %(reason)s near %(lon).6f, %(lat).6f.") % {
            "reason": reason,
            "lon": longitude,
            "lat": latitude,
        }
    return _("The boundary is not a valid polygon: %(reason)s.") % {"reason": reason}


def degrees_for_metres(metres: float, latitude: float) -> float:
    """About how many degrees of longitude `metres` spans at `latitude` (more than of latitude)."""
    return metres / (METRES_PER_DEGREE * max(math.cos(math.radians(latitude)), 0.01))


def square_metres(area_in_degrees: float, latitude: float) -> float:
    return area_in_degrees * METRES_PER_DEGREE**2 * math.cos(math.radians(latitude))


def stray_outside(child: BaseGeometry, parent: BaseGeometry, tolerance_metres: float) -> float:
    """How far (metres) the child reaches outside the parent, or 0 if it stays within the
    tolerance of the parent's edge."""
    latitude = child.centroid.y
    if parent.buffer(degrees_for_metres(tolerance_metres, latitude)).covers(child):
        return 0.0
    outside = child.difference(parent)
    far = max((parent.distance(Point(xy[:2])) for xy in _exterior_points(outside)), default=0.0)
    return far * METRES_PER_DEGREE * math.cos(math.radians(latitude))


def _exterior_points(geometry: BaseGeometry):
    for polygon in getattr(geometry, "geoms", [geometry]):
        exterior = getattr(polygon, "exterior", None)
        if exterior is not None:
            yield from exterior.coords


def overlap_square_metres(one: BaseGeometry, other: BaseGeometry) -> float:
    """The shared area in square metres, 0 for neighbours that only touch or share a sliver."""
    if not one.intersects(other):
        return 0.0
    try:
        shared = one.intersection(other)
    except GEOSException:
        shared = make_valid(one).intersection(make_valid(other))
    area = square_metres(shared.area, one.centroid.y)
    return area if area >= OVERLAP_SLIVER_SQUARE_METRES else 0.0


def extent(geometry: BaseGeometry) -> tuple[float, float, float, float]:
    """(west, south, east, north)."""
    return geometry.bounds


def simplified(geometry: BaseGeometry, tolerance_metres: float) -> dict:
    """A lighter GeoJSON geometry for maps: vertices closer than the tolerance to the line are
    dropped (topology kept), coordinates rounded to about 10 cm."""
    tolerance = degrees_for_metres(tolerance_metres, geometry.centroid.y)
    light = geometry.simplify(tolerance, preserve_topology=True)
    if light.is_empty:
        light = geometry
    return _rounded(mapping(light))


def _rounded(geojson: dict) -> dict:
    def walk(item):
        if isinstance(item, list | tuple) and item and isinstance(item[0], int | float):
            return [round(float(value), 6) for value in item[:2]]
        return [walk(part) for part in item]

    return {"type": geojson["type"], "coordinates": walk(geojson["coordinates"])}
