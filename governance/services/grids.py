"""Writes on the grid tree: the one door through which a node enters the tree. The admin form,
the spreadsheet import, the demo seed and the factories all call `grid_create`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from governance.models import Grid
from governance.models.grids import validate_boundary, validate_grid_placement
from governance.permissions import ADD, scope_for

TREE_FIELDS = ("path", "depth", "numchild")


def grid_check_new(*, code: str, level: int, parent: Grid | None, user=None) -> None:
    """Raises a field-keyed ValidationError unless `user` may put this node under `parent`.

    `user` None is the server operator (a command or the demo seed), who may add anywhere.
    """
    validate_grid_placement(code=code, level=level, parent=parent, is_root=parent is None)
    if user is None:
        return
    scope = scope_for(user)
    if parent is None and not scope.is_superuser:
        raise ValidationError({"parent": _("Only a superuser can create a district.")})
    if parent is not None and not scope.allows(ADD, parent.path):
        raise ValidationError(
            {"parent": _("You may not add grids under %(parent)s.") % {"parent": parent.name}}
        )


@transaction.atomic
def grid_create(*, grid: Grid, parent: Grid | None, user=None) -> Grid:
    """Validates the unsaved `grid` and puts it into the tree: a root, or the last child of
    `parent`."""
    grid.full_clean(exclude=TREE_FIELDS)
    grid_check_new(code=grid.code, level=grid.level, parent=parent, user=user)
    validate_boundary(grid.boundary, parent=parent)
    if parent is None:
        return Grid.add_root(instance=grid)
    # add_child works on the parent's stored path and child count: read them fresh.
    parent.refresh_from_db(fields=TREE_FIELDS)
    return parent.add_child(instance=grid)
