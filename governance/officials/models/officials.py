"""年轻干部: people sent down to a grid for a stint, and the log of their six duties (六员)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.models import Grid, Person


class YoungOfficial(models.Model):
    """The registry's person (name, home unit, grid and the period there) taking part in the
    programme, with the account they sign in with; their records are scored by that account."""

    # The scope follows the person's grid (the policy reads this instead of grid__path).
    grid_path_lookup = "person__grid__path"

    person = models.OneToOneField(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="young_official",
        help_text=_("The registry entry with the home unit, the grid and the period there."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sign-in account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="young_official",
        help_text=_("Visits recorded under this account count towards the score."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("young official")
        verbose_name_plural = _("young officials")
        ordering = ["person__grid__path", "person__name"]

    def __str__(self):
        return self.person.name

    @property
    def grid(self) -> Grid:
        return self.person.grid

    @property
    def home_unit(self) -> str:
        return self.person.unit


class Duty(models.TextChoices):
    """六员, as the programme names them."""

    INFORMATION = "information", _("Information collector")
    POLICY = "policy", _("Policy promoter")
    PLATFORM = "platform", _("Platform promoter")
    MEDIATION = "mediation", _("Dispute mediator")
    SERVICE = "service", _("Convenience server")
    RESEARCH = "research", _("Researcher")


class DutyLog(models.Model):
    official = models.ForeignKey(
        YoungOfficial,
        verbose_name=_("young official"),
        on_delete=models.CASCADE,
        related_name="duty_logs",
    )
    grid = models.ForeignKey(
        Grid, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="duty_logs"
    )
    duty = models.CharField(_("duty"), max_length=20, choices=Duty.choices)
    done_on = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(_("what was done"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("duty log entry")
        verbose_name_plural = _("six-duty log")
        ordering = ["-done_on", "-id"]
        indexes = [models.Index(fields=["official", "done_on"], name="officials_duty_day")]

    def __str__(self):
        return f"{self.official} · {self.get_duty_display()} · {self.done_on}"
