"""Counters in the cache that change whenever some data changes, so that anything derived from
that data (cached pages, API freshness headers) can be keyed by them instead of expiring blindly.

Each app declares the counters for its own data (the registry, the page tree); the plumbing
reads them all through `current_versions()` without knowing which apps there are."""

from django.core.cache import cache
from django.utils import timezone

CHANGED_AT_KEY = "data-changed-at"
_COUNTERS: dict[str, "VersionCounter"] = {}


class VersionCounter:
    def __init__(self, key: str):
        self.key = key
        _COUNTERS[key] = self

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


def current_versions() -> list[str]:
    """Every counter as `key=version`, in a fixed order: one changes when any data changes."""
    return [f"{key}={_COUNTERS[key].current()}" for key in sorted(_COUNTERS)]


def data_changed_at() -> int:
    """When any counted data last changed (a Unix time), for Last-Modified headers."""
    changed = cache.get(CHANGED_AT_KEY)
    if changed is None:
        changed = int(timezone.now().timestamp())
        cache.add(CHANGED_AT_KEY, changed, None)
    return changed
