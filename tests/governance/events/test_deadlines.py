"""The deadlines pass: reminders, overdue alerts, auto-closing, and an outbox that never repeats."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from governance.events.factories import DepartmentFactory, make_event
from governance.events.models import (
    EventState,
    MoveAction,
    Notification,
    NotificationKind,
    OutboxMessage,
    OutboxStatus,
)
from governance.events.services import outbox, workflow
from governance.events.services.deadlines import responsible_users
from governance.models import AccessRole
from tests.governance.permission_world import build_world

pytestmark = pytest.mark.django_db

WORKER, COMMUNITY, STREET, DISTRICT = (
    AccessRole.GRID_WORKER,
    AccessRole.COMMUNITY_EDITOR,
    AccessRole.STREET_EDITOR,
    AccessRole.DISTRICT_ADMIN,
)


def local(*args):
    return timezone.make_aware(datetime.datetime(*args))


def run():
    out = io.StringIO()
    call_command("event_deadlines", stdout=out)
    return out.getvalue()


@pytest.fixture
def world(db):
    world = build_world()
    for role, user in world.users.items():
        user.email = f"{role}@example.com"
        user.save()
    return world


@pytest.fixture
def event(world, clock):
    # Reported Monday 09:00 at a grid: two working days, to Wednesday 23:59:59.
    return make_event(grid=world.nodes["g1111"], by=world.users[WORKER], title="消防通道堵塞")


def test_reminder__arrives_once_when_the_clock_passes_the_reminder_time(
    world, event, clock, settings
):
    settings.EVENT_REMINDER_HOURS = 4
    assert event.deadline == local(2026, 11, 25, 23, 59, 59)
    clock.at = local(2026, 11, 25, 19, 59)  # just before the reminder time
    run()
    assert Notification.objects.count() == 0 and mail.outbox == []

    clock.at = local(2026, 11, 25, 20, 0)
    run()
    run()

    reminder = Notification.objects.get()
    assert (reminder.user, reminder.kind) == (world.users[WORKER], NotificationKind.REMINDER)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [f"{WORKER}@example.com"]
    assert "即将到期" in message.subject and event.number in message.subject
    assert "消防通道堵塞" in message.body and "2026-11-25 23:59" in message.body
    assert f"/admin/events/{event.pk}/" in message.body


def test_overdue__alerts_once_after_the_deadline_and_a_rerun_sends_nothing(world, event, clock):
    clock.at = local(2026, 11, 26, 0, 0)
    first = run()
    second = run()

    alert = Notification.objects.get()
    assert alert.kind == NotificationKind.OVERDUE and not alert.is_read
    assert [m.subject for m in mail.outbox] == [alert.title]
    assert "已超期" in alert.title
    assert "1 条超期提醒" in first and "0 条超期提醒" in second


def test_a_new_deadline_after_passing_up__brings_a_new_reminder_to_the_new_holders(
    world, event, clock
):
    clock.at = local(2026, 11, 25, 21, 0)
    run()
    workflow.event_escalate(event, by=world.users[WORKER], reason="需社区协调")
    clock.at = event.deadline - datetime.timedelta(hours=1)
    run()
    run()

    assert sorted(Notification.objects.values_list("user__username", "kind")) == [
        (f"u_{COMMUNITY}", NotificationKind.REMINDER),
        (f"u_{WORKER}", NotificationKind.REMINDER),
    ]
    assert len(mail.outbox) == 2


def test_responsible__the_assignee_alone_when_there_is_one(world, event, clock):
    worker = world.users[WORKER]
    workflow.event_accept(event, by=worker)
    workflow.event_assign(event, by=worker, assignee=worker)

    assert responsible_users(event) == [worker]


def test_responsible__the_nearest_level_not_every_administrator_above(world, event):
    # Street and district users may handle it too, but the grid's own worker is reminded.
    assert responsible_users(event) == [world.users[WORKER]]


def test_responsible__a_departments_members(world, clock):
    event = make_event(grid=world.nodes["s11"], by=world.users[STREET], title="路口安全隐患")
    department = DepartmentFactory(district=world.nodes["d1"], name="城管")
    member = world.users[DISTRICT]
    department.members.add(member)
    workflow.event_send_to_department(
        event, by=world.users[STREET], department=department, reason="需执法"
    )

    assert responsible_users(event) == [member]


def test_auto_close__an_unrated_resolved_event_closes_after_the_set_days(
    world, event, clock, settings
):
    settings.EVENT_AUTO_CLOSE_DAYS = 7
    worker = world.users[WORKER]
    workflow.event_accept(event, by=worker)
    workflow.event_resolve(event, by=worker, result="已清理")
    clock.advance(days=6)
    run()
    event.refresh_from_db()
    assert event.state == EventState.RESOLVED

    clock.advance(days=1)
    run()
    run()

    event.refresh_from_db()
    assert event.state == EventState.CLOSED and event.rating is None
    close = event.moves.get(action=MoveAction.CLOSE)
    assert close.by is None and "7" in close.note


def test_outbox__a_row_left_sending_by_a_killed_run_is_sent_again_not_duplicated(
    world, event, clock, settings, monkeypatch
):
    settings.OUTBOX_SENDING_LEASE_SECONDS = 300
    clock.at = local(2026, 11, 26, 0, 0)

    def killed(self, message):
        raise KeyboardInterrupt  # the process dies while talking to the mail server

    monkeypatch.setattr(outbox.EmailSender, "send", killed)
    with pytest.raises(KeyboardInterrupt):
        run()
    monkeypatch.undo()
    monkeypatch.setattr(workflow, "now", clock)
    row = OutboxMessage.objects.get()
    assert row.status == OutboxStatus.SENDING and row.attempts == 1
    assert mail.outbox == []

    run()  # within the lease: the first run might still be sending
    assert mail.outbox == []
    clock.advance(minutes=6)
    run()
    run()

    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 2)
    assert OutboxMessage.objects.count() == 1 and len(mail.outbox) == 1


def test_outbox__a_failing_sender_is_retried_then_given_up(world, event, clock, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    settings.OUTBOX_SENDERS = {"email": "tests.governance.events.test_deadlines.BrokenSender"}
    clock.at = local(2026, 11, 26, 0, 0)
    run()
    run()

    row = OutboxMessage.objects.get()
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, 2)
    assert "SMTP down" in row.last_error


def test_outbox__another_channel_plugs_in_by_setting(world, event, clock, settings):
    settings.OUTBOX_SENDERS = {"sms": "tests.governance.events.test_deadlines.RecordingSender"}
    settings.EVENT_ALERT_CHANNELS = ["email", "sms"]
    RecordingSender.sent = []
    clock.at = local(2026, 11, 26, 0, 0)
    run()
    run()

    assert [m.recipient for m in RecordingSender.sent] == [f"sms:u_{WORKER}"]
    assert len(mail.outbox) == 1


class BrokenSender:
    def address_for(self, user):
        return user.email

    def send(self, message):
        raise OSError("SMTP down")


class RecordingSender:
    sent: list = []

    def address_for(self, user):
        return f"sms:{user.username}"

    def send(self, message):
        RecordingSender.sent.append(message)
