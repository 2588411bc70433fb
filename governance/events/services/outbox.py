"""The outbox: messages queued in the database, then handed to a sender per channel.

Delivery claims a row (pending → sending, with the attempt counted) in its own committed update
before it calls the sender, and marks it sent right after. A run killed in between leaves the row
"sending"; once its lease has passed, the next run sends it again — the same row, never a second
one. (Between the mail server accepting a message and the row being marked there is an unavoidable
moment where a kill means one retry: at least once for that row, never a duplicate row.)

Senders are keyed by channel. E-mail through Django's mail backend is built in, and SMS only
recorded in the admin; a real SMS or WeChat sender is a class named in settings.OUTBOX_SENDERS,
e.g. {"sms": "myorg.sms.AliyunSender"}.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Min, Q
from django.utils.module_loading import import_string

from governance.events.models import OutboxMessage, OutboxStatus

EMAIL = "email"


class EmailSender:
    """Sends through Django's mail backend (SMTP in production, the console in development)."""

    def address_for(self, user) -> str:
        return (user.email or "").strip()

    def send(self, message: OutboxMessage) -> None:
        EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
        ).send(fail_silently=False)


class RecordingSender:
    """SMS until a real sender is configured: the message is kept in the admin's outbox, marked
    recorded, and goes nowhere. Staff alerts never take this channel (no address for users)."""

    records_only = True

    def address_for(self, user) -> str:
        return ""

    def send(self, message: OutboxMessage) -> None:
        pass


SMS = "sms"
BUILT_IN_SENDERS = {EMAIL: EmailSender, SMS: RecordingSender}


def senders() -> dict[str, object]:
    """Every channel that has a sender: the built-in ones and those named in the settings."""
    classes = dict(BUILT_IN_SENDERS)
    for channel, dotted in getattr(settings, "OUTBOX_SENDERS", {}).items():
        classes[channel] = import_string(dotted) if isinstance(dotted, str) else dotted
    return {channel: sender_class() for channel, sender_class in classes.items()}


def outbox_waiting() -> tuple[int, datetime.datetime | None]:
    """Messages not yet sent (nor given up on), and since when the oldest waits: one query."""
    waiting = OutboxMessage.objects.filter(
        status__in=(OutboxStatus.PENDING, OutboxStatus.SENDING)
    ).aggregate(count=Count("pk"), oldest=Min("created_at"))
    return waiting["count"], waiting["oldest"]


def outbox_enqueue(
    *, channel: str, recipient: str, subject: str, body: str, dedupe_key: str, at
) -> OutboxMessage | None:
    """Queues a message once: a second call with the same key returns None and queues nothing."""
    try:
        with transaction.atomic():
            message, created = OutboxMessage.objects.get_or_create(
                dedupe_key=dedupe_key,
                defaults={
                    "channel": channel,
                    "recipient": recipient,
                    "subject": subject[:200],
                    "body": body,
                    "created_at": at,
                },
            )
    except IntegrityError:  # queued by a concurrent run a moment ago
        return None
    return message if created else None


@dataclass
class Delivery:
    sent: int = 0
    failed: int = 0
    retried: int = 0


def _claim(message: OutboxMessage, at, lease_start) -> bool:
    """Takes the row for this run: only one of two overlapping runs gets it."""
    claimable = Q(status=OutboxStatus.PENDING) | Q(
        status=OutboxStatus.SENDING, claimed_at__lt=lease_start
    )
    return bool(
        OutboxMessage.objects.filter(claimable, pk=message.pk).update(
            status=OutboxStatus.SENDING, claimed_at=at, attempts=F("attempts") + 1
        )
    )


def outbox_deliver(*, at, limit: int = 500) -> Delivery:
    """Sends what is waiting, and what a killed run left half-sent once its lease is over."""
    delivery = Delivery()
    lease_start = at - datetime.timedelta(seconds=settings.OUTBOX_SENDING_LEASE_SECONDS)
    waiting = OutboxMessage.objects.filter(
        Q(status=OutboxStatus.PENDING) | Q(status=OutboxStatus.SENDING, claimed_at__lt=lease_start)
    ).order_by("created_at", "pk")[:limit]
    available = senders()
    for message in waiting:
        sender = available.get(message.channel)
        if sender is None:
            continue  # left waiting until a sender for the channel is configured
        if message.status == OutboxStatus.SENDING:
            delivery.retried += 1
        if not _claim(message, at, lease_start):
            continue
        try:
            sender.send(message)
        except Exception as error:  # noqa: BLE001 - any sender failure is recorded on the row
            message.refresh_from_db(fields=["attempts"])
            gives_up = message.attempts >= settings.OUTBOX_MAX_ATTEMPTS
            OutboxMessage.objects.filter(pk=message.pk).update(
                status=OutboxStatus.FAILED if gives_up else OutboxStatus.PENDING,
                last_error=f"{type(error).__name__}: {error}"[:500],
                claimed_at=None,
            )
            delivery.failed += 1
        else:
            done = OutboxStatus.RECORDED if getattr(sender, "records_only", False) else None
            OutboxMessage.objects.filter(pk=message.pk).update(
                status=done or OutboxStatus.SENT, sent_at=at, last_error=""
            )
            delivery.sent += 1
    return delivery
