"""Work tallies (台账): kinds are data, entries count per grid and period, roll-ups sum subtrees."""

from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from governance import figures
from governance.periods import Period

from .grids import Grid


class TallyUnit(models.TextChoices):
    TIMES = "次", _("times (次)")
    PERSON_TIMES = "人次", _("person-times (人次)")
    HOUSEHOLDS = "户", _("households (户)")
    ITEMS = "件", _("items (件)")
    PIECES = "个", _("pieces (个)")


class TallyKind(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    unit = models.CharField(_("unit"), max_length=4, choices=TallyUnit.choices)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)
    # A figure an app computes from its records (governance/figures.py): such a kind is not
    # typed by hand; its entries are only the historical figures from before the records start.
    computed_from = models.CharField(
        _("computed from"),
        max_length=40,
        blank=True,
        choices=figures.choices,
        help_text=_(
            "Counted from the records instead of typed by hand. Only figures for periods before "
            "the records start can still be entered, as historical figures."
        ),
    )

    class Meta:
        verbose_name = _("tally kind")
        verbose_name_plural = _("tally kinds")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return f"{self.name}（{self.unit}）"

    @property
    def figure(self) -> "figures.Figure | None":
        return figures.get(self.computed_from)


class TallyEntryQuerySet(models.QuerySet):
    def within(self, period: Period):
        """Entries whose whole period lies inside `period`."""
        return self.filter(period_start__gte=period.start, period_end__lte=period.end)

    def in_subtree(self, node):
        return self.filter(grid__path__startswith=node.path)

    def totals_by_kind(self) -> dict[int, int]:
        """{kind id: total}: one aggregate query whatever the size of the tree."""
        rows = self.values("kind").annotate(total=Sum("value")).order_by()
        return {row["kind"]: row["total"] for row in rows}

    def totals_by_kind_and_month(self) -> dict[int, dict]:
        """{kind id: {first day of month: total}} in one query."""
        rows = (
            self.annotate(month=TruncMonth("period_start"))
            .values("kind", "month")
            .annotate(total=Sum("value"))
            .order_by()
        )
        table: dict[int, dict] = defaultdict(dict)
        for row in rows:
            month = row["month"]
            month = month.date() if hasattr(month, "date") else month
            table[row["kind"]][month] = row["total"]
        return table


class TallyEntry(models.Model):
    kind = models.ForeignKey(
        TallyKind, verbose_name=_("tally kind"), on_delete=models.PROTECT, related_name="entries"
    )
    grid = models.ForeignKey(
        Grid, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="tally_entries"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.PositiveBigIntegerField(_("value"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TallyEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("tally entry")
        verbose_name_plural = _("tally entries")
        ordering = ["-period_start", "grid__path", "kind__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "grid", "period_start", "period_end"],
                name="tally_entry_unique_per_period",
                violation_error_message=_(
                    "This grid already has an entry of this kind for this period."
                ),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="tally_entry_period_order",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["kind", "period_start", "period_end"])]

    def __str__(self):
        return f"{self.grid.name} {self.kind.name} {self.period_label}: {self.value}"

    @property
    def period_label(self) -> str:
        if month := Period.whole_month(self.period_start, self.period_end):
            return month.label
        return f"{self.period_start:%Y-%m-%d}至{self.period_end:%Y-%m-%d}"

    @property
    def is_historical(self) -> bool:
        """An entry of a kind computed from records: a figure from before the records start."""
        return bool(self.kind_id and self.kind.computed_from)

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})
        self.refuse_hand_entry_of_computed_figures()

    def refuse_hand_entry_of_computed_figures(self):
        figure = self.kind.figure if self.kind_id else None
        if figure is None or not self.grid_id or not self.period_end:
            return
        start = figure.records_start(self.grid.path[: Grid.steplen])
        if start is not None and self.period_end >= start:
            raise ValidationError(
                {
                    "kind": _(
                        "“%(kind)s” is counted from the records, which start on %(date)s in "
                        "this district: only figures for periods ending before then can be "
                        "entered, as historical figures."
                    )
                    % {"kind": self.kind.name, "date": f"{start:%Y-%m-%d}"}
                }
            )
