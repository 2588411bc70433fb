"""The query parameters some public page or API operation reads.

The response cache keys anonymous answers by the parameters on this list only, and drops the
rest before the view runs, so `?x=1`, `?x=2`, … are one answer, not one cache entry each, and no
view can answer differently for a parameter the key ignores. Apps add what they read from
their `AppConfig.ready()`: names, or a function computed once on first use (the API's names
come from its OpenAPI document).
"""

from collections.abc import Callable, Iterable
from functools import cache

from civicgrid.api_headers import API_PREFIX

_providers: dict[bool, list[Callable[[], Iterable[str]]]] = {True: [], False: []}


def allow_query_parameters(
    *names: str, provider: Callable[[], Iterable[str]] | None = None, api: bool = False
):
    """Names some view reads: under /api/ with `api`, on the site's pages otherwise. Two lists,
    so that the pages API's field filters (?title=…) make no new entry of a page."""
    if names:
        _providers[api].append(lambda: names)
    if provider is not None:
        _providers[api].append(provider)
    allowed.cache_clear()


@cache
def allowed(api: bool) -> frozenset[str]:
    return frozenset(name for provider in _providers[api] for name in provider())


def known_only(path: str, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The pairs whose names some view at `path` reads, ordered by name (each name's values
    keep their order, which a view reading a list may rely on)."""
    names = allowed(path.startswith(API_PREFIX))
    return sorted((pair for pair in pairs if pair[0] in names), key=lambda pair: pair[0])
