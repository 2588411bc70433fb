"""Redis as a cache that an outage turns into an empty one.

With Django's own backend every page, API answer and sign-in raised a 500 while Redis was
down, though nothing the site shows lives only in the cache. Here a Redis that cannot be reached
reads as a miss and takes writes as dropped: readers are served uncached (slower), editors
save (their bumps are lost with the cache's contents, and every stored answer expires within
`CACHE_SECONDS` anyway), and the counters of the sign-in and report limits stop counting
(`CacheUnavailable`, which `civicgrid.security.counting` lets pass). `/healthz` answers 503
meanwhile (`reachable`), and the first failure in each minute is logged.

A Redis that accepts connections but never answers costs a socket timeout per call, and a page
makes a dozen: after a failure this process leaves Redis alone for `RESTING_SECONDS` (the
response cache's reads and the version bumps too, `resting`), then tries again.
"""

import logging
import time
from functools import wraps

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

OUTAGE = (RedisConnectionError, RedisTimeoutError)
LOG_EVERY_SECONDS = 60
RESTING_SECONDS = 5

log = logging.getLogger(__name__)
_last_logged = 0.0
_resting_until = 0.0


class CacheUnavailable(Exception):
    """A counter cannot be kept: the cache does not answer."""


def resting() -> bool:
    """True for a while after Redis failed in this process: do not ask it."""
    return time.monotonic() < _resting_until


def forget_outage() -> None:
    global _resting_until
    _resting_until = 0.0


def note_outage() -> None:
    global _last_logged, _resting_until
    _resting_until = time.monotonic() + RESTING_SECONDS
    if time.monotonic() - _last_logged >= LOG_EVERY_SECONDS:
        _last_logged = time.monotonic()
        log.warning("Redis unreachable: the cache reads as empty", exc_info=True)


def soft(name: str, on_outage):
    """RedisCache's method `name`, answering `on_outage(*arguments)` while Redis is down."""
    method = getattr(RedisCache, name)

    @wraps(method)
    def failing_soft(self, *args, **kwargs):
        if resting():
            return on_outage(*args, **kwargs)
        try:
            return method(self, *args, **kwargs)
        except OUTAGE:
            note_outage()
            return on_outage(*args, **kwargs)

    return failing_soft


def nothing(*args, **kwargs):
    return None


def refused(*args, **kwargs):
    return False


class FailSoftRedisCache(RedisCache):
    get = soft("get", lambda key, default=None, version=None: default)
    get_many = soft("get_many", lambda *args, **kwargs: {})
    set_many = soft("set_many", lambda data, *args, **kwargs: list(data))  # the keys not set
    set = soft("set", nothing)
    delete_many = soft("delete_many", nothing)
    has_key = soft("has_key", refused)
    add = soft("add", refused)
    touch = soft("touch", refused)
    delete = soft("delete", refused)
    clear = soft("clear", refused)

    def incr(self, key, delta=1, version=None):
        if resting():
            raise CacheUnavailable(key)
        try:
            return super().incr(key, delta, version)
        except OUTAGE as error:
            note_outage()
            raise CacheUnavailable(key) from error

    def reachable(self) -> bool:
        """Asked even while resting: the health check must see Redis come back."""
        try:
            answered = bool(self._cache.get_client(write=True).ping())
        except OUTAGE:
            note_outage()
            return False
        forget_outage()
        return answered
