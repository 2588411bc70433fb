"""Heartbeats of long background work (imports, report builds).

While a job runs, a daemon thread stamps the time in the cache every few seconds. A job that is
"running" but whose stamp has gone stale belonged to a worker that was killed or lost; the next
worker to start (and anyone who opens the job) marks it failed, and it can be retried. The beat
lives in the cache, not the database, because an import holds one database transaction open
until it ends, and on SQLite a second connection could not write meanwhile.
"""

import datetime
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


def stale_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS)


def beat_every_seconds() -> float:
    # Several beats fit into the stale window, so one slow beat never looks like a death.
    return min(5.0, settings.JOB_STALE_AFTER_SECONDS / 4)


class Heartbeat:
    def __init__(self, key: str):
        self.key = key
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.run, name=f"heartbeat {key}", daemon=True)

    def __enter__(self) -> "Heartbeat":
        self.beat()
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stopped.set()
        self.thread.join()

    def beat(self) -> None:
        cache.set(self.key, time.time(), timeout=max(60, 10 * settings.JOB_STALE_AFTER_SECONDS))

    def run(self) -> None:
        while not self.stopped.wait(beat_every_seconds()):
            self.beat()


def last_beat(key: str) -> datetime.datetime | None:
    stamp = cache.get(key)
    if stamp is None:
        return None
    return datetime.datetime.fromtimestamp(stamp, tz=datetime.UTC)


def is_stale(key: str, started_at: datetime.datetime | None) -> bool:
    """Whether work that started at `started_at` has stopped beating."""
    latest = max(
        (moment for moment in (last_beat(key), started_at) if moment is not None),
        default=None,
    )
    return latest is None or timezone.now() - latest > stale_after()
