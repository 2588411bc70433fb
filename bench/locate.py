"""我在哪个网格 over a city's worth of boundaries: our lookup (the lattice key and extent in the
database, then shapely's prepared shapes) against a brute-force shapely scan of every boundary
held in memory, for the same points, which must give the same grids.

A district of 10 streets × 10 communities × 20 grids × 25 micro grids (52,111 polygons, exact
nested partitions of a 0.4° square). BENCH_LOCATE_POINTS (default 2,000) random points inside it.
"""

import os
import random
import statistics
import time

from django.test import Client
from shapely.geometry import Point

from governance.geo.locate import PREPARED, grids_at
from governance.geo.shapes import to_shape
from governance.models import Grid, GridLevel

POINTS = int(os.environ.get("BENCH_LOCATE_POINTS", "2000"))
WEST, SOUTH, SIZE = 120.0, 30.0, 0.4
FAN_OUT = {  # level: (columns, rows) each parent is cut into
    GridLevel.STREET: (10, 1),
    GridLevel.COMMUNITY: (1, 10),
    GridLevel.GRID: (4, 5),
    GridLevel.MICRO: (5, 5),
}


def rectangle(west, south, east, north) -> dict:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [[[round(x, 7), round(y, 7)] for x, y in ring]]}


def build_city() -> Grid:
    district = Grid(
        name="定位基准区",
        code="990001",
        level=GridLevel.DISTRICT,
        boundary=rectangle(WEST, SOUTH, WEST + SIZE, SOUTH + SIZE),
    )
    district = Grid.add_root(instance=district)
    rows = []

    def cut(parent_path, parent_code, depth, box, level):
        columns, rows_ = FAN_OUT[level]
        west, south, east, north = box
        width, height = (east - west) / columns, (north - south) / rows_
        number = 0
        for column in range(columns):
            for row in range(rows_):
                number += 1
                child_box = (
                    west + column * width,
                    south + row * height,
                    west + (column + 1) * width,
                    south + (row + 1) * height,
                )
                child = Grid(
                    name=f"{GridLevel(level).label}{parent_code[-3:]}-{number}",
                    code=f"{parent_code}{number:03d}",
                    level=level,
                    path=Grid._get_path(parent_path, depth, number),
                    depth=depth,
                    numchild=0
                    if level == GridLevel.MICRO
                    else FAN_OUT[level + 1][0] * FAN_OUT[level + 1][1],
                    boundary=rectangle(*child_box),
                )
                child.refresh_extent()
                rows.append(child)
                if level < GridLevel.MICRO:
                    cut(child.path, child.code, depth + 1, child_box, level + 1)

    cut(district.path, district.code, 2, (WEST, SOUTH, WEST + SIZE, SOUTH + SIZE), GridLevel.STREET)
    Grid.objects.bulk_create(rows, batch_size=5000)
    Grid.objects.filter(pk=district.pk).update(numchild=10)
    return district


def percentile(samples, share):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def timed(function, points):
    samples, answers = [], []
    for latitude, longitude in points:
        started = time.perf_counter()
        answers.append(function(latitude, longitude))
        samples.append(time.perf_counter() - started)
    return samples, answers


def run():
    started = time.perf_counter()
    district = build_city()
    polygons = Grid.objects.filter(path__startswith=district.path).count()
    print(f"built {polygons:,} boundaries in {time.perf_counter() - started:.1f} s")
    rng = random.Random(15)
    points = [(SOUTH + rng.random() * SIZE, WEST + rng.random() * SIZE) for _ in range(POINTS)]

    def ours(latitude, longitude):
        found = grids_at(latitude, longitude)
        return found[0].code if found else None

    # The brute force gets every shape parsed in advance, to be fair; it only scans.
    shapes = [
        (grid.level, grid.code, to_shape(grid.boundary))
        for grid in Grid.objects.filter(path__startswith=district.path).only(
            "code", "level", "boundary"
        )
    ]

    def brute_force(latitude, longitude):
        point = Point(longitude, latitude)
        holding = [(level, code) for level, code, shape in shapes if shape.covers(point)]
        return max(holding)[1] if holding else None

    PREPARED.shapes.clear()
    cold, answers = timed(ours, points)
    warm, _ = timed(ours, points)
    sample = points[: max(50, POINTS // 20)]
    brute, brute_answers = timed(brute_force, sample)
    assert answers[: len(sample)] == brute_answers, "the lookup and the scan disagree"
    client = Client()
    api, _ = timed(
        lambda lat, lon: client.get("/api/registry/grids/locate/", {"lat": lat, "lon": lon}),
        points[:500],
    )
    ms = 1000
    print(
        f"locate over {polygons:,} polygons, {POINTS:,} points: "
        f"first pass p50 {statistics.median(cold) * ms:.2f} ms "
        f"(p95 {percentile(cold, 0.95) * ms:.2f}), "
        f"warm p50 {statistics.median(warm) * ms:.2f} ms (p95 {percentile(warm, 0.95) * ms:.2f}); "
        f"API p50 {statistics.median(api) * ms:.2f} ms; "
        f"brute-force scan p50 {statistics.median(brute) * ms:.1f} ms · "
        f"scan/ours = {statistics.median(brute) / statistics.median(warm):.0f}× (warm), "
        f"{statistics.median(brute) / statistics.median(cold):.0f}× (first pass)"
    )
