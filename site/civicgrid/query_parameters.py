"""The query parameters some public page or API operation reads.

The response cache keys anonymous answers by the parameters on this list only, and drops the
rest before the view runs, so `?x=1`, `?x=2`, … are one answer, not one cache entry each, and no
view can answer differently for a parameter the key ignores. Apps add what they read from
their `AppConfig.ready()`: names, or a function computed once on first use; the API's names are
kept per operation, from its OpenAPI document.
"""

import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache

from civicgrid.api_headers import API_PREFIX

#: How many API paths' allowed names are remembered (paths hold codes: there are many).
REMEMBERED_PATHS = 10_000

_site_providers: list[Callable[[], Iterable[str]]] = []
_api_providers: list[Callable[[], Mapping[str, Iterable[str]]]] = []
_api_names_by_path: dict[str, frozenset[str]] = {}


def allow_query_parameters(*names: str, provider: Callable[[], Iterable[str]] | None = None):
    """Names some page of the site reads."""
    if names:
        _site_providers.append(lambda: names)
    if provider is not None:
        _site_providers.append(provider)
    site_names.cache_clear()


def allow_api_query_parameters(provider: Callable[[], Mapping[str, Iterable[str]]]):
    """Names API operations read, per path: `{"/api/registry/grids/{code}/": names}`, as the
    OpenAPI document spells paths; a path ending in `*` covers every address under it. Per
    operation, so that `?within=1`, `?within=2`, … on an operation that reads no `within` are
    one entry, not one each."""
    _api_providers.append(provider)
    api_templates.cache_clear()
    _api_names_by_path.clear()


@cache
def site_names() -> frozenset[str]:
    return frozenset(name for provider in _site_providers for name in provider())


def path_pattern(template: str) -> re.Pattern:
    if template.endswith("*"):
        return re.compile(re.escape(template[:-1]) + ".*")
    return re.compile(re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(template)))


@cache
def api_templates() -> tuple[tuple[re.Pattern, frozenset[str]], ...]:
    return tuple(
        (path_pattern(template), frozenset(names))
        for provider in _api_providers
        for template, names in provider().items()
    )


def api_names(path: str) -> frozenset[str]:
    names = _api_names_by_path.get(path)
    if names is None:
        names = frozenset().union(
            *(names for pattern, names in api_templates() if pattern.fullmatch(path))
        )
        if len(_api_names_by_path) >= REMEMBERED_PATHS:
            _api_names_by_path.clear()
        _api_names_by_path[path] = names
    return names


def known_only(path: str, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The pairs whose names some view at `path` reads, ordered by name (each name's values
    keep their order, which a view reading a list may rely on)."""
    names = api_names(path) if path.startswith(API_PREFIX) else site_names()
    return sorted((pair for pair in pairs if pair[0] in names), key=lambda pair: pair[0])
