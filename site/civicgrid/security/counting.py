"""Counts in fixed time windows, kept in the cache so every worker process sees the same numbers.

The login throttle and the residents' report limits both count tries this way: the cache's
atomic increment counts a try before anything is checked, so parallel tries cannot all pass a
check made before any of them was counted."""

from dataclasses import dataclass

from django.core.cache import cache

from civicgrid.cache_redis import CacheUnavailable


def count_in_window(key: str, seconds: int) -> int:
    """Counts one more under `key` and returns the count; the window starts at the first.

    While Redis is down nothing can be counted and 0 is returned: sign-in and reports stay
    open, unthrottled, rather than refusing everyone (`civicgrid.cache_redis`)."""
    try:
        return counted_in_window(key, seconds)
    except CacheUnavailable:
        return 0


def counted_in_window(key: str, seconds: int) -> int:
    for _ in range(3):
        # add() starts the window at the first try; incr() keeps its expiry.
        cache.add(key, 0, seconds)
        try:
            count = cache.incr(key)
        except ValueError:
            continue  # the window ended between add() and incr(): start a new one
        if count == 1:
            # Redis's INCR creates a key without expiry if it vanished just after Django's
            # existence check; the first try of a window makes sure the window ends.
            cache.touch(key, seconds)
        return count
    raise RuntimeError(f"The cache keeps no count for {key}: use Redis or the file cache")


def uncount(keys: list[str]) -> None:
    for key in keys:
        try:
            cache.decr(key)
        except (ValueError, CacheUnavailable):
            pass  # the window has already ended, or nothing is counted now


@dataclass(frozen=True)
class RateLimit:
    """At most `limit` tries per `seconds` for each key (a client address, a phone)."""

    name: str
    limit: int
    seconds: int

    def key(self, part: str) -> str:
        return f"rate:{self.name}:{part}"


def within_limits(*checks: tuple[RateLimit, str]) -> bool:
    """Counts one try under every (limit, key) pair with a key; False when any is over its
    limit, and then the refused try counts nowhere."""
    counted = []
    for limit, part in checks:
        if not part:
            continue
        key = limit.key(part)
        counted.append(key)
        if count_in_window(key, limit.seconds) > limit.limit:
            uncount(counted)
            return False
    return True
