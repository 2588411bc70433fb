"""PDF report layouts (composed in the admin) and the reports built from them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.fields import StreamField

from governance.periods import Period
from governance.reports.blocks import ReportBlocks

from .grids import Grid
from .imports import private_storage


class ReportLayout(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    blocks = StreamField(ReportBlocks(), verbose_name=_("blocks"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("report layout")
        verbose_name_plural = _("report layouts")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    BUILDING = "building", _("Building")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


def validate_period(value: str) -> None:
    try:
        Period.parse(value)
    except ValueError as error:
        raise ValidationError(str(error)) from error


class Report(models.Model):
    layout = models.ForeignKey(
        ReportLayout,
        verbose_name=_("report layout"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    grid = models.ForeignKey(
        Grid, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="reports"
    )
    period = models.CharField(
        _("period"),
        max_length=30,
        validators=[validate_period],
        help_text=_("2026-10 (month), 2026-Q3 (quarter) or 2026 (year)."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    failure_reason = models.TextField(_("reason for failure"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True, editable=False)
    file = models.FileField(
        _("PDF file"),
        upload_to="reports/%Y/%m/",
        storage=private_storage,
        blank=True,
        editable=False,
    )
    # "pages" alone is also Wagtail's name for its Page model; the context keeps "页数" off it.
    page_count = models.PositiveIntegerField(
        pgettext_lazy("number of pages of a PDF", "pages"), null=True, blank=True, editable=False
    )
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.grid.name} · {self.period_label} · {self.layout.name}"

    @property
    def period_label(self) -> str:
        try:
            return Period.parse(self.period).label
        except ValueError:
            return self.period

    @property
    def download_name(self) -> str:
        return f"{self.grid.name}_{self.period_label}_{self.layout.name}.pdf"
