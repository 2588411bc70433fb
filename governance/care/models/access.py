from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    VIEW = "view", _("viewed unmasked")
    EXPORT = "export", _("exported")


class PersonalDataAccess(models.Model):
    """One look at residents' personal data: an export of households or residents, or (later) a
    record shown unmasked. Kept so a district can answer who saw whom, when, and why."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=10, choices=AccessAction.choices)
    what = models.CharField(_("what"), max_length=200)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    grid_path = models.CharField(_("grid path"), max_length=255, blank=True, db_index=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)

    # An append-only log refers to nothing an editor would look for in "usage".
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-at", "-id"]

    def __str__(self):
        return self.what
