"""积分管理: the scoring rules are data, and the scores are computed from the records.

A month's score is, for each active rule, its points times what the official's records count for
that month (capped by the rule's monthly maximum), plus what assessors scored by hand for the
month. A quarter's or a year's score is the sum of its months.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.text import validate_visible_text

from .officials import Duty, YoungOfficial


class ScoreBasis(models.TextChoices):
    VISIT = "visit", _("Per home visit recorded")
    NEED = "need", _("Per need collected")
    TASK_ON_TIME = "task_on_time", _("Per task closed on time")
    MILESTONE = "milestone", _("Per project milestone reached")
    DUTY = "duty", _("Per six-duty log entry")
    MANUAL = "manual", _("Scored by assessors")


class ScoringRule(models.Model):
    name = models.CharField(
        _("name"), max_length=60, unique=True, validators=[validate_visible_text]
    )
    basis = models.CharField(_("counts"), max_length=20, choices=ScoreBasis.choices)
    duty = models.CharField(
        _("duty"),
        max_length=20,
        choices=Duty.choices,
        blank=True,
        help_text=_("For six-duty entries: only this duty (empty: any duty)."),
    )
    points = models.DecimalField(
        _("points"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Per record; for items scored by assessors, the most they may give."),
    )
    monthly_cap = models.DecimalField(
        _("monthly maximum"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("The most this rule gives in one month; empty for no limit."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        verbose_name = _("scoring rule")
        verbose_name_plural = _("scoring rules")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class ManualScore(models.Model):
    """An assessor's mark for one official, one hand-scored rule and one month."""

    grid_path_lookup = "official__person__grid__path"

    official = models.ForeignKey(
        YoungOfficial,
        verbose_name=_("young official"),
        on_delete=models.CASCADE,
        related_name="manual_scores",
    )
    rule = models.ForeignKey(
        ScoringRule,
        verbose_name=_("scoring rule"),
        on_delete=models.PROTECT,
        related_name="manual_scores",
        limit_choices_to={"basis": ScoreBasis.MANUAL},
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month scored."))
    points = models.DecimalField(
        _("points"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    note = models.TextField(_("comment"), blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scored by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    scored_at = models.DateTimeField(_("scored at"), auto_now=True)

    class Meta:
        verbose_name = _("assessor's score")
        verbose_name_plural = _("assessors' scores")
        ordering = ["-month", "official"]
        constraints = [
            models.UniqueConstraint(
                fields=["official", "rule", "month"],
                name="manual_score_once_per_month",
                violation_error_message=_("This item is already scored for this month."),
            )
        ]

    def __str__(self):
        return f"{self.official} · {self.rule} · {self.month:%Y-%m}"

    def save(self, *args, **kwargs):
        # Marks are per month: any day of it names the month.
        self.month = self.month.replace(day=1)
        super().save(*args, **kwargs)

    @property
    def grid(self):
        return self.official.grid

    def clean(self):
        if self.month:
            self.month = self.month.replace(day=1)
        if self.rule_id and self.points is not None:
            if self.rule.basis != ScoreBasis.MANUAL:
                raise ValidationError(
                    {"rule": _("This rule counts records; it is not scored by hand.")}
                )
            if self.points > self.rule.points:
                raise ValidationError(
                    {
                        "points": _("At most %(points)s points for this item.")
                        % {"points": self.rule.points}
                    }
                )
