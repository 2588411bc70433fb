from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.care.models.groups import VisitMethod
from governance.care.models.residents import Resident
from governance.models import Grid


class Visit(models.Model):
    """A visit or call to a resident (走访记录 / 民情日志). When the resident is erased the visit
    stays, without its words, so 走访人次 of past months does not change."""

    resident = models.ForeignKey(
        Resident,
        verbose_name=_("resident"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="visits",
    )
    # Where the resident lived at the time: counts stay with the grid that did the work.
    grid = models.ForeignKey(
        Grid, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="care_visits"
    )
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="care_visits",
    )
    visited_at = models.DateTimeField(_("visited at"))
    method = models.CharField(_("method"), max_length=10, choices=VisitMethod.choices)
    findings = models.TextField(_("what was found"))
    needs = models.TextField(_("needs raised"), blank=True)
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event raised"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_at", "-id"]
        indexes = [models.Index(fields=["visited_at", "grid"], name="care_visit_month")]

    def __str__(self):
        return f"{self.get_method_display()} {self.visited_at:%Y-%m-%d}"

    @property
    def visited_by_name(self) -> str:
        user = self.visited_by
        return (user.get_full_name() or user.get_username()) if user else "—"
