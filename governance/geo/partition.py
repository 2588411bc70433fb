"""Plausible made-up maps: an outline, cut into neighbours that cover it exactly.

Everything happens on a flat plane of metres (`Plane`), close enough to the earth at a district's
scale. A cut is a slightly slanted, slightly bent line, moved by bisection until each side holds
its share of the area. shapely's `split` nodes the line with the outline once, so both sides
carry the very same vertices along the cut: neighbours match exactly, with no gap or sliver.
The same random generator gives the same map, so a seed is repeatable.
"""

import math
import random

import numpy as np
import shapely
from shapely import affinity
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient
from shapely.ops import split, unary_union
from shapely.prepared import prep

# How far a cut may turn from square across the piece's long axis, and bend sideways (a share
# of its length): enough to look like streets and rivers, not enough to make slivers.
SLANT_DEGREES = 12.0
BEND_SHARE = 0.04
BENDS = 3
BISECTIONS = 25
# A bent cut through a bent outline may leave one side in two parts; try other cuts, then a
# straight one, before accepting a piece in parts.
CUT_ATTEMPTS = 6
SAMPLE_TRIES = 2000
METRES_PER_DEGREE_LATITUDE = 110_574.0
METRES_PER_DEGREE_LONGITUDE_AT_EQUATOR = 111_320.0


class Plane:
    """Metres east and north of an origin (an equirectangular plane, exact enough for a
    district: under 0.1 % off across 20 km)."""

    def __init__(self, longitude: float, latitude: float):
        self.longitude, self.latitude = longitude, latitude
        self.east = METRES_PER_DEGREE_LONGITUDE_AT_EQUATOR * math.cos(math.radians(latitude))

    def to_metres(self, geometry: BaseGeometry) -> BaseGeometry:
        origin = np.array([self.longitude, self.latitude])
        scale = np.array([self.east, METRES_PER_DEGREE_LATITUDE])
        return shapely.transform(geometry, lambda xy: (xy - origin) * scale)

    def to_degrees(self, geometry: BaseGeometry) -> BaseGeometry:
        origin = np.array([self.longitude, self.latitude])
        scale = np.array([self.east, METRES_PER_DEGREE_LATITUDE])
        return shapely.transform(geometry, lambda xy: xy / scale + origin)


def outline(rng: random.Random, *, area: float, aspect: float = 1.0, corners: int = 18) -> Polygon:
    """A rough closed outline of `area` square metres around (0, 0), `aspect` times as wide as
    it is tall. The corners go round in order, so the outline never crosses itself."""
    step = 2 * math.pi / corners
    points = []
    for index in range(corners):
        angle = index * step + rng.uniform(-0.3, 0.3) * step
        radius = 1 + rng.uniform(-0.08, 0.08)
        points.append(
            (radius * math.cos(angle) * math.sqrt(aspect), radius * math.sin(angle) / aspect**0.5)
        )
    shape = Polygon(points)
    factor = math.sqrt(area / shape.area)
    return affinity.scale(shape, factor, factor, origin=(0, 0))


def partition(shape: BaseGeometry, weights: list[float], rng: random.Random) -> list[BaseGeometry]:
    """Pieces covering `shape`, one per weight in order, each with its weight's share of the
    area. Pieces come out in reading order: west before east, or north before south."""
    if len(weights) == 1:
        return [shape]
    total = sum(weights)
    # Halve by weight, like a treemap: both halves stay about as compact as the whole.
    split_at = min(range(1, len(weights)), key=lambda k: abs(sum(weights[:k]) - total / 2))
    first, rest = cut(shape, sum(weights[:split_at]) / total, rng)
    return [
        *partition(first, weights[:split_at], rng),
        *partition(rest, weights[split_at:], rng),
    ]


def cut(shape: BaseGeometry, share: float, rng: random.Random):
    """(the part holding `share` of the area, the rest), parted across the long axis."""
    axis = long_axis_degrees(shape)
    for attempt in range(CUT_ATTEMPTS):
        straight = attempt == CUT_ATTEMPTS - 1
        angle = axis + (0.0 if straight else rng.uniform(-SLANT_DEGREES, SLANT_DEGREES))
        bends = [0.0] * BENDS if straight else [rng.uniform(-1, 1) for _ in range(BENDS)]
        first, rest = _cut_along(shape, share, math.radians(angle), bends)
        if straight or (len(first) == 1 and len(rest) == 1):
            break
    return unary_union(first), unary_union(rest)


def long_axis_degrees(shape: BaseGeometry) -> float:
    """The direction of the longer side of the smallest rectangle round the shape."""
    corners = list(shape.minimum_rotated_rectangle.exterior.coords)
    sides = [(corners[i], corners[i + 1]) for i in range(2)]
    (x0, y0), (x1, y1) = max(sides, key=lambda s: math.dist(*s))
    return math.degrees(math.atan2(y1 - y0, x1 - x0))


