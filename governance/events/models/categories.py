"""The editable tree of event categories, each with its own time allowed per level and the
questions residents are asked when they report it."""

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


class AttributeType(models.TextChoices):
    """Open311's attribute data types."""

    STRING = "string", _("Short text")
    NUMBER = "number", _("Number")
    DATETIME = "datetime", _("Date and time")
    TEXT = "text", _("Long text")
    SINGLE = "singlevaluelist", _("One of a list")
    MULTIPLE = "multivaluelist", _("Several of a list")


class CategoryAttribute(models.Model):
    """A question asked of residents and Open311 clients when they report this kind of
    problem (e.g. 路灯编号 for a broken street light). Low code: edited with the category."""

    category = ParentalKey(
        EventCategory,
        verbose_name=_("event category"),
        on_delete=models.CASCADE,
        related_name="attributes",
    )
    # The order the admin's inline panel keeps (Wagtail's Orderable, with a Chinese label).
    sort_order = models.IntegerField(_("order"), null=True, blank=True, editable=False)
    sort_order_field = "sort_order"
    code = models.SlugField(_("code"), max_length=40)
    description = models.CharField(
        _("question"), max_length=200, validators=[validate_visible_text]
    )
    datatype = models.CharField(
        _("type of answer"), max_length=20, choices=AttributeType.choices, default="string"
    )
    required = models.BooleanField(_("required"), default=False)
    values = models.TextField(
        _("choices"),
        blank=True,
        help_text=_("For a list: one choice per line, as key=name (e.g. 1=不亮)."),
    )

    class Meta:
        ordering = ["sort_order"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "code"],
                name="category_attribute_code_once",
                violation_error_message=_("This category already asks a question with this code."),
            )
        ]

    def __str__(self):
        return self.description

    def choices(self) -> list[tuple[str, str]]:
        pairs = []
        for line in self.values.splitlines():
            key, _sep, name = line.strip().partition("=")
            if key.strip():
                pairs.append((key.strip(), (name or key).strip()))
        return pairs
