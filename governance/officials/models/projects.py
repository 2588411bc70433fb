"""领题攻坚: a young official or a team takes up a problem as a project, with milestones, the
needs and tasks it covers, and an outcome that may be published as 我们办成的事."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from governance.models import Grid, VolunteerTeam
from governance.text import validate_visible_text

from .officials import YoungOfficial
from .work import Need, Task


class ProjectStatus(models.TextChoices):
    ACTIVE = "active", _("Under way")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Project(ClusterableModel):
    grid = models.ForeignKey(
        Grid, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="official_projects"
    )
    title = models.CharField(_("title"), max_length=100, validators=[validate_visible_text])
    problem = models.TextField(_("the problem"))
    goal = models.TextField(_("goal"))
    claimed_by_official = models.ForeignKey(
        YoungOfficial,
        verbose_name=_("claimed by (young official)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
    )
    claimed_by_team = models.ForeignKey(
        VolunteerTeam,
        verbose_name=_("claimed by (team)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="official_projects",
    )
    claimed_on = models.DateField(_("claimed on"), default=timezone.localdate)
    needs = models.ManyToManyField(
        Need, verbose_name=_("needs covered"), blank=True, related_name="projects"
    )
    tasks = models.ManyToManyField(
        Task, verbose_name=_("tasks covered"), blank=True, related_name="projects"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE
    )
    outcome = models.TextField(_("outcome"), blank=True)
    finished_on = models.DateField(_("finished on"), null=True, blank=True)
    is_public = models.BooleanField(
        _("show on the community page"),
        default=False,
        help_text=_("A finished project appears on its community's page under 我们办成的事."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("take-a-problem projects")
        ordering = ["-claimed_on", "-id"]
        indexes = [models.Index(fields=["claimed_on", "grid"], name="officials_project_month")]
        constraints = [
            models.CheckConstraint(
                condition=Q(claimed_by_official__isnull=True, claimed_by_team__isnull=False)
                | Q(claimed_by_official__isnull=False, claimed_by_team__isnull=True),
                name="project_one_claimant",
                violation_error_message=_(
                    "A project is claimed by one young official or one team."
                ),
            ),
            models.CheckConstraint(
                condition=Q(is_public=False) | Q(status=ProjectStatus.DONE),
                name="project_public_only_when_done",
                violation_error_message=_("Only a finished project can be published."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def claimant(self):
        return self.claimed_by_official or self.claimed_by_team


class Milestone(Orderable):
    project = ParentalKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=100, validators=[validate_visible_text])
    due_on = models.DateField(_("planned for"))
    done_on = models.DateField(_("reached on"), null=True, blank=True)
    sort_order = models.IntegerField(_("sort order"), null=True, blank=True, editable=False)

    class Meta(Orderable.Meta):
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title


class ProjectPhoto(Orderable):
    project = ParentalKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("photo"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("caption"), max_length=100, blank=True)
    sort_order = models.IntegerField(_("sort order"), null=True, blank=True, editable=False)

    class Meta(Orderable.Meta):
        verbose_name = _("outcome photo")
        verbose_name_plural = _("outcome photos")
