"""Which grid a point lies in.

The database finds the few grids whose lattice square and extent may hold the point (one
indexed lookup, see lattice.py); shapely then tests those few boundaries, each parsed once per
process and kept prepared while the grid is unchanged. No spatial extension is needed, so SQLite
and PostgreSQL answer alike. Holes count: a point in a polygon's hole is outside it.
"""

from collections import OrderedDict
from decimal import Decimal
from threading import Lock

from shapely import prepare
from shapely.geometry import Point

from governance.geo.lattice import keys_at
from governance.geo.shapes import BoundaryError, to_shape
from governance.models import Grid, GridKind, GridLevel

PREPARED_KEPT = 20_000


class PreparedShapes:
    """Boundaries parsed and prepared, by grid and save time, least recently used dropped."""

    def __init__(self, size: int = PREPARED_KEPT):
        self.size = size
        self.shapes: OrderedDict = OrderedDict()
        self.lock = Lock()

    def get(self, grid: Grid):
        key = (grid.pk, grid.updated_at)
        with self.lock:
            found = self.shapes.get(key)
            if found is not None:
                self.shapes.move_to_end(key)
                return found
        try:
            geometry = to_shape(grid.boundary)
        except BoundaryError:
            return None
        prepare(geometry)
        with self.lock:
            self.shapes[key] = geometry
            while len(self.shapes) > self.size:
                self.shapes.popitem(last=False)
        return geometry


PREPARED = PreparedShapes()


def candidates(longitude: float, latitude: float, *, min_level: int = GridLevel.DISTRICT):
    return Grid.objects.filter(
        lattice_key__in=keys_at(longitude, latitude),
        extent_west__lte=longitude,
        extent_east__gte=longitude,
        extent_south__lte=latitude,
        extent_north__gte=latitude,
        level__gte=min_level,
    )


def grids_at(latitude, longitude, *, min_level: int = GridLevel.DISTRICT) -> list[Grid]:
    """Every grid whose boundary holds the point, deepest first; at one depth an exclusive grid
    (a market, a campus) before the regular one it was carved from."""
    latitude, longitude = float(latitude), float(longitude)
    point = Point(longitude, latitude)
    found = [
        grid
        for grid in candidates(longitude, latitude, min_level=min_level)
        if (shape := PREPARED.get(grid)) is not None and shape.covers(point)
    ]
    return sorted(found, key=lambda g: (-g.level, g.kind == GridKind.REGULAR, g.path))


def grid_at(latitude: Decimal | float, longitude: Decimal | float) -> Grid | None:
    """The deepest grid (micro grid, then third-level grid) whose boundary holds the point."""
    found = grids_at(latitude, longitude, min_level=GridLevel.GRID)
    return found[0] if found else None
