"""Whole-response caching of public pages and API reads for anonymous readers, in front of
everything else.

A GET or HEAD with no cookie and no Authorization header is looked up with one cache round
trip before Django builds a request (`FrontCache`, the WSGI application `civicgrid.wsgi`
serves) or, where Django is called without it (the test client, runserver), before any other
middleware (`ResponseCacheMiddleware`, the first one). The stored answer and the version tags
(`civicgrid.versions`) it was built from are fetched together: the answer remembers the
versions of the slices it read (`civicgrid.dependencies`: a community page its subtree, a
notice the page tree, a city-wide figure everything), so a save in one community leaves the
rest of the city warm. Each process remembers which tags an address depends on
(`_known_tags`); the first hit in a process fetches them in a second round trip, every later one
in the same trip as the answer.

Keys: scheme, host, path, the day (notices expire by date) and the query parameters some view
reads (`civicgrid.query_parameters`); others are dropped before the view runs. Only the
middleware stores answers: editors and staff, forms, anything that sets a cookie and answers
marked `no-store` are never kept.
"""

import hashlib
import logging
import time
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from civicgrid import cache_reads, dependencies
from civicgrid.api_headers import API_PREFIX, allow_cors_origin, cors_origin
from civicgrid.cache_redis import OUTAGE, CacheUnavailable, note_outage
from civicgrid.query_parameters import known_only
from civicgrid.versions import BUMP_LISTENERS, EVERYTHING, tag_key, versions_of

CACHE_SECONDS = 10 * 60
UNCACHED_PREFIXES = ("/admin/", "/documents/", "/static/", "/media/", "/healthz")
# Added per request on a hit (CORS answers the asking origin), or meaningless when replayed.
REQUEST_HEADERS = {"access-control-allow-origin", "x-page-cache", "set-cookie"}
KNOWN_TAGS_LIMIT = 50_000

log = logging.getLogger(__name__)

_known_tags: dict[str, tuple[str, ...]] = {}


def is_cacheable_request(meta) -> bool:
    """`meta` is the WSGI environ (a Django request's META)."""
    method, path = meta.get("REQUEST_METHOD"), meta.get("PATH_INFO", "/")
    # The API answers HEAD as a method it does not allow: a replay would say otherwise.
    if method != "GET" and (method != "HEAD" or path.startswith(API_PREFIX)):
        return False
    if path.startswith(UNCACHED_PREFIXES):
        return False
    query = meta.get("QUERY_STRING", "")
    # Shuffled lists stay so; `ord%65r=random` is the same parameter.
    if ("order" in query or "%" in query) and ("order", "random") in parse_qsl(query):
        return False
    # Readers with a session (editors, staff) get fresh pages and their user bar.
    return not meta.get("HTTP_COOKIE") and "HTTP_AUTHORIZATION" not in meta


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


def known_query(meta) -> str:
    """The query string with only the parameters some view reads."""
    query = meta.get("QUERY_STRING", "")
    if not query:
        return ""
    # WSGI hands the query's bytes over as Latin-1 text: read and written back as Latin-1 they
    # stay the bytes that came, so an unencoded UTF-8 `?q=社区` reaches the view as sent, not
    # as mojibake encoded again. (ASGI decodes the query as UTF-8, beyond Latin-1.)
    encoding = "latin-1" if is_latin1(query) else "utf-8"
    pairs = parse_qsl(query, keep_blank_values=True, encoding=encoding)
    return urlencode(known_only(meta.get("PATH_INFO", "/"), pairs), encoding=encoding)


def is_latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def scheme_of(meta) -> str:
    # As Django's HttpRequest.scheme reads it, so both doors agree on the key.
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header and proxy_header[0] in meta:
        forwarded = meta[proxy_header[0]].split(",", 1)[0].strip()
        return "https" if forwarded == proxy_header[1] else "http"
    return meta.get("wsgi.url_scheme", "http")


def cache_key(meta, query: str) -> str:
    # The host as sent: an answer is stored only after Django accepted the host it was built
    # for, so an unknown host finds nothing. Hashed: a key must be short and plain.
    host = (meta.get("HTTP_HOST") or meta.get("SERVER_NAME", "")).lower().rstrip(".")
    path = meta.get("SCRIPT_NAME", "") + meta.get("PATH_INFO", "/")
    address = f"{scheme_of(meta)}://{host}{path}?{query}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogatepass")).hexdigest()
    return f"response:{timezone.localdate().isoformat()}:{digest}"


def fresh(stored, seen: dict) -> bool:
    return all(seen.get(tag) == version for tag, version in stored["versions"].items())


def remember(key, versions) -> None:
    if len(_known_tags) >= KNOWN_TAGS_LIMIT:
        _known_tags.clear()
    _known_tags[key] = tuple(versions)


