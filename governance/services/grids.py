"""Writes on the grid tree. Admin forms, imports and the demo seed all come through here."""

from django.db import transaction

from governance.models import Grid

TREE_FIELDS = ("path", "depth", "numchild")


def grid_validate(*, grid: Grid, parent: Grid | None) -> None:
    """Runs every model check, including code and level against the intended parent."""
    grid._intended_parent = parent
    grid.full_clean(exclude=TREE_FIELDS)


def grid_insert(grid: Grid, parent: Grid | None) -> Grid:
    """Puts an already validated node into the tree: a root, or the last child of `parent`."""
    if parent is None:
        return Grid.add_root(instance=grid)
    # add_child works on the parent's stored path and child count: read them fresh.
    parent.refresh_from_db(fields=TREE_FIELDS)
    return parent.add_child(instance=grid)


@transaction.atomic
def grid_create(*, parent: Grid | None, **fields) -> Grid:
    grid = Grid(**fields)
    grid_validate(grid=grid, parent=parent)
    return grid_insert(grid, parent)
