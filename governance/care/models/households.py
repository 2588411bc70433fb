from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from governance.models import Grid
from governance.models.grids import GridLevel
from governance.text import validate_visible_text

HOUSEHOLD_LEVELS = (GridLevel.GRID, GridLevel.MICRO)


def covers_building(grid: Grid, building: str) -> bool:
    """Whether the grid's list of covered buildings (one a line) names this building; a grid
    with no list accepts any. Exact lines, not substrings: 5号楼 is not 51号楼."""
    listed = {line.strip() for line in grid.coverage.splitlines() if line.strip()}
    return not listed or building.strip() in listed


class HouseholdTag(models.Model):
    """党员家庭, 特殊人员家庭, 出租房 …: kinds of household, kept as data."""

    name = models.CharField(
        _("name"), max_length=30, unique=True, validators=[validate_visible_text]
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("household tag")
        verbose_name_plural = _("household tags")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Household(models.Model):
    """A household (户) at one address of a third-level or micro grid."""

    grid = models.ForeignKey(
        Grid,
        verbose_name=_("grid"),
        on_delete=models.PROTECT,
        related_name="care_households",
        limit_choices_to={"level__in": HOUSEHOLD_LEVELS},
    )
    building = models.CharField(_("building"), max_length=50, validators=[validate_visible_text])
    unit = models.CharField(pgettext_lazy("building", "unit"), max_length=20, blank=True)
    room = models.CharField(_("room"), max_length=20, validators=[validate_visible_text])
    tags = models.ManyToManyField(HouseholdTag, verbose_name=_("tags"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("household records")
        ordering = ["grid__path", "building", "unit", "room"]
        constraints = [
            models.UniqueConstraint(
                fields=["grid", "building", "unit", "room"],
                name="care_household_address",
                violation_error_message=_("A household at this address is already registered."),
            )
        ]

    def __str__(self):
        return self.address

    @property
    def tag_names(self) -> str:
        return "、".join(tag.name for tag in self.tags.all())

    @property
    def address(self) -> str:
        unit = f"{self.unit}单元" if self.unit and not self.unit.endswith("单元") else self.unit
        return f"{self.building}{unit}{self.room}"

    def clean(self):
        if self.grid_id and self.grid.level not in HOUSEHOLD_LEVELS:
            raise ValidationError({"grid": _("Households belong to a third-level or micro grid.")})
        if self.grid_id and self.building and not covers_building(self.grid, self.building):
            raise ValidationError(
                {
                    "building": _("%(building)s is not among the buildings of %(grid)s.")
                    % {"building": self.building, "grid": self.grid.name}
                }
            )
