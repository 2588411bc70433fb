"""A key per boundary that lets the database find the few shapes that may hold a point.

Squares of 0.01° (about 1 km) doubling up to about 20°: a boundary's key is the smallest square
that holds its whole extent (a micro grid's is a 1 km square, a district's a 10–40 km one).
A point lies in exactly one square of each size, so the shapes that may hold it are those whose
key is one of the point's dozen keys: one indexed `IN` lookup, however many grids the city has.
"""

import math

SMALLEST_DEGREES = 0.01
SIZES = 12
# An extent no square holds (across the ±180° line, or larger than the largest square).
EVERYWHERE = "*"


def _square(size_index: int, longitude: float, latitude: float) -> tuple[int, int]:
    size = SMALLEST_DEGREES * 2**size_index
    return math.floor(longitude / size), math.floor(latitude / size)


def key_of_extent(west: float, south: float, east: float, north: float) -> str:
    for size_index in range(SIZES):
        lower_left = _square(size_index, west, south)
        if lower_left == _square(size_index, east, north):
            return f"{size_index}:{lower_left[0]}:{lower_left[1]}"
    return EVERYWHERE


def keys_at(longitude: float, latitude: float) -> list[str]:
    keys = []
    for size_index in range(SIZES):
        column, row = _square(size_index, longitude, latitude)
        keys.append(f"{size_index}:{column}:{row}")
    return [*keys, EVERYWHERE]
