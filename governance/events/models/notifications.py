"""Alerts for the people responsible for an event, and the outbox that carries them off the server.

A notification is the in-admin copy, one per user, event, kind and deadline: the unique key is
what makes the deadlines pass safe to run again, and a new deadline (after 转办) a new reminder.
An outbox message is one delivery on one channel (e-mail today, SMS or WeChat when a sender is
configured); its unique dedupe key keeps a rerun from queueing it twice.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from governance.events.models.events import Event

# The event page is built in the events admin; its address is the contract between the two.


class NotificationKind(models.TextChoices):
    REMINDER = "reminder", pgettext_lazy("notification kind", "Deadline approaching")
    OVERDUE = "overdue", pgettext_lazy("notification kind", "Overdue")


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="event_notifications",
    )
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=NotificationKind.choices)
    # The deadline the notification is about: after 转办 the event has a new one, and a new alert.
    deadline = models.DateTimeField(_("deadline"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event", "kind", "deadline"], name="notification_once_per_deadline"
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def event_url(self) -> str:
        return reverse("events_event", args=[self.event_id])


class OutboxStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("outbox status", "Waiting")
    SENDING = "sending", pgettext_lazy("outbox status", "Sending")
    SENT = "sent", pgettext_lazy("outbox status", "Sent")
    RECORDED = "recorded", pgettext_lazy("outbox status", "Recorded (no sender configured)")
    FAILED = "failed", pgettext_lazy("outbox status", "Failed")


class OutboxMessage(models.Model):
    channel = models.CharField(_("channel"), max_length=20)
    recipient = models.CharField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    status = models.CharField(
        _("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    # What the message is about, written so that the same message can never be queued twice.
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("created at"))
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outbox")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="outbox_queue")]

    def __str__(self):
        return f"{self.channel} → {self.recipient}: {self.subject}"
