"""A counter that moves whenever the search index is written, for caches of search results.

Pages are indexed by the task worker after they are published, so the page-tree version alone
would let a search cached in between keep missing the new page. It is not a
`civicgrid.versions.VersionCounter`: those key every cached page, and the index is written on
every registry change that touches a service guide's text."""

from django.core.cache import cache
from django.db import transaction

KEY = "search-index-version"


def current() -> int:
    version = cache.get(KEY)
    if version is None:
        version = 1
        cache.add(KEY, version, None)
    return version


def _increment() -> None:
    try:
        cache.incr(KEY)
    except ValueError:
        cache.set(KEY, 2, None)


def bump() -> None:
    """Moves the counter once the write is committed, so no reader caches the old results
    after the bump."""
    transaction.on_commit(_increment)
