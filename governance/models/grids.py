"""The grid tree: district → street → community → third-level grid → micro grid."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from governance.text import contains_place, place_key, validate_visible_text

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

    def clean(self):
        """Checks what the node knows itself; where a new node may go is checked by
        `governance.services.grids.grid_create`, which knows the intended parent."""
        super().clean()
        if self.pk and self.depth:
            parent = self.get_parent() if self.depth > 1 else None
            validate_grid_placement(
                code=self.code, level=self.level, parent=parent, is_root=parent is None
            )
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


GEOJSON_AREA_TYPES = {"Polygon", "MultiPolygon"}


def validate_boundary(boundary):
    if boundary in (None, ""):
        return
    if not isinstance(boundary, dict) or boundary.get("type") not in GEOJSON_AREA_TYPES:
        raise ValidationError(
            {"boundary": _("The boundary must be a GeoJSON Polygon or MultiPolygon geometry.")}
        )
    if not isinstance(boundary.get("coordinates"), list) or not boundary["coordinates"]:
        raise ValidationError({"boundary": _("The boundary has no coordinates.")})
