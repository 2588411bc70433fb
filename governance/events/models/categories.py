"""The editable tree of event categories, each with its own time allowed per level."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from treebeard.mp_tree import MP_Node

from governance.events.models.limits import HandlingLevel, TimeLimit
from governance.text import validate_visible_text


class EventCategory(ClusterableModel, MP_Node):
    name = models.CharField(_("name"), max_length=60, validators=[validate_visible_text])
    code = models.SlugField(_("code"), max_length=40, unique=True, allow_unicode=False)
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(
        _("residents may report it"),
        default=True,
        help_text=_("Shown to residents and Open311 clients as a kind of request."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    node_order_by = ["name"]

    class Meta:
        verbose_name = _("event category")
        verbose_name_plural = _("event categories")
        ordering = ["path"]

    def __str__(self):
        return self.name

    def limit_for(self, level: int):
        """This category's own time limit at a level, or None to use the district's ladder."""
        return next((limit for limit in self.time_limits.all() if limit.level == level), None)


class CategoryTimeLimit(TimeLimit):
    category = ParentalKey(
        EventCategory,
        verbose_name=_("event category"),
        on_delete=models.CASCADE,
        related_name="time_limits",
    )
    level = models.SmallIntegerField(_("level"), choices=HandlingLevel.choices)

    class Meta:
        verbose_name = _("time limit")
        verbose_name_plural = _("time limits")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "level"],
                name="category_time_limit_once_per_level",
                violation_error_message=_("This category already has a time limit at this level."),
            )
        ]
