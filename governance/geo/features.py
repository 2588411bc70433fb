"""A subtree's boundaries as a GeoJSON FeatureCollection, lightened for maps and cached.

Kept per subtree root under the registry version, so any registry write shows at once and a
district's few thousand shapes are simplified once, not per reader.
"""

from django.core.cache import cache

from governance.geo.shapes import BoundaryError, simplified, to_shape
from governance.models import Grid
from governance.versioning import registry_stamp

# Vertices nearer than this to the line are dropped: invisible at street zoom, and most of a
# surveyed boundary's weight.
PUBLIC_TOLERANCE_METRES = 3.0
CACHE_SECONDS = 24 * 60 * 60


def grid_feature(grid: Grid, geometry) -> dict:
    return {
        "type": "Feature",
        "id": grid.code,
        "geometry": simplified(geometry, PUBLIC_TOLERANCE_METRES),
        "properties": {
            "code": grid.code,
            "name": grid.name,
            "level": grid.level,
            "kind": grid.kind,
        },
    }


def build_boundaries(node: Grid) -> dict:
    features = []
    grids = (
        Grid.objects.filter(path__startswith=node.path, extent_west__isnull=False)
        .only("code", "name", "level", "kind", "boundary", "path")
        .order_by("path")
    )
    for grid in grids.iterator(chunk_size=500):
        try:
            geometry = to_shape(grid.boundary)
        except BoundaryError:
            continue
        features.append(grid_feature(grid, geometry))
    return {"type": "FeatureCollection", "features": features}


def subtree_boundaries(node: Grid) -> dict:
    key = f"grid-boundaries:{registry_stamp(node)}:{node.path}"
    collection = cache.get(key)
    if collection is None:
        collection = build_boundaries(node)
        cache.set(key, collection, CACHE_SECONDS)
    return collection
