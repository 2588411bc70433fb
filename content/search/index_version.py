"""A version tag (`civicgrid.versions`) that moves whenever the search index is written, for
cached search results and the cached search page.

Pages are indexed by the task worker after they are published, so the page-tree version alone
would let a search cached in between keep missing the new page. Its bumps leave `*` alone: the
index is written on every registry change that touches a service guide's text, and that change
has already made stale whatever shows it."""

from civicgrid import versions

SEARCH_INDEX = "search-index"


def current() -> int:
    return versions.versions_of([SEARCH_INDEX])[SEARCH_INDEX]


def bump() -> None:
    versions.bump([SEARCH_INDEX], everything=False)
