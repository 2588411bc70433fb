"""Volunteer service teams (志愿服务队)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from governance.text import validate_visible_text

from .grids import Grid
from .people import Person


class TeamType(models.Model):
    name = models.CharField(_("name"), max_length=40, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        verbose_name = _("team type")
        verbose_name_plural = _("team types")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class TeamStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    DISBANDED = "disbanded", _("Disbanded")


class VolunteerTeamQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=TeamStatus.ACTIVE)

    def in_subtree(self, node):
        return self.filter(grid__path__startswith=node.path)


class VolunteerTeam(ClusterableModel):
    name = models.CharField(_("name"), validators=[validate_visible_text], max_length=100)
    team_type = models.ForeignKey(
        TeamType, verbose_name=_("team type"), on_delete=models.PROTECT, related_name="teams"
    )
    grid = models.ForeignKey(
        Grid, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="teams"
    )
    leader = models.ForeignKey(
        Person,
        verbose_name=_("leader"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_teams",
    )
    member_count = models.PositiveIntegerField(
        _("number of members"),
        default=0,
        help_text=_("Everyone in the team, including residents who are not in the registry."),
    )
    is_party_team = models.BooleanField(_("party-member team"), default=False)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TeamStatus.choices, default=TeamStatus.ACTIVE
    )
    description = models.TextField(_("description"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = VolunteerTeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        ordering = ["grid__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "name"], name="team_unique_name_per_grid")
        ]

    def __str__(self):
        return self.name


class TeamMember(models.Model):
    """A registered person in a team. A row each (not a many-to-many field), so the admin can
    pick members with the scoped person chooser instead of a list of everyone."""

    team = ParentalKey(
        VolunteerTeam,
        verbose_name=_("volunteer team"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="team_memberships",
    )

    class Meta:
        verbose_name = _("registered member")
        verbose_name_plural = _("registered members")
        constraints = [models.UniqueConstraint(fields=["team", "person"], name="team_member_once")]

    def __str__(self):
        return str(self.person)
