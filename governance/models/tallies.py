"""Work tallies (台账): kinds are data, entries count per grid and period, roll-ups sum subtrees."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from governance import figures
from governance.periods import Period

from .grids import Grid
from .tally_summaries import ROW_FIELDS, TallyTotalsQuerySet, chunked, record_change


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


class TallyEntryQuerySet(TallyTotalsQuerySet):
    """Entries; every write through it moves the tally summary in the same transaction."""

    def month_of_row(self):
        return TruncMonth("period_start")

    def within(self, period: Period):
        """Entries whose whole period lies inside `period`."""
        return self.filter(period_start__gte=period.start, period_end__lte=period.end)

    def in_subtree(self, node):
        return self.filter(grid__path__startswith=node.path)

    def summary_rows(self, *, lock: bool) -> dict[int, tuple]:
        """{pk: the entry as the summary sees it}, locked until the transaction ends when
        `lock`, so that no other write moves it between this read and ours."""
        rows = self.order_by()
        if lock:
            rows = rows.select_for_update(of=("self",))
        return {pk: row for pk, *row in rows.values_list("pk", *ROW_FIELDS)}

    def of_pks(self, pks):
        for chunk in chunked(sorted(pks)):
            yield self.model.objects.filter(pk__in=chunk)

    def bulk_create(self, objs, *args, **kwargs):
        if kwargs.get("ignore_conflicts") or kwargs.get("update_conflicts"):
            # The summary could not tell which rows were written.
            raise ValueError("tally entries are created without ignoring or updating conflicts")
        objs = list(objs)
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            record_change(added=[summary_row(entry) for entry in objs])
        return created

    def update(self, **kwargs):
        # bulk_update comes through here too.
        if not {self.model._meta.get_field(name).attname for name in kwargs} & set(ROW_FIELDS):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            before = self.summary_rows(lock=True)
            after, count = {}, 0
            # The rows locked above, not the filter again: a row another write added since
            # would be updated without being counted.
            for entries in self.of_pks(before):
                count += models.QuerySet.update(entries, **kwargs)
                after.update(entries.summary_rows(lock=False))
            record_change(removed=before.values(), added=after.values())
        return count

    def delete(self):
        with transaction.atomic(using=self.db):
            before = self.summary_rows(lock=True)
            deleted, by_model = 0, {}
            for entries in self.of_pks(before):
                count, counts = models.QuerySet.delete(entries)
                deleted += count
                for label, n in counts.items():
                    by_model[label] = by_model.get(label, 0) + n
            record_change(removed=before.values())
        return deleted, by_model

    delete.alters_data = True
    delete.queryset_only = True


def summary_row(entry) -> tuple:
    return tuple(getattr(entry, name) for name in ROW_FIELDS)


def merged_row(stored: tuple, entry, written: set[str]) -> tuple:
    """The row as stored after writing only the `written` attributes of `entry`."""
    return tuple(
        getattr(entry, name) if name in written else value
        for name, value in zip(ROW_FIELDS, stored, strict=True)
    )


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

    def save(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using")):
            before = self.stored_row()
            super().save(*args, **kwargs)
            update_fields = kwargs.get("update_fields")
            written = (
                set(ROW_FIELDS)
                if update_fields is None
                else {self._meta.get_field(name).attname for name in update_fields}
            )
            after = [merged_row(before[0], self, written)] if before else [summary_row(self)]
            record_change(removed=before, added=after)

    save.alters_data = True

    def delete(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using")):
            before = self.stored_row()
            deleted = super().delete(*args, **kwargs)
            record_change(removed=before)
        return deleted

    delete.alters_data = True

    def stored_row(self) -> list[tuple]:
        """The entry as stored, locked, or nothing for a new one."""
        if self.pk is None:
            return []
        return list(TallyEntry.objects.filter(pk=self.pk).summary_rows(lock=True).values())

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
