"""Counters in the cache that change whenever some data changes, so that anything derived from
that data (cached pages, API freshness headers) can be keyed by them instead of expiring blindly."""

from django.core.cache import cache
from django.utils import timezone

CHANGED_AT_KEY = "data-changed-at"


class VersionCounter:
    def __init__(self, key: str):
        self.key = key

    def current(self) -> int:
        version = cache.get(self.key)
        if version is None:
            version = 1
            cache.add(self.key, version, None)
        return version

    def bump(self, **_signal_kwargs) -> None:
        try:
            cache.incr(self.key)
        except ValueError:
            cache.set(self.key, 2, None)
        cache.set(CHANGED_AT_KEY, int(timezone.now().timestamp()), None)


def data_changed_at() -> int:
    """When any counted data last changed (a Unix time), for Last-Modified headers."""
    changed = cache.get(CHANGED_AT_KEY)
    if changed is None:
        changed = int(timezone.now().timestamp())
        cache.add(CHANGED_AT_KEY, changed, None)
    return changed
