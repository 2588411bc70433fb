"""Version counters ("tags") in the cache that change whenever some data changes, so anything
derived from that data (cached pages and API answers, cached figures) can be checked against
them instead of expiring blindly.

A tag names a slice of the data: `pages` (the page tree), `*` (anything at all), or whatever an
app declares (the registry names subtrees of the grid tree, `governance/versioning.py`). A write
bumps the tags of what it changed; a reader remembers the versions it saw and is stale once any
of them moved. The plumbing knows no app: apps name their tags and bump them.

A counter that is missing (never written, or evicted) starts at the current time in
nanoseconds, never at 1, so an evicted counter cannot come back at a value some stored answer
already recorded.
"""

import time
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from civicgrid.cache_reads import redis_backend, redis_client
from civicgrid.cache_redis import CacheUnavailable

EVERYTHING = "*"
CHANGED_AT_KEY = "data-changed-at"


def tag_key(tag: str) -> str:
    return f"tag:{tag}"


def versions_of(tags: Iterable[str], known: dict[str, int] | None = None) -> dict[str, int]:
    """{tag: version} for `tags` in one cache round trip; `known` versions are not fetched."""
    known = {tag: version for tag, version in (known or {}).items() if version is not None}
    wanted = [tag for tag in dict.fromkeys(tags) if tag not in known]
    found = cache.get_many([tag_key(tag) for tag in wanted]) if wanted else {}
    versions = {tag: version for tag in wanted if (version := found.get(tag_key(tag))) is not None}
    for tag in wanted:
        if tag not in versions:
            cache.add(tag_key(tag), time.time_ns(), None)
            versions[tag] = cache.get(tag_key(tag))
    return {tag: known.get(tag, versions.get(tag)) for tag in dict.fromkeys(tags)}


def stamp(tags: Iterable[str]) -> str:
    """The versions of `tags` as one short string, for keys of derived caches."""
    return ".".join(str(version) for version in versions_of(tags).values())


_deferred: ContextVar[set[str] | None] = ContextVar("deferred_bumps", default=None)
# Called after every bump made in this process (the front cache forgets what it holds).
BUMP_LISTENERS: list = []


def _increment(tags: list[str]) -> None:
    for listener in BUMP_LISTENERS:
        listener()
    now = int(timezone.now().timestamp())
    if (redis := redis_backend()) is not None:
        # One round trip for every tag a save touches (a grid's whole line of ancestors).
        # Django's Redis serializer stores integers as they are, so INCR and get() agree.
        try:
            with redis_client(redis, write=True) as client:
                pipe = client.pipeline(transaction=False)
                for tag in tags:
                    key = redis.make_and_validate_key(tag_key(tag))
                    pipe.set(key, time.time_ns(), nx=True)
                    pipe.incr(key)
                pipe.set(redis.make_and_validate_key(CHANGED_AT_KEY), now)
                pipe.execute()
        except CacheUnavailable:  # the write stands; the bump is lost, as what Redis held is
            pass  # gone or expires within CACHE_SECONDS (cache_redis)
        return
    for tag in tags:
        try:
            cache.incr(tag_key(tag))
        except ValueError:
            cache.add(tag_key(tag), time.time_ns(), None)
    cache.set(CHANGED_AT_KEY, now, None)


@contextmanager
def bumps_deferred():
    """Bumps inside are gathered and made once on leaving: a bulk write that saves row by
    row would otherwise bump the same ancestors once a row."""
    gathered: set[str] = set()
    token = _deferred.set(gathered)
    try:
        yield
    finally:
        _deferred.reset(token)
        if gathered:
            bump(gathered)


def bump(tags: Iterable[str], *, everything: bool = True) -> None:
    """Marks `tags` changed now and again once the surrounding transaction commits.

    Now: readers inside this transaction (and tests, whose transaction never commits) see the
    change at once. After commit: a reader that rendered the old data between the two bumps
    and stored it under the first bump's versions is stale again, so nothing it kept outlives
    the commit. `*` is bumped with every write of data (not with an index's).
    """
    tags = list(dict.fromkeys([EVERYTHING, *tags] if everything else tags))
    if (gathered := _deferred.get()) is not None:
        gathered.update(tags)
        return
    _increment(tags)
    transaction.on_commit(lambda: _increment(tags))


class VersionCounter:
    """One named tag, for data with no finer slices (the page tree)."""

    def __init__(self, tag: str):
        self.tag = tag

    def current(self) -> int:
        return versions_of([self.tag])[self.tag]

    def bump(self, **_signal_kwargs) -> None:
        bump([self.tag])


def data_changed_at() -> int:
    """When any counted data last changed (a Unix time), for Last-Modified headers."""
    changed = cache.get(CHANGED_AT_KEY)
    if changed is None:
        changed = int(timezone.now().timestamp())
        cache.add(CHANGED_AT_KEY, changed, None)
    return changed
