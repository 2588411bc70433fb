from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey

from governance.care.models.residents import Resident
from governance.text import validate_visible_text


class VisitMethod(models.TextChoices):
    HOME = "home", _("home visit")
    PHONE = "phone", _("phone call")


class CareGroup(models.Model):
    """A special group (特殊群体) of the care ledger: 低保, 独居老人, 留守儿童 …"""

    name = models.CharField(
        _("name"), max_length=30, unique=True, validators=[validate_visible_text]
    )
    visit_cycle_days = models.PositiveSmallIntegerField(
        _("visit cycle (days)"),
        default=30,
        help_text=_("Each member is visited at least this often: 30 for monthly, 7 for weekly."),
    )
    allows_home_visit = models.BooleanField(_("home visits count"), default=True)
    allows_phone_call = models.BooleanField(_("phone calls count"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("special group")
        verbose_name_plural = _("special groups")
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(visit_cycle_days__gte=1), name="care_group_cycle_positive"
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if not (self.allows_home_visit or self.allows_phone_call):
            raise ValidationError(_("Allow at least one way of visiting."))
        if self.visit_cycle_days is not None and self.visit_cycle_days < 1:
            raise ValidationError({"visit_cycle_days": _("A cycle is at least one day.")})

    @property
    def methods(self) -> list[str]:
        return [
            method
            for method, allowed in (
                (VisitMethod.HOME, self.allows_home_visit),
                (VisitMethod.PHONE, self.allows_phone_call),
            )
            if allowed
        ]


class CareMembership(models.Model):
    """A resident in a special group, from a day and (once it ends) to a day."""

    resident = ParentalKey(
        Resident, verbose_name=_("resident"), on_delete=models.CASCADE, related_name="memberships"
    )
    group = models.ForeignKey(CareGroup, verbose_name=_("special group"), on_delete=models.PROTECT)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        verbose_name = _("special group membership")
        verbose_name_plural = _("special group memberships")
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="care_membership_ends_after_start",
            )
        ]

    def __str__(self):
        return str(self.group)

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})

    def is_active(self, on) -> bool:
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)
