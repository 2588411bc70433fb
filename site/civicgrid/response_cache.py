"""Whole-response caching of public pages and API reads for anonymous readers, in front of
every other middleware.

A request with no cookie and no Authorization header is looked up before sessions, CSRF,
authentication or two-step sign-in run, with one cache round trip: the stored answer and the
version tags (`civicgrid.versions`) it was built from are fetched together. The answer
remembers the versions of the slices it read (`civicgrid.dependencies`: a community page its
subtree, a notice the page tree, a city-wide figure everything), so a save in one community
leaves the rest of the city warm. Each process remembers which tags an address depends on
(`_known_tags`); the first hit in a process fetches them in a second round trip, every later
one in the same trip as the answer.

Keys: scheme, host, path, the day (notices expire by date) and the query parameters some view
reads (`civicgrid.query_parameters`); others are dropped before the view runs. Editors and
staff, forms, anything that sets a cookie and answers marked `no-store` are never kept.
"""

import hashlib
from urllib.parse import parse_qsl, urlencode

from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from civicgrid import dependencies
from civicgrid.api_headers import API_PREFIX, allow_cors_origin
from civicgrid.query_parameters import known_only
from civicgrid.versions import EVERYTHING, tag_key, versions_of

CACHE_SECONDS = 10 * 60
UNCACHED_PREFIXES = ("/admin/", "/documents/", "/static/", "/media/", "/healthz")
# Added per request on a hit (CORS answers the asking origin), or meaningless when replayed.
REQUEST_HEADERS = {"access-control-allow-origin", "x-page-cache", "set-cookie"}
KNOWN_TAGS_LIMIT = 50_000

_known_tags: dict[str, tuple[str, ...]] = {}


def is_cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or request.path.startswith(UNCACHED_PREFIXES):
        return False
    if "order=random" in request.META.get("QUERY_STRING", ""):  # shuffled lists stay shuffled
        return False
    # Readers with a session (editors, staff) get fresh pages and their user bar.
    return not request.META.get("HTTP_COOKIE") and "HTTP_AUTHORIZATION" not in request.META


def is_cacheable_response(request, response) -> bool:
    opted_in = getattr(response, "cacheable_public_page", False) or request.path.startswith(
        API_PREFIX
    )
    # An answer meant for one reader only (a report's status by its secret token) says so.
    private = "no-store" in response.get("Cache-Control", "")
    return (
        opted_in
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not private
    )


def drop_unknown_parameters(request) -> str:
    """Keeps only the query parameters some view reads; returns the query string left."""
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return ""
    kept = urlencode(known_only(parse_qsl(query, keep_blank_values=True)))
    if kept != query:
        request.META["QUERY_STRING"] = kept
        request.GET = QueryDict(kept, encoding=request.encoding)
    return kept


def cache_key(request, query: str) -> str:
    # Hashed: query strings can be long and hold any character; a key must be neither.
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"response:{timezone.localdate().isoformat()}:{digest}"


def replay(request, stored) -> HttpResponse:
    response = HttpResponse(stored["content"], headers=stored["headers"])
    response["X-Page-Cache"] = "hit"
    allow_cors_origin(request, response)
    if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
        last_modified = stored["headers"].get("Last-Modified")
        conditional = get_conditional_response(
            request,
            etag=stored["headers"].get("ETag"),
            last_modified=last_modified and parse_http_date_safe(last_modified),
            response=response,
        )
        if conditional is not None:
            return conditional
    return response


def fresh(stored, seen: dict) -> bool:
    return all(seen.get(tag) == version for tag, version in stored["versions"].items())


class ResponseCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        key = cache_key(request, drop_unknown_parameters(request))
        tags = _known_tags.get(key, ())
        found = cache.get_many([key, tag_key(EVERYTHING), *map(tag_key, tags)])
        seen = {tag: found.get(tag_key(tag)) for tag in (EVERYTHING, *tags)}
        stored = found.get(key)
        if stored is not None:
            if not set(stored["versions"]) <= set(seen):
                # First hit in this process: learn the address's tags for the next one.
                self.remember(key, stored["versions"])
                seen = versions_of(stored["versions"], known=seen)
            if fresh(stored, seen):
                return replay(request, stored)
        if seen[EVERYTHING] is None:  # a new or emptied cache: start the counter
            seen.update(versions_of([EVERYTHING]))
        return self.build(request, key, seen)

    def build(self, request, key, seen):
        recorded = dependencies.start()
        try:
            response = self.get_response(request)
        finally:
            dependencies.stop()
        if not is_cacheable_response(request, response):
            return response
        tags = recorded.all_tags()
        versions = versions_of(tags | {EVERYTHING}, known=seen)
        if set(tags) - set(seen) and seen[EVERYTHING] != versions[EVERYTHING]:
            # Versions read after the build: unsafe if anything was written during it.
            return response
        stored = {
            "content": response.content,
            "headers": {
                name: value
                for name, value in response.items()
                if name.lower() not in REQUEST_HEADERS
            },
            "versions": {tag: versions[tag] for tag in tags},
        }
        cache.set(key, stored, CACHE_SECONDS)
        self.remember(key, stored["versions"])
        response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def remember(key, versions) -> None:
        if len(_known_tags) >= KNOWN_TAGS_LIMIT:
            _known_tags.clear()
        _known_tags[key] = tuple(versions)
