"""The query parameters some public page or API operation reads.

The response cache keys anonymous answers by the parameters on this list only, and drops the
rest before the view runs, so `?x=1`, `?x=2`, … are one answer, not one cache entry each, and no
view can answer differently for a parameter the key ignores. Apps add what they read from
their `AppConfig.ready()`: names, or a function computed once on first use (the API's names
come from its OpenAPI document).
"""

from collections.abc import Callable, Iterable
from functools import cache

_providers: list[Callable[[], Iterable[str]]] = []


def allow_query_parameters(*names: str, provider: Callable[[], Iterable[str]] | None = None):
    if names:
        _providers.append(lambda: names)
    if provider is not None:
        _providers.append(provider)
    allowed.cache_clear()


@cache
def allowed() -> frozenset[str]:
    return frozenset(name for provider in _providers for name in provider())


def known_only(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The pairs whose names some view reads, ordered by name (each name's values keep their
    order, which a view reading a list may rely on)."""
    names = allowed()
    return sorted((pair for pair in pairs if pair[0] in names), key=lambda pair: pair[0])
