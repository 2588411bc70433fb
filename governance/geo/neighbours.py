"""The shapes drawn faintly beside a boundary being edited: its parent's, which it must stay
inside, and its siblings', which it should not overlap.

They carry what the public API already gives anyone (code, name, level, kind and the shape), so
an editor sees the street around their community even where the street is not theirs to open.
"""

from django.db.models import Q

from governance.geo.shapes import BoundaryError, simplified, to_shape
from governance.models import Grid

# Lighter than the stored shapes, but close enough to draw along the parent's edge.
REFERENCE_TOLERANCE_METRES = 1.0
PARENT, SIBLING = "parent", "sibling"


def reference_shapes(parent: Grid | None, *, leave_out: Grid | None = None) -> dict:
    """A FeatureCollection of `parent` (role "parent") and its children but `leave_out` (role
    "sibling"); without a parent, the districts. One query; grids without a boundary are
    skipped."""
    if parent is None:
        nearby = Q(depth=1)
    else:
        nearby = Q(pk=parent.pk) | Q(path__startswith=parent.path, depth=parent.depth + 1)
    grids = (
        Grid.objects.filter(nearby, extent_west__isnull=False)
        .only("pk", "code", "name", "level", "kind", "boundary", "path", "depth")
        .order_by("path")
    )
    if leave_out is not None and leave_out.pk:
        grids = grids.exclude(pk=leave_out.pk)
    features = []
    for grid in grids:
        try:
            geometry = to_shape(grid.boundary)
        except BoundaryError:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": simplified(geometry, REFERENCE_TOLERANCE_METRES),
                "properties": {
                    "role": PARENT if parent is not None and grid.pk == parent.pk else SIBLING,
                    "code": grid.code,
                    "name": grid.name,
                    "level": grid.level,
                    "kind": grid.kind,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
