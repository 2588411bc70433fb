"""The deadlines pass: reminders before an event's deadline, alerts after it, and closing resolved
events nobody rated. Run by `manage.py event_deadlines` (cron) or the demo's worker.

Safe to run again at any time: a notification is unique per user, event, kind and deadline, and
its outgoing messages per dedupe key, so a second run finds everything done. A new deadline (the
event was passed up) is a new key, and so a new reminder.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from governance.events.models import (
    Event,
    EventState,
    Notification,
    NotificationKind,
)
from governance.events.selectors.inbox import HANDLING_ROLES, handler_paths
from governance.events.services import workflow
from governance.events.services.outbox import Delivery, outbox_deliver, outbox_enqueue, senders
from governance.models import Assignment


@dataclass
class DeadlinesReport:
    reminders: int = 0
    alerts: int = 0
    closed: int = 0
    delivery: Delivery | None = None


def _users_assigned_at(path: str) -> list:
    """Active users who may handle events at `path`, from its nearest level that has any:
    a grid worker's event reminds the grid's workers, not every district administrator above."""
    prefixes = handler_paths(path)
    assignments = Assignment.objects.filter(
        grid__path__in=prefixes, role__in=HANDLING_ROLES
    ).values_list("grid__path", "user_id", "group__user")
    by_path: dict[str, set[int]] = {}
    for grid_path, user_id, group_user_id in assignments:
        by_path.setdefault(grid_path, set()).update(
            pk for pk in (user_id, group_user_id) if pk is not None
        )
    for prefix in reversed(prefixes):
        if by_path.get(prefix):
            return list(get_user_model().objects.filter(pk__in=by_path[prefix], is_active=True))
    return []


def responsible_users(event: Event) -> list:
    """The assignee; else the department's members; else whoever may handle the node holding it.
    Every candidate is checked against the workflow's own `may_handle`."""
    if event.assignee_id and event.assignee.is_active:
        return [event.assignee]
    if event.handling_department_id:
        department = event.handling_department
        candidates = list(department.members.filter(is_active=True)) or _users_assigned_at(
            department.district.path
        )
    else:
        candidates = _users_assigned_at(event.handling_path)
    return [user for user in candidates if workflow.may_handle(user, event)]


def event_link(event: Event) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("events_event", args=[event.pk])


def compose(event: Event, kind: str) -> tuple[str, str]:
    deadline = timezone.localtime(event.deadline).strftime("%Y-%m-%d %H:%M")
    values = {
        "number": event.number,
        "title": event.title,
        "deadline": deadline,
        "node": workflow.node_label(event),
        "state": event.get_state_display(),
        "link": event_link(event),
    }
    if kind == NotificationKind.REMINDER:
        title = _("Due soon: event %(number)s “%(title)s” must be handled by %(deadline)s") % values
    else:
        title = _("Overdue: event %(number)s “%(title)s” passed its deadline %(deadline)s") % values
    body = (
        _(
            "Event %(number)s “%(title)s” is held by %(node)s (%(state)s). "
            "Deadline: %(deadline)s.\nOpen it: %(link)s"
        )
        % values
    )
    return title, body


def notify(event: Event, kind: str, *, at) -> int:
    """One notification per responsible user for this deadline, and its outgoing messages,
    written together: a run killed half-way leaves either both or neither."""
    created_count = 0
    channels = {
        channel: sender
        for channel, sender in senders().items()
        if channel in settings.EVENT_ALERT_CHANNELS
    }
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        title, body = compose(event, kind)
        for user in responsible_users(event):
            _notification, created = Notification.objects.get_or_create(
                user=user,
                event=event,
                kind=kind,
                deadline=event.deadline,
                defaults={"title": title[:200], "body": body, "created_at": at},
            )
            if not created:
                continue
            created_count += 1
            for channel, sender in channels.items():
                address = sender.address_for(user)
                if not address:
                    continue
                outbox_enqueue(
                    channel=channel,
                    recipient=address,
                    subject=title,
                    body=body,
                    dedupe_key=(
                        f"event:{event.pk}:{kind}:{event.deadline.timestamp():.0f}"
                        f":user:{user.pk}:{channel}"
                    ),
                    at=at,
                )
    return created_count


def _not_yet_notified(events, kind: str):
    already = Notification.objects.filter(
        event=OuterRef("pk"), kind=kind, deadline=OuterRef("deadline")
    )
    return events.exclude(Exists(already))


def events_due_soon(at):
    horizon = at + datetime.timedelta(hours=settings.EVENT_REMINDER_HOURS)
    events = Event.objects.open().filter(deadline__gt=at, deadline__lte=horizon)
    return _not_yet_notified(events, NotificationKind.REMINDER)


def events_overdue(at):
    events = Event.objects.open().filter(deadline__lte=at)
    return _not_yet_notified(events, NotificationKind.OVERDUE)


def events_to_close(at):
    cutoff = at - datetime.timedelta(days=settings.EVENT_AUTO_CLOSE_DAYS)
    return Event.objects.filter(
        state=EventState.RESOLVED, rating__isnull=True, resolved_at__lte=cutoff
    )


def deadlines_run(*, at: datetime.datetime | None = None) -> DeadlinesReport:
    at = at or workflow.now()
    report = DeadlinesReport()
    related = ("assignee", "handling_department__district", "grid", "handling_grid")
    for event in events_due_soon(at).select_related(*related):
        report.reminders += notify(event, NotificationKind.REMINDER, at=at)
    for event in events_overdue(at).select_related(*related):
        report.alerts += notify(event, NotificationKind.OVERDUE, at=at)
    with translation.override(settings.LANGUAGE_CODE):
        note = _("Closed automatically: not rated within %(days)d days of being resolved.") % {
            "days": settings.EVENT_AUTO_CLOSE_DAYS
        }
    for event in events_to_close(at):
        try:
            workflow.event_close(event, by=None, note=note)
        except workflow.MoveRefused:
            continue  # rated or reopened a moment ago: nothing to close
        report.closed += 1
    report.delivery = outbox_deliver(at=at)
    return report
