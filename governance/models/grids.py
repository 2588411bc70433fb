"""The grid tree: district → street → community → third-level grid → micro grid."""

import math
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from governance.geo.lattice import key_of_extent
from governance.geo.shapes import BoundaryError, stray_outside, to_shape
from governance.text import contains_place, place_key, validate_visible_text

# Sent inside a subtree's move, after it: node_id, old_ancestor_ids (ids read before the move,
# as a move may renumber the paths around it). The tally summary shifts the subtree's totals.
grid_moved = Signal()

# A building as place_key writes it, to find inside a longer address.
BUILDING_NUMBER = re.compile(r"\d+号楼")


class GridLevel(models.IntegerChoices):
    DISTRICT = 1, _("District")
    STREET = 2, _("Street (first-level grid)")
    COMMUNITY = 3, _("Community (second-level grid)")
    GRID = 4, _("Third-level grid")
    MICRO = 5, _("Micro grid")


# National statistical division codes: district 6 digits, street 9, community 12; the
# grids below extend their parent's code by three digits each.
CODE_LENGTH_BY_LEVEL = {
    GridLevel.DISTRICT: 6,
    GridLevel.STREET: 9,
    GridLevel.COMMUNITY: 12,
    GridLevel.GRID: 15,
    GridLevel.MICRO: 18,
}
DEEPEST_LEVEL = max(GridLevel)
CODE_MAX_LENGTH = CODE_LENGTH_BY_LEVEL[DEEPEST_LEVEL]
CODE_PATTERN = re.compile(r"^\d+$")


def level_of_code(code: str) -> int | None:
    """The level a unified code of this length stands for, or None."""
    return next(
        (level for level, length in CODE_LENGTH_BY_LEVEL.items() if len(code) == length), None
    )


def parent_code_of(code: str) -> str | None:
    """The code of the node a code extends (None for a district or a malformed code)."""
    level = level_of_code(code)
    if level is None or level == GridLevel.DISTRICT:
        return None
    return code[: CODE_LENGTH_BY_LEVEL[level - 1]]


class GridKind(models.TextChoices):
    REGULAR = "regular", _("Regular grid")
    ENTERPRISE = "enterprise", _("Exclusive grid: enterprise")
    MARKET = "market", _("Exclusive grid: market")
    SCHOOL = "school", _("Exclusive grid: school")
    BUILDING = "building", _("Exclusive grid: office building")
    OTHER = "other", _("Exclusive grid: other unit")


class GridQuerySet(MP_NodeQuerySet):
    def subtree(self, node, *, include_self=True):
        """All nodes under `node`: one indexed prefix query on the materialised path."""
        qs = self.filter(path__startswith=node.path)
        return qs if include_self else qs.exclude(pk=node.pk)

    def under_any(self, nodes):
        condition = models.Q(pk__in=[])
        for node in nodes:
            condition |= models.Q(path__startswith=node.path)
        return self.filter(condition)

    def at_level(self, level):
        return self.filter(level=level)


class GridManager(MP_NodeManager.from_queryset(GridQuerySet)):
    def get_queryset(self):
        return GridQuerySet(self.model, using=self._db).order_by("path")


