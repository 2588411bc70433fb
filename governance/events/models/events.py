"""The event (事件) and the timeline of its moves."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from governance.events.models.categories import EventCategory
from governance.events.models.departments import Department
from governance.events.models.limits import HandlingLevel
from governance.models import Grid, mask_name, mask_phone
from governance.text import validate_visible_text


class EventState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("event state", "Awaiting acceptance")
    ACCEPTED = "accepted", pgettext_lazy("event state", "Accepted")
    IN_PROGRESS = "in_progress", pgettext_lazy("event state", "Being handled")
    RESOLVED = "resolved", pgettext_lazy("event state", "Resolved")
    CLOSED = "closed", pgettext_lazy("event state", "Closed")
    REJECTED = "rejected", pgettext_lazy("event state", "Not accepted")
    DUPLICATE = "duplicate", pgettext_lazy("event state", "Duplicate")


OPEN_STATES = (EventState.PENDING, EventState.ACCEPTED, EventState.IN_PROGRESS)
DONE_STATES = (EventState.RESOLVED, EventState.CLOSED)


class EventPriority(models.TextChoices):
    NORMAL = "normal", pgettext_lazy("event priority", "Normal")
    URGENT = "urgent", pgettext_lazy("event priority", "Urgent")


class EventSource(models.TextChoices):
    QUICK_NOTE = "quick_note", _("Grid worker's quick note")
    PATROL = "patrol", _("Patrol")
    RESIDENT = "resident", _("Resident")
    HOTLINE = "hotline", _("12345 hotline")
    PLATFORM = "platform", _("Another platform")
    API = "api", _("API")
    VISIT = "visit", _("Care visit")


class Rating(models.IntegerChoices):
    VERY_DISSATISFIED = 1, pgettext_lazy("rating", "Very dissatisfied")
    DISSATISFIED = 2, pgettext_lazy("rating", "Dissatisfied")
    NEUTRAL = 3, pgettext_lazy("rating", "Neutral")
    SATISFIED = 4, pgettext_lazy("rating", "Satisfied")
    VERY_SATISFIED = 5, pgettext_lazy("rating", "Very satisfied")


SATISFIED_RATINGS = (Rating.SATISFIED, Rating.VERY_SATISFIED)


def day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class EventQuerySet(models.QuerySet):
    def in_subtree(self, path: str):
        return self.filter(grid_path__startswith=path)

    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def overdue(self, at):
        return self.open().filter(deadline__lt=at)

    def reported_in(self, period):
        """Reported on a local day of `period` (the figures' and the inbox's period)."""
        return self.filter(
            reported_at__gte=day_start(period.start),
            reported_at__lt=day_start(period.end + datetime.timedelta(days=1)),
        )


class Event(models.Model):
    number = models.CharField(_("event number"), max_length=20, unique=True, editable=False)
    category = models.ForeignKey(
        EventCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="events"
    )
    title = models.CharField(_("title"), max_length=100, validators=[validate_visible_text])
    description = models.TextField(_("description"), blank=True, max_length=4000)
    priority = models.CharField(
        _("priority"), max_length=10, choices=EventPriority.choices, default=EventPriority.NORMAL
    )
    source = models.CharField(
        _("source"), max_length=12, choices=EventSource.choices, default=EventSource.QUICK_NOTE
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    grid = models.ForeignKey(
        Grid, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="events"
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    reporter_name = models.CharField(_("reporter's name"), max_length=40, blank=True)
    reporter_phone = models.CharField(_("reporter's phone"), max_length=30, blank=True)

    state = models.CharField(
        _("state"), max_length=12, choices=EventState.choices, default=EventState.PENDING
    )
    # Where the event stands now: a grid node, or a department (then handling_grid is empty).
    handling_grid = models.ForeignKey(
        Grid,
        verbose_name=_("handled at"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_events",
    )
    handling_department = models.ForeignKey(
        Department,
        verbose_name=_("department handling it"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    handling_level = models.SmallIntegerField(_("handling level"), choices=HandlingLevel.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_events",
    )
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    # Denormalised from the grids so the inbox and the figures filter on one indexed column.
    grid_path = models.CharField(_("grid path"), max_length=255, editable=False, db_index=True)
    handling_path = models.CharField(
        _("handling grid path"), max_length=255, editable=False, blank=True
    )

    accepted_level = models.SmallIntegerField(
        _("accepted at level"), choices=HandlingLevel.choices, null=True, blank=True
    )
    escalated = models.BooleanField(_("passed up"), default=False)
    reported_at = models.DateTimeField(_("reported at"), db_index=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    resolved_in_time = models.BooleanField(_("resolved in time"), null=True, blank=True)
    resolution = models.TextField(_("result"), blank=True, max_length=4000)
    rejection_reason = models.CharField(_("reason not accepted"), max_length=200, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), choices=Rating.choices, null=True, blank=True
    )
    rating_note = models.CharField(_("rating note"), max_length=200, blank=True)
    reopened_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_events",
    )
    is_imported = models.BooleanField(
        _("imported"),
        default=False,
        help_text=_("Brought in from another platform's export, not handled here."),
    )
    external_number = models.CharField(_("number on the other platform"), max_length=40, blank=True)
    # Bumped by every move: a move prepared on a stale copy is refused, not applied twice.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-reported_at", "-pk"]
        indexes = [
            # Pattern operator classes let PostgreSQL use the index for a subtree's LIKE 'path%'
            # whatever the database's collation; other databases ignore them.
            models.Index(
                fields=["handling_path", "state", "deadline"],
                name="event_inbox",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops", "timestamptz_ops"],
            ),
            models.Index(fields=["handling_department", "state", "deadline"]),
            models.Index(fields=["grid_path", "reported_at", "state"], name="event_figures"),
            models.Index(fields=["state", "deadline"]),
        ]
        constraints = [
            # Re-importing another platform's export updates its events instead of doubling them.
            models.UniqueConstraint(
                fields=["external_number"],
                condition=models.Q(is_imported=True) & ~models.Q(external_number=""),
                name="imported_event_once_per_external_number",
            )
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def handled_on_the_spot(self) -> bool:
        return self.state in DONE_STATES and not self.escalated

    def is_overdue(self, now) -> bool:
        return self.is_open and self.deadline is not None and self.deadline < now

    @property
    def handling_node(self):
        return self.handling_department or self.handling_grid

    @property
    def masked_reporter_name(self) -> str:
        return mask_name(self.reporter_name)

    @property
    def masked_reporter_phone(self) -> str:
        return mask_phone(self.reporter_phone)


class MoveAction(models.TextChoices):
    REPORT = "report", pgettext_lazy("event move", "Reported")
    ACCEPT = "accept", pgettext_lazy("event move", "Accepted")
    REJECT = "reject", pgettext_lazy("event move", "Not accepted")
    DUPLICATE = "duplicate", pgettext_lazy("event move", "Marked as duplicate")
    ASSIGN = "assign", pgettext_lazy("event move", "Assigned")
    ESCALATE = "escalate", pgettext_lazy("event move", "Passed up")
    TO_DEPARTMENT = "to_department", pgettext_lazy("event move", "Sent to a department")
    SEND_DOWN = "send_down", pgettext_lazy("event move", "Sent down")
    RETURN = "return", pgettext_lazy("event move", "Returned")
    RESOLVE = "resolve", pgettext_lazy("event move", "Resolved")
    REPLY = "reply", pgettext_lazy("event move", "Replied to the reporter")
    RATE = "rate", pgettext_lazy("event move", "Rated")
    CLOSE = "close", pgettext_lazy("event move", "Closed")
    REOPEN = "reopen", pgettext_lazy("event move", "Reopened")


class EventMove(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="moves"
    )
    action = models.CharField(_("action"), max_length=16, choices=MoveAction.choices)
    from_state = models.CharField(_("from state"), max_length=12, blank=True)
    to_state = models.CharField(_("to state"), max_length=12)
    from_node = models.CharField(_("from"), max_length=100, blank=True)
    to_node = models.CharField(_("to"), max_length=100, blank=True)
    # The grid path the event stood at before the move, for 退回 to find its way back.
    from_path = models.CharField(_("from grid path"), max_length=255, blank=True)
    from_department = models.ForeignKey(
        Department,
        verbose_name=_("from department"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))
    note = models.TextField(_("note"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("event move")
        verbose_name_plural = _("event timeline")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.event.number} {self.get_action_display()}"


class EventNumberCounter(models.Model):
    """The last number handed out each day: SJ20261123-0042 is the 42nd event of that day."""

    day = models.DateField(_("date"), primary_key=True)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("event number counter")
        verbose_name_plural = _("event number counters")

    def __str__(self):
        return f"{self.day:%Y-%m-%d}: {self.last}"
