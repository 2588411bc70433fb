"""The import history: every spreadsheet import, previewed or applied, with its outcome."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _


def private_storage():
    """Uploaded sheets and reports hold personal data: they live outside MEDIA_ROOT, never served.

    A callable, so migrations record this function rather than one machine's absolute path.
    """
    return storages["private"]


class ImportMode(models.TextChoices):
    PREVIEW = "preview", _("Preview (dry run)")
    APPLY = "apply", _("Apply")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    REJECTED = "rejected", _("Rejected (nothing written)")
    FAILED = "failed", _("Failed")
    INTERRUPTED = "interrupted", _("Failed (can be retried)")


FINISHED_STATUSES = frozenset(
    {
        ImportStatus.SUCCEEDED,
        ImportStatus.REJECTED,
        ImportStatus.FAILED,
        ImportStatus.INTERRUPTED,
    }
)
RETRYABLE_STATUSES = frozenset({ImportStatus.FAILED, ImportStatus.INTERRUPTED})


class ImportJob(models.Model):
    type_key = models.CharField(_("registry type"), max_length=20)
    mode = models.CharField(_("mode"), max_length=10, choices=ImportMode.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", storage=private_storage)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    preview_of = models.ForeignKey(
        "self",
        verbose_name=_("preview"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    new_rows = models.PositiveIntegerField(_("new"), default=0)
    updated_rows = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_rows = models.PositiveIntegerField(_("unchanged"), default=0)
    error_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("import history")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A preview is applied once, however many times "confirm" is clicked.
            models.UniqueConstraint(
                fields=["preview_of"],
                condition=models.Q(mode="apply"),
                name="one_application_per_preview",
            )
        ]

    def __str__(self):
        return f"{self.file_name}（{self.get_mode_display()}，{self.get_status_display()}）"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def can_retry(self) -> bool:
        return self.status in RETRYABLE_STATUSES

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))