def _cut_along(shape, share, angle, bends):
    along = (math.cos(angle), math.sin(angle))
    # Reading order: the first part lies west (an east-west axis) or north (a north-south one).
    if abs(along[0]) >= abs(along[1]):
        along = along if along[0] > 0 else (-along[0], -along[1])
    else:
        along = along if along[1] < 0 else (-along[0], -along[1])
    across = (-along[1], along[0])
    points = (
        list(shape.exterior.coords)
        if hasattr(shape, "exterior")
        else [xy for part in shape.geoms for xy in part.exterior.coords]
    )
    ts = [x * along[0] + y * along[1] for x, y in points]
    ss = [x * across[0] + y * across[1] for x, y in points]
    width = max(ss) - min(ss)
    margin = width * 0.5 + 1.0
    # The bends fall across the shape; the line runs on straight past its edges.
    inner = list(np.linspace(min(ss), max(ss), len(bends) + 2)[1:-1])
    knots = [min(ss) - margin, *inner, max(ss) + margin]
    bend = [b * BEND_SHARE * width for b in bends]
    bend = [bend[0], *bend, bend[-1]]
    far = (max(ts) - min(ts)) + 2 * margin + max(abs(b) for b in bend)

    def line_at(t):
        return [
            ((t + b) * along[0] + s * across[0], (t + b) * along[1] + s * across[1])
            for s, b in zip(knots, bend, strict=True)
        ]

    def before(t):
        """The half-plane behind the cut at t."""
        line = line_at(t)
        back = [
            ((t - far) * along[0] + s * across[0], (t - far) * along[1] + s * across[1])
            for s in (knots[-1], knots[0])
        ]
        return Polygon([*line, *back])

    target = share * shape.area
    low, high = min(ts) - far, max(ts) + far
    for _ in range(BISECTIONS):
        middle = (low + high) / 2
        if shape.intersection(before(middle)).area < target:
            low = middle
        else:
            high = middle
    t = (low + high) / 2
    behind = before(t)
    pieces = split(shape, LineString(line_at(t))).geoms
    first = [piece for piece in pieces if behind.contains(piece.representative_point())]
    rest = [piece for piece in pieces if not behind.contains(piece.representative_point())]
    return first, rest


def footprint(
    rng: random.Random,
    container: BaseGeometry,
    *,
    width: float,
    depth: float,
    near: tuple[Point, float, float] | None = None,
    avoid: tuple[Point, ...] = (),
) -> Polygon:
    """A small, slightly irregular rectangle (a market hall and its yard) well inside
    `container`, clear of the points in `avoid`; between `near`'s two distances of its point
    when there is room."""
    reach = math.hypot(width, depth) / 2
    inner = container.buffer(-reach)
    if inner.is_empty:
        inner = container.buffer(-reach / 4)
    room = inner
    if near is not None:
        centre, closest, farthest = near
        ring = centre.buffer(farthest).difference(centre.buffer(closest))
        if inner.intersection(ring).area > 0:
            room = inner.intersection(ring)
    clear = room.difference(unary_union([point.buffer(reach + 10) for point in avoid]))
    spot = sample_point(rng, clear if clear.area > 0 else room)
    corners = [
        (sign_x * width / 2 * rng.uniform(0.9, 1.1), sign_y * depth / 2 * rng.uniform(0.9, 1.1))
        for sign_x, sign_y in ((-1, -1), (1, -1), (1, 1), (-1, 1))
    ]
    shape = affinity.rotate(Polygon(corners), rng.uniform(0, 180), origin=(0, 0))
    return affinity.translate(shape, spot.x, spot.y)


def point_in_ring(
    rng: random.Random,
    centre: Point,
    closest: float,
    farthest: float,
    *,
    inside: tuple[BaseGeometry, ...] = (),
    margin: float = 5.0,
) -> Point:
    """A point between `closest` and `farthest` metres from `centre`: inside the first of
    `inside` that the ring passes through (at least `margin` from its edge), else anywhere on
    the ring."""
    ring = centre.buffer(farthest, quad_segs=32).difference(centre.buffer(closest, quad_segs=32))
    for area in inside:
        room = ring.intersection(area.buffer(-margin))
        if room.area > margin * margin:
            return sample_point(rng, room)
    return sample_point(rng, ring)


def centre_of(shape: BaseGeometry) -> Point:
    """Where a label or a "you are here" test belongs: the centre of gravity when it lies
    inside (it does for all but hooked shapes), else a point surely inside."""
    centroid = shape.centroid
    return centroid if shape.contains(centroid) else shape.representative_point()


def sample_point(rng: random.Random, area: BaseGeometry) -> Point:
    """A point drawn evenly from `area` (its representative point if the draws keep missing)."""
    west, south, east, north = area.bounds
    prepared = prep(area)
    for _ in range(SAMPLE_TRIES):
        point = Point(rng.uniform(west, east), rng.uniform(south, north))
        if prepared.contains(point):
            return point
    return area.representative_point()


def geojson(geometry: BaseGeometry, places: int = 7) -> dict:
    """A GeoJSON geometry (outer rings counter-clockwise, as RFC 7946 asks), coordinates
    rounded to about a centimetre; shared vertices round alike, so neighbours still match."""
    parts = list(getattr(geometry, "geoms", [geometry]))

    def ring(coords):
        return [[round(x, places), round(y, places)] for x, y in coords]

    polygons = [
        [ring(oriented.exterior.coords), *(ring(hole.coords) for hole in oriented.interiors)]
        for oriented in (orient(part, 1.0) for part in parts)
    ]
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}
