"""Reading a user's notifications: the only writes are marking them read."""

from django.utils import timezone

from governance.events.models import Notification


def notifications_mark_read(*, user, pks=None) -> int:
    """Marks the user's unread notifications (all, or those in `pks`) read; returns how many."""
    unread = Notification.objects.for_user(user).unread()
    if pks is not None:
        unread = unread.filter(pk__in=pks)
    return unread.update(read_at=timezone.now())


def unread_count(user) -> int:
    return Notification.objects.for_user(user).unread().count()