class Grid(MP_Node):
    name = models.CharField(_("name"), validators=[validate_visible_text], max_length=100)
    code = models.CharField(
        _("unified code"),
        max_length=CODE_MAX_LENGTH,
        unique=True,
        help_text=_(
            "District 6 digits, street 9, community 12 (national division codes); "
            "each grid below adds 3 digits to its parent's code."
        ),
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=GridLevel.choices)
    kind = models.CharField(
        _("kind"), max_length=20, choices=GridKind.choices, default=GridKind.REGULAR
    )
    households = models.PositiveIntegerField(_("households"), default=0)
    population = models.PositiveIntegerField(_("population"), default=0)
    buildings = models.PositiveIntegerField(_("buildings"), default=0)
    coverage = models.TextField(
        _("buildings and addresses covered"),
        blank=True,
        help_text=_("One building or address per line, e.g. 33号楼 or 大学路12号院."),
    )
    service_hotline = models.CharField(
        _("service hotline"),
        max_length=40,
        blank=True,
        help_text=_("The public office number printed on contact cards."),
    )
    boundary = models.JSONField(
        _("boundary (GeoJSON)"),
        null=True,
        blank=True,
        help_text=_("A GeoJSON Polygon or MultiPolygon geometry, coordinates in WGS84."),
    )
    latitude = models.DecimalField(
        _("centre latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("centre longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    # Kept from the boundary on save: where the map looks first (governance/geo/locate.py).
    extent_west = models.FloatField(_("west edge"), null=True, blank=True, editable=False)
    extent_south = models.FloatField(_("south edge"), null=True, blank=True, editable=False)
    extent_east = models.FloatField(_("east edge"), null=True, blank=True, editable=False)
    extent_north = models.FloatField(_("north edge"), null=True, blank=True, editable=False)
    lattice_key = models.CharField(
        _("map lattice key"), max_length=32, blank=True, db_index=True, editable=False
    )
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = GridManager()

    class Meta:
        verbose_name = _("grid")
        verbose_name_plural = _("grids")
        ordering = ["path"]
        indexes = [models.Index(fields=["level", "code"])]

    def __str__(self):
        return f"{self.name}（{self.code}）"

    @property
    def is_exclusive(self) -> bool:
        return self.kind != GridKind.REGULAR

    @property
    def parent_path(self) -> str:
        return self.path[: -self.steplen]

    def matches_place(self, text: str) -> bool:
        """Whether a building or address someone typed finds this grid: the contact card's
        finder and the quick report both ask this. 33栋 finds 33号楼, a street name finds the
        addresses on it, and a building within a longer address (华府小区33栋) finds its grid."""
        key = place_key(text)
        if not key:
            return False
        if key == self.code:
            return True
        places = [place_key(self.name), *(place_key(line) for line in self.coverage.splitlines())]
        needles = [key, *BUILDING_NUMBER.findall(key)]
        return any(contains_place(place, needle) for needle in needles for place in places)

    def ancestor_paths(self) -> list[str]:
        return [self.path[:end] for end in range(self.steplen, len(self.path), self.steplen)]

    def breadcrumbs(self):
        """Ancestors from the root down, in one query."""
        return list(Grid.objects.filter(path__in=self.ancestor_paths()).order_by("depth"))

    def move(self, target, pos=None):
        with transaction.atomic():
            old_ancestor_ids = list(
                Grid.objects.filter(path__in=self.ancestor_paths()).values_list("pk", flat=True)
            )
            super().move(target, pos)
            grid_moved.send(sender=Grid, node_id=self.pk, old_ancestor_ids=old_ancestor_ids)

    def save(self, *args, **kwargs):
        self.refresh_extent()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "boundary" in update_fields:
            kwargs["update_fields"] = {*update_fields, *EXTENT_FIELDS}
        super().save(*args, **kwargs)

    def refresh_extent(self):
        """The extent and lattice key of the boundary, or none for a missing or unusable one
        (the form and the import refuse those; a raw write must not break the map)."""
        try:
            geometry = to_shape(self.boundary) if self.boundary else None
        except BoundaryError:
            geometry = None
        if geometry is None:
            self.extent_west = self.extent_south = self.extent_east = self.extent_north = None
            self.lattice_key = ""
            return
        extent = bounds_of(geometry)
        self.extent_west, self.extent_south, self.extent_east, self.extent_north = extent
        self.lattice_key = key_of_extent(*extent)

    def clean(self):
        """Checks what the node knows itself; where a new node may go is checked by
        `governance.services.grids.grid_create`, which knows the intended parent."""
        super().clean()
        if self.pk and self.depth:
            parent = self.get_parent() if self.depth > 1 else None
            validate_grid_placement(
                code=self.code, level=self.level, parent=parent, is_root=parent is None
            )
            validate_boundary(self.boundary, parent=parent)
        else:
            validate_code_shape(code=self.code, level=self.level)
            validate_boundary(self.boundary)


def code_shape_errors(*, code, level) -> dict:
    if code and not CODE_PATTERN.match(code):
        return {"code": _("The unified code may contain digits only.")}
    expected = CODE_LENGTH_BY_LEVEL.get(level) if level else None
    if code and expected and len(code) != expected:
        return {
            "code": _("A %(level)s code has %(expected)d digits; “%(code)s” has %(actual)d.")
            % {
                "level": GridLevel(level).label,
                "expected": expected,
                "code": code,
                "actual": len(code),
            }
        }
    return {}


def validate_code_shape(*, code, level):
    """Digits only, as many as the level asks for."""
    if errors := code_shape_errors(code=code, level=level):
        raise ValidationError(errors)


def validate_grid_placement(*, code, level, parent, is_root):
    """The code must extend the parent's, at the parent's level plus one."""
    errors = code_shape_errors(code=code, level=level)
    if is_root:
        if level and level != GridLevel.DISTRICT:
            errors["level"] = _("Only a district can stand at the top of the tree.")
    elif parent is not None:
        if level and level != parent.level + 1:
            errors["level"] = _(
                "Under %(parent)s (%(parent_level)s) a grid must be at level “%(expected)s”."
            ) % {
                "parent": parent.name,
                "parent_level": parent.get_level_display(),
                "expected": GridLevel(parent.level + 1).label
                if parent.level < DEEPEST_LEVEL
                else _("none: micro grids have no children"),
            }
        if code and not code.startswith(parent.code) and "code" not in errors:
            errors["code"] = _(
                "The code “%(code)s” must start with the parent's code “%(parent_code)s”."
            ) % {"code": code, "parent_code": parent.code}
    if errors:
        raise ValidationError(errors)


EXTENT_FIELDS = ("extent_west", "extent_south", "extent_east", "extent_north", "lattice_key")


def bounds_of(geometry) -> tuple[float, float, float, float]:
    return tuple(float(value) for value in geometry.bounds)


def validate_boundary(boundary, *, parent: "Grid | None" = None):
    """A usable polygon that stays inside the parent's boundary (when the parent has one),
    within MAP_PARENT_TOLERANCE_METRES of its edge."""
    if boundary in (None, ""):
        return
    try:
        geometry = to_shape(boundary)
    except BoundaryError as error:
        raise ValidationError({"boundary": str(error)}) from error
    if parent is None or not parent.boundary:
        return
    try:
        parent_geometry = to_shape(parent.boundary)
    except BoundaryError:
        return
    validate_inside(geometry, parent_geometry, parent_name=parent.name)


def validate_inside(geometry, parent_geometry, *, parent_name: str):
    """The boundary check against the parent, on shapes already read (an import checks many
    children against one parent, or against the parent's boundary in the same file)."""
    stray = stray_outside(geometry, parent_geometry, settings.MAP_PARENT_TOLERANCE_METRES)
    if stray:
        raise ValidationError(
            {
                "boundary": _(
                    "The boundary reaches %(metres)d m outside %(parent)s's boundary "
                    "(up to %(tolerance)d m is allowed)."
                )
                % {
                    "metres": math.ceil(stray),
                    "parent": parent_name,
                    "tolerance": settings.MAP_PARENT_TOLERANCE_METRES,
                }
            }
        )
