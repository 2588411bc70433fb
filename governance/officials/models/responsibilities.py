"""责任事项清单: what a street or a community owes, and the departments above it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.models import Grid
from governance.models.grids import GridLevel
from governance.text import validate_visible_text


class ListLevel(models.IntegerChoices):
    # The values are the grid levels the lists are written for.
    STREET = GridLevel.STREET, _("Street list")
    COMMUNITY = GridLevel.COMMUNITY, _("Community list")


class ResponsibilityItem(models.Model):
    """One duty on a level's list. A district's lists apply to every street and community in
    it; a street may keep a list of its own for its communities."""

    grid = models.ForeignKey(
        Grid,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="responsibility_items",
        limit_choices_to={"level__in": (GridLevel.DISTRICT, GridLevel.STREET)},
        help_text=_("The district or street whose list this is."),
    )
    level = models.PositiveSmallIntegerField(_("list"), choices=ListLevel.choices)
    number = models.CharField(_("item number"), max_length=20, validators=[validate_visible_text])
    title = models.CharField(_("duty"), max_length=200, validators=[validate_visible_text])
    legal_basis = models.TextField(_("legal basis"), blank=True)
    responsible_unit = models.CharField(
        _("responsible unit"),
        max_length=100,
        help_text=_("Who carries the duty: the level itself, or a department above it."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("responsibility item")
        verbose_name_plural = _("responsibility lists")
        ordering = ["grid__path", "level", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["grid", "level", "number"],
                name="responsibility_unique_number",
                violation_error_message=_("This list already has an item with this number."),
            )
        ]

    def __str__(self):
        return f"{self.number} {self.title}"
