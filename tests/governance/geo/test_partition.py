"""Made-up maps for the demo: an outline cut into neighbours that cover it exactly."""

import itertools
import random

from shapely.affinity import translate
from shapely.geometry import Point
from shapely.ops import unary_union

from governance.geo.partition import (
    Plane,
    centre_of,
    footprint,
    geojson,
    outline,
    partition,
    point_in_ring,
)
from governance.geo.shapes import to_shape


def test_pieces_cover_the_outline_without_overlapping_each_in_its_share():
    rng = random.Random(3)
    whole = outline(rng, area=4_000_000, aspect=0.7)

    pieces = partition(whole, [1, 2, 3, 4, 1, 1], rng)

    assert all(piece.geom_type == "Polygon" and piece.is_valid for piece in pieces)
    assert unary_union(pieces).symmetric_difference(whole).area < 1e-6 * whole.area
    for one, other in itertools.combinations(pieces, 2):
        assert one.intersection(other).area < 1e-6
    shares = [piece.area / whole.area for piece in pieces]
    expected = [1 / 12, 2 / 12, 3 / 12, 4 / 12, 1 / 12, 1 / 12]
    assert all(abs(share - want) < 1e-3 for share, want in zip(shares, expected, strict=True))


def test_neighbours_share_the_very_same_vertices_along_their_cut():
    rng = random.Random(5)
    west, east = partition(outline(rng, area=1_000_000, aspect=2.0), [1, 1], rng)

    shared = set(west.exterior.coords) & set(east.exterior.coords)

    assert len(shared) >= 2 + 3  # the cut's two ends and its bends
    assert west.centroid.x < east.centroid.x  # reading order: west first


def test_the_same_generator_draws_the_same_map():
    def draw():
        rng = random.Random("华府社区")
        return [piece.wkt for piece in partition(outline(rng, area=2e6), [1] * 6, rng)]

    assert draw() == draw()


def test_a_footprint_stays_inside_and_clear_of_the_points_to_avoid():
    rng = random.Random(8)
    community = outline(rng, area=3_000_000)
    avoid = (Point(0, 0), Point(300, 0))

    market = footprint(rng, community, width=170, depth=120, avoid=avoid)

    assert community.contains(market)
    assert all(not market.buffer(5).contains(point) for point in avoid)


def test_a_point_in_a_ring_lies_at_its_distance_inside_the_first_area_the_ring_passes():
    rng = random.Random(13)
    centre = Point(0, 0)
    far_grid = translate(outline(rng, area=300_000), 5000, 0)
    near_grid = translate(outline(rng, area=300_000), 600, 0)

    points = [point_in_ring(rng, centre, 430, 770, inside=(far_grid, near_grid)) for _ in range(20)]

    assert all(430 <= centre.distance(point) <= 770 for point in points)
    assert all(near_grid.contains(point) for point in points)


def test_a_point_in_a_ring_lies_on_the_ring_when_no_area_reaches_it():
    rng = random.Random(21)
    centre = Point(0, 0)
    far_grid = translate(outline(rng, area=300_000), 5000, 0)

    point = point_in_ring(rng, centre, 60, 370, inside=(far_grid,))

    assert 60 <= centre.distance(point) <= 370


def test_a_shape_in_degrees_is_valid_geojson_near_its_origin():
    plane = Plane(113.64, 34.72)
    shape = plane.to_degrees(outline(random.Random(1), area=1_000_000))

    geometry = geojson(shape)

    assert geometry["type"] == "Polygon"
    parsed = to_shape(geometry)
    assert parsed.is_valid and parsed.exterior.is_ccw
    assert parsed.contains(Point(113.64, 34.72))
    assert parsed.contains(centre_of(parsed))
    # About a square kilometre: 1 km of latitude is 0.009°.
    west, south, east, north = parsed.bounds
    assert 0.006 < north - south < 0.014
