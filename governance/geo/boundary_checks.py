"""The checks a boundary file needs as a whole, done once before its rows are checked.

A feature is checked against the boundary its parent will have once the file applies: the
parent's feature in the same file if it has one, else the parent's stored boundary. Overlaps
between regular siblings, and existing children left outside a parent's new boundary, are
warnings (the map still works; a person should look), computed on the tree as the file would
leave it. All grids involved are read in a few queries, whatever the file's order.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _
from shapely import STRtree
from shapely.geometry.base import BaseGeometry

from governance.geo.shapes import (
    BoundaryError,
    overlap_square_metres,
    stray_outside,
    to_shape,
)
from governance.models import Grid, GridKind

# Grid lookups by path prefix are OR-ed conditions: keep each query's size reasonable.
PATHS_PER_QUERY = 200
MAX_WARNINGS = 100
GRID_FIELDS = ("id", "code", "name", "path", "depth", "kind", "boundary")


@dataclass
class FileBoundaries:
    """The file's features by code, and the stored grids around them."""

    #: the stored grids the file names, by code
    grids: dict[str, Grid]
    #: each code's new shape (its first feature), when the feature's boundary is usable
    shapes: dict[str, BaseGeometry] = field(default_factory=dict)
    #: each code's unusable boundary: the shape check's message
    shape_errors: dict[str, str] = field(default_factory=dict)
    #: the parents of the named grids, by path
    parents: dict[str, Grid] = field(default_factory=dict)
    #: stored shapes read so far, by grid id (a parent serves many children)
    stored_shapes: dict[int, BaseGeometry | None] = field(default_factory=dict)

    @classmethod
    def read(cls, rows: list[tuple[str, dict | None]]) -> "FileBoundaries":
        """`rows`: (code, geometry) per feature, in the file's order."""
        codes = {code for code, _geometry in rows if code}
        grids = {grid.code: grid for grid in Grid.objects.filter(code__in=codes).only(*GRID_FIELDS)}
        checks = cls(grids=grids)
        for code, geometry in rows:
            if not code or code in checks.shapes or code in checks.shape_errors:
                continue
            if geometry is None:
                continue
            try:
                checks.shapes[code] = to_shape(geometry)
            except BoundaryError as error:
                checks.shape_errors[code] = str(error)
        parent_paths = {grid.parent_path for grid in grids.values() if grid.depth > 1}
        checks.parents = {
            grid.path: grid
            for grid in Grid.objects.filter(path__in=parent_paths).only(*GRID_FIELDS)
        }
        return checks

    def stored_shape(self, grid: Grid) -> BaseGeometry | None:
        if grid.pk not in self.stored_shapes:
            try:
                self.stored_shapes[grid.pk] = to_shape(grid.boundary) if grid.boundary else None
            except BoundaryError:
                self.stored_shapes[grid.pk] = None
        return self.stored_shapes[grid.pk]

    def final_shape(self, grid: Grid) -> BaseGeometry | None:
        """The boundary the grid has once the file applies (None: none, or not usable)."""
        if grid.code in self.shapes:
            return self.shapes[grid.code]
        if grid.code in self.shape_errors:
            return None
        return self.stored_shape(grid)

    def parent_of(self, grid: Grid) -> tuple[BaseGeometry | None, str]:
        """The parent's boundary once the file applies, and the parent's name."""
        parent = self.parents.get(grid.parent_path) if grid.depth > 1 else None
        if parent is None:
            return None, ""
        return self.final_shape(parent), parent.name

    # -- warnings ------------------------------------------------------------------------------
    def warnings(self) -> list[str]:
        found = [*self.sibling_overlaps(), *self.children_outside()]
        if len(found) > MAX_WARNINGS:
            more = len(found) - MAX_WARNINGS
            found = [*found[:MAX_WARNINGS], _("%(count)d more warnings.") % {"count": more}]
        return found

    def changed_grids(self) -> list[Grid]:
        return [grid for code, grid in self.grids.items() if code in self.shapes]

    def sibling_overlaps(self) -> list[str]:
        """Regular siblings that would overlap (exclusive grids may lie over regular ones)."""
        changed = [grid for grid in self.changed_grids() if grid.kind == GridKind.REGULAR]
        groups = {(grid.parent_path, grid.depth) for grid in changed}
        siblings: dict[tuple[str, int], dict[str, Grid]] = {group: {} for group in groups}
        for grid in self.children_of_groups(groups, kind=GridKind.REGULAR):
            siblings[(grid.parent_path, grid.depth)][grid.code] = grid
        for grid in changed:
            siblings[(grid.parent_path, grid.depth)][grid.code] = grid
        messages = []
        for members in siblings.values():
            messages += self.overlaps_among(sorted(members.values(), key=lambda g: g.path))
        return messages

    def overlaps_among(self, members: list[Grid]) -> list[str]:
        shaped = [(grid, self.final_shape(grid)) for grid in members]
        shaped = [(grid, shape) for grid, shape in shaped if shape is not None]
        # A street may hold hundreds of grids: only pairs whose extents meet are compared.
        tree = STRtree([shape for _grid, shape in shaped])
        messages = []
        for index, (one, one_shape) in enumerate(shaped):
            for other_index in sorted(tree.query(one_shape, predicate="intersects")):
                other, other_shape = shaped[other_index]
                if other_index <= index:
                    continue
                if one.code not in self.shapes and other.code not in self.shapes:
                    continue  # both as they were: not this file's doing
                area = overlap_square_metres(one_shape, other_shape)
                if area:
                    messages.append(
                        _("%(one)s and %(other)s overlap by about %(area)d square metres.")
                        % {"one": one, "other": other, "area": round(area)}
                    )
        return messages

    def children_outside(self) -> list[str]:
        """Stored children the file leaves outside their parent's new boundary."""
        changed = {grid.path: grid for grid in self.changed_grids()}
        groups = {(grid.path, grid.depth + 1) for grid in changed.values()}
        messages = []
        for child in self.children_of_groups(groups):
            if child.code in self.grids:
                continue  # in the file: its own feature is checked against the new boundary
            shape = self.stored_shape(child)
            parent = changed[child.parent_path]
            if shape is None:
                continue
            stray = stray_outside(
                shape, self.shapes[parent.code], settings.MAP_PARENT_TOLERANCE_METRES
            )
            if stray:
                messages.append(
                    _("%(child)s would lie %(metres)d m outside the new boundary of %(parent)s.")
                    % {"child": child, "parent": parent, "metres": round(stray)}
                )
        return messages

    @staticmethod
    def children_of_groups(groups, *, kind=None):
        """The stored grids with a boundary at (parent path, depth), a few queries in all."""
        groups = sorted(groups)
        for start in range(0, len(groups), PATHS_PER_QUERY):
            condition = Q(pk__in=[])
            for parent_path, depth in groups[start : start + PATHS_PER_QUERY]:
                condition |= Q(path__startswith=parent_path, depth=depth)
            grids = Grid.objects.filter(condition, boundary__isnull=False).only(*GRID_FIELDS)
            if kind is not None:
                grids = grids.filter(kind=kind)
            yield from grids.order_by("path")
