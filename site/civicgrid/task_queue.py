"""How long background tasks have been waiting for a worker: for /healthz and the admin.

Search-index and reference-index updates, large imports and PDF reports all wait in the
database queue (django-tasks-db) until `python manage.py db_worker` takes them. Without a
worker nothing fails: search silently misses new pages and reports stay queued, so the
age of the oldest waiting task is the signal.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Case, Count, F, Min, When
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

# Work only the worker does that is not a task: an app registers how much of it waits and since
# when (the events' outbox, delivered by a periodic job), so a dead worker shows there too.
_OTHER_BACKLOGS: dict[str, Callable[[], tuple[int, datetime | None]]] = {}


def register_backlog(name: str, waiting: Callable[[], tuple[int, datetime | None]]) -> None:
    _OTHER_BACKLOGS[name] = waiting


@dataclass(frozen=True)
class QueueStatus:
    backlog: int
    oldest_since: datetime | None
    max_age_seconds: int
    checked_at: datetime
    #: what waits besides tasks, by name: (how many, waiting since)
    others: dict[str, tuple[int, datetime | None]] = field(default_factory=dict)

    @property
    def oldest_age_seconds(self) -> int | None:
        if self.oldest_since is None:
            return None
        return max(0, int((self.checked_at - self.oldest_since).total_seconds()))

    @property
    def is_stuck(self) -> bool:
        age = self.oldest_age_seconds
        return age is not None and age > self.max_age_seconds

    def as_json(self) -> dict:
        return {
            "status": "stuck" if self.is_stuck else "ok",
            "backlog": self.backlog,
            "oldest_age_seconds": self.oldest_age_seconds,
            "max_age_seconds": self.max_age_seconds,
            "waiting": {name: count for name, (count, _since) in sorted(self.others.items())},
        }


def queue_status() -> QueueStatus:
    """One aggregate query over the tasks a worker could run now."""
    checked_at = timezone.now()
    # A task deferred with run_after waits from that moment; the others from being queued.
    waiting_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after")
    )
    figures = DBTaskResult.objects.ready().aggregate(
        backlog=Count("pk"), oldest_since=Min(waiting_since)
    )
    others = {name: waiting() for name, waiting in _OTHER_BACKLOGS.items()}
    since = [figures["oldest_since"], *(oldest for _count, oldest in others.values())]
    return QueueStatus(
        backlog=figures["backlog"] + sum(count for count, _oldest in others.values()),
        oldest_since=min((moment for moment in since if moment is not None), default=None),
        max_age_seconds=settings.TASKS_MAX_QUEUE_AGE,
        checked_at=checked_at,
        others=others,
    )
