"""Functional departments (职能部门) a street or district can send an event to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.models import Grid, GridLevel
from governance.text import validate_visible_text


class Department(models.Model):
    name = models.CharField(_("name"), max_length=60, validators=[validate_visible_text])
    district = models.ForeignKey(
        Grid,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="departments",
        limit_choices_to={"level": GridLevel.DISTRICT},
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        blank=True,
        related_name="event_departments",
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("functional department")
        verbose_name_plural = _("functional departments")
        ordering = ["district", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"],
                name="department_name_unique_in_district",
                violation_error_message=_("This district already has a department of this name."),
            )
        ]

    def __str__(self):
        return self.name
