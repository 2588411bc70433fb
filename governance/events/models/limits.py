"""How long a level may hold an event: hours on the clock, or PRC working days."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.models import GridLevel


class HandlingLevel(models.IntegerChoices):
    """The rungs an event can stand on: the grid levels, and the functional departments."""

    MICRO = GridLevel.MICRO, GridLevel.MICRO.label
    GRID = GridLevel.GRID, GridLevel.GRID.label
    COMMUNITY = GridLevel.COMMUNITY, GridLevel.COMMUNITY.label
    STREET = GridLevel.STREET, GridLevel.STREET.label
    DISTRICT = GridLevel.DISTRICT, GridLevel.DISTRICT.label
    DEPARTMENT = 0, _("Functional department")


class TimeUnit(models.TextChoices):
    HOURS = "hours", _("hours")
    WORKDAYS = "workdays", _("working days")


class TimeLimit(models.Model):
    amount = models.PositiveSmallIntegerField(
        _("time allowed"), validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    unit = models.CharField(
        _("unit"), max_length=10, choices=TimeUnit.choices, default=TimeUnit.WORKDAYS
    )

    class Meta:
        abstract = True

    @property
    def limit_label(self) -> str:
        return f"{self.amount} {self.get_unit_display()}"
