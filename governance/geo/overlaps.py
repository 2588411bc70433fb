"""Which regular siblings a grid's boundary overlaps, for the warning after a save.

Overlaps are reported, not refused: two neighbours drawn from different surveys often claim the
same block until someone settles it, and the save must not wait for that. Exclusive grids (a
market, a school) lie over regular ones by design, so only regular grids are compared.
"""

from dataclasses import dataclass

from governance.geo.shapes import BoundaryError, overlap_square_metres, to_shape
from governance.models import Grid, GridKind


@dataclass(frozen=True)
class Overlap:
    sibling: Grid
    square_metres: float


def overlapping_siblings(grid: Grid) -> list[Overlap]:
    """The regular siblings whose boundary shares more than a sliver with `grid`'s, in tree
    order: one query, narrowed in the database to the siblings whose extents meet."""
    if grid.is_exclusive or grid.extent_west is None:
        return []
    try:
        geometry = to_shape(grid.boundary)
    except BoundaryError:
        return []
    candidates = (
        Grid.objects.filter(
            path__startswith=grid.parent_path,
            depth=grid.depth,
            kind=GridKind.REGULAR,
            extent_west__lte=grid.extent_east,
            extent_east__gte=grid.extent_west,
            extent_south__lte=grid.extent_north,
            extent_north__gte=grid.extent_south,
        )
        .exclude(pk=grid.pk)
        .only("pk", "name", "code", "path", "depth", "kind", "boundary")
        .order_by("path")
    )
    found = []
    for sibling in candidates:
        try:
            other = to_shape(sibling.boundary)
        except BoundaryError:
            continue
        shared = overlap_square_metres(geometry, other)
        if shared:
            found.append(Overlap(sibling, shared))
    return found
