"""需求清单 and 任务清单: what residents need, and the tasks that answer it.

A need is triaged once: it becomes a task, is merged into another need, or is declined with a
reason. The moves live in `services/workflow.py`; these models only hold the state.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.models import Grid, Person, VolunteerTeam
from governance.text import validate_visible_text

from .officials import YoungOfficial
from .responsibilities import ResponsibilityItem


class NeedSource(models.TextChoices):
    VISIT = "visit", _("Home visit")
    SURVEY = "survey", _("Survey answer")
    COUNCIL = "council", _("Council meeting")
    EVENT = "event", _("Event")
    TYPED = "typed", _("Typed in")


class NeedStatus(models.TextChoices):
    NEW = "new", _("Awaiting triage")
    TASKED = "tasked", _("Became a task")
    MERGED = "merged", _("Merged")
    DECLINED = "declined", _("Declined")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Task(models.Model):
    grid = models.ForeignKey(
        Grid, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="official_tasks"
    )
    title = models.CharField(_("title"), max_length=100, validators=[validate_visible_text])
    description = models.TextField(_("description"), blank=True)
    responsibility = models.ForeignKey(
        ResponsibilityItem,
        verbose_name=_("responsibility item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    # The owner is one young official, one person of the registry, or one team.
    owner_official = models.ForeignKey(
        YoungOfficial,
        verbose_name=_("owner (young official)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    owner_person = models.ForeignKey(
        Person,
        verbose_name=_("owner (person)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="official_tasks",
    )
    owner_team = models.ForeignKey(
        VolunteerTeam,
        verbose_name=_("owner (team)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="official_tasks",
    )
    due_on = models.DateField(
        _("deadline"), help_text=_("Set in working days when the task is created.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    result = models.TextField(_("result"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_on = models.DateField(_("created on"), default=timezone.localdate)
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
        verbose_name = _("task")
        verbose_name_plural = _("task list")
        ordering = ["status", "due_on", "id"]
        indexes = [models.Index(fields=["created_on", "grid"], name="officials_task_month")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        owner_official__isnull=False,
                        owner_person__isnull=True,
                        owner_team__isnull=True,
                    )
                    | Q(
                        owner_official__isnull=True,
                        owner_person__isnull=False,
                        owner_team__isnull=True,
                    )
                    | Q(
                        owner_official__isnull=True,
                        owner_person__isnull=True,
                        owner_team__isnull=False,
                    )
                ),
                name="task_one_owner",
                violation_error_message=_(
                    "A task has one owner: a young official, a person or a team."
                ),
            ),
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | Q(status=TaskStatus.DONE),
                name="task_done_on_only_when_done",
                violation_error_message=_("Only a finished task has a date it was done."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def owner(self):
        return self.owner_official or self.owner_person or self.owner_team

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Open past its deadline (the deadline already counts working days)."""
        today = today or timezone.localdate()
        return self.status == TaskStatus.OPEN and today > self.due_on

    @property
    def done_in_time(self) -> bool:
        return (
            self.status == TaskStatus.DONE
            and self.done_on is not None
            and (self.done_on <= self.due_on)
        )


class TaskNote(models.Model):
    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="notes"
    )
    text = models.TextField(_("progress"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    written_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["written_at", "id"]

    def __str__(self):
        return self.text[:40]


class Need(models.Model):
    grid = models.ForeignKey(
        Grid, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="official_needs"
    )
    title = models.CharField(_("title"), max_length=100, validators=[validate_visible_text])
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=NeedSource.choices, default=NeedSource.TYPED
    )
    source_note = models.CharField(
        _("source details"),
        max_length=200,
        blank=True,
        help_text=_("Which survey or meeting, when the need came from one."),
    )
    # When the need came from a visit or an event, which one.
    visit = models.ForeignKey(
        "care.Visit",
        verbose_name=_("visit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="official_needs",
    )
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="official_needs",
    )
    responsibility = models.ForeignKey(
        ResponsibilityItem,
        verbose_name=_("responsibility item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
    )
    collected_by = models.ForeignKey(
        YoungOfficial,
        verbose_name=_("collected by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
    )
    collected_on = models.DateField(_("collected on"), default=timezone.localdate)
    status = models.CharField(
        _("status"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.NEW
    )
    task = models.ForeignKey(
        Task,
        verbose_name=_("task"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_needs",
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("triaged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    triaged_at = models.DateTimeField(_("triaged at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs list")
        ordering = ["-collected_on", "-id"]
        indexes = [models.Index(fields=["collected_on", "grid"], name="officials_need_month")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=NeedStatus.DECLINED) | ~Q(decline_reason=""),
                name="need_declined_with_reason",
                violation_error_message=_("A declined need says why."),
            )
        ]

    def __str__(self):
        return self.title