def look_up(key: str) -> tuple[dict | None, dict]:
    """(the stored answer if it is fresh, the versions seen) — one round trip once the
    address's tags are known in this process."""
    tags = _known_tags.get(key, ())
    found = cache_reads.get_many([key, tag_key(EVERYTHING), *map(tag_key, tags)])
    seen = {tag: found.get(tag_key(tag)) for tag in (EVERYTHING, *tags)}
    stored = found.get(key)
    if stored is None:
        return None, seen
    if not set(stored["versions"]) <= set(seen):
        remember(key, stored["versions"])
        seen = versions_of(stored["versions"], known=seen)
    return (stored if fresh(stored, seen) else None), seen


def look_up_or_nothing(key: str) -> tuple[dict | None, dict | None]:
    """`look_up`, or (None, None) when the cache cannot be reached: readers are then served
    uncached, slower but answered."""
    try:
        return look_up(key)
    except CacheUnavailable:  # Redis down or resting (cache_reads notes it, logs once a minute)
        pass
    except Exception:  # every backend raises its own: Redis, the file system
        log.warning("response cache unreachable; serving uncached", exc_info=True)
    return None, None


def is_conditional(meta) -> bool:
    return "HTTP_IF_NONE_MATCH" in meta or "HTTP_IF_MODIFIED_SINCE" in meta


class RecentAnswers:
    """Answers this process checked in the last `seconds`, replayed without asking the
    cache again (a micro-cache). A write in this process forgets them all at once; a write in
    another process is seen within `seconds`. Bounded in bytes."""

    def __init__(self, seconds: float, max_bytes: int = 32 * 1024 * 1024):
        self.seconds = seconds
        self.max_bytes = max_bytes
        self.answers: dict[str, tuple[float, dict]] = {}
        self.size = 0
        BUMP_LISTENERS.append(self.forget)

    def get(self, key: str) -> dict | None:
        held = self.answers.get(key)
        if held is None or held[0] < time.monotonic():
            return None
        return held[1]

    def keep(self, key: str, stored: dict) -> None:
        if self.seconds <= 0:
            return
        if self.size + len(stored["content"]) > self.max_bytes:
            self.forget()
        self.answers[key] = (time.monotonic() + self.seconds, stored)
        self.size += len(stored["content"])

    def forget(self) -> None:
        self.answers = {}
        self.size = 0


class FrontCache:
    """The WSGI application in front of Django: a warm answer for an anonymous reader is
    written out without building a request, running a signal or touching the database.
    Conditional requests go on to the middleware, which answers them with a 304.

    With RESPONSE_CACHE_RECENT_SECONDS > 0, an answer checked that recently is replayed with
    no cache round trip at all (`RecentAnswers`)."""

    def __init__(self, application, recent_seconds: float | None = None):
        self.application = application
        if recent_seconds is None:
            recent_seconds = getattr(settings, "RESPONSE_CACHE_RECENT_SECONDS", 0)
        self.recent = RecentAnswers(recent_seconds)

    def __call__(self, environ, start_response):
        if not is_cacheable_request(environ) or is_conditional(environ):
            return self.application(environ, start_response)
        key = cache_key(environ, known_query(environ))
        stored = self.recent.get(key)
        if stored is None:
            stored, _seen = look_up_or_nothing(key)
            if stored is None:
                return self.application(environ, start_response)
            self.recent.keep(key, stored)
        headers = [*stored["headers"].items(), ("X-Page-Cache", "hit")]
        if origin := cors_origin(environ.get("PATH_INFO", ""), environ):
            headers.append(("Access-Control-Allow-Origin", origin))
        start_response("200 OK", headers)
        return [b"" if environ["REQUEST_METHOD"] == "HEAD" else stored["content"]]


def replay(request, stored) -> HttpResponse:
    response = HttpResponse(stored["content"], headers=stored["headers"])
    response["X-Page-Cache"] = "hit"
    allow_cors_origin(request, response)
    if is_conditional(request.META):
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


class ResponseCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request.META):
            return self.get_response(request)
        query = known_query(request.META)
        key = cache_key(request.META, query)
        if query != request.META.get("QUERY_STRING", ""):
            # The view sees what the key holds, so no answer depends on what the key ignores.
            request.META["QUERY_STRING"] = query
            request.GET = QueryDict(query, encoding=request.encoding)
        stored, seen = look_up_or_nothing(key)
        if stored is not None:
            return replay(request, stored)
        if seen is None:  # the cache does not answer: serve without it
            return self.get_response(request)
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
        try:
            self.store(key, response, recorded.all_tags(), seen)
        except OUTAGE:  # the cache went away while the answer was built: not kept
            note_outage()
        except Exception:
            log.warning("response cache unreachable; answer not kept", exc_info=True)
        return response

    @staticmethod
    def store(key, response, tags, seen) -> None:
        versions = versions_of(tags | {EVERYTHING}, known=seen)
        if set(tags) - set(seen) and seen[EVERYTHING] != versions[EVERYTHING]:
            # Versions read after the build: unsafe if anything was written during it.
            return
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
        remember(key, stored["versions"])
        response["X-Page-Cache"] = "miss"
