"""Whole-response caching of public pages and API reads for anonymous readers.

A cached response is keyed by its address, the day (notices expire by date) and every data
version counter (`civicgrid.versions`: the page tree, the registry), so a publish or a registry
change shows at once. Editors and staff, forms, API calls with credentials and anything that
sets a cookie are never cached. Pages opt in by setting `cacheable_public_page` on their
response; every API read is public data versioned the same way.
"""

import hashlib

from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

from civicgrid.api_headers import API_PREFIX
from civicgrid.versions import current_versions

CACHE_SECONDS = 10 * 60
UNCACHED_PREFIXES = ("/admin/", "/documents/", "/static/", "/media/", "/healthz")


def is_cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or request.path.startswith(UNCACHED_PREFIXES):
        return False
    if request.GET.get("order") == "random":  # the API's shuffled lists must stay shuffled
        return False
    # Readers with a session (editors, staff) get fresh pages and their user bar.
    return not request.COOKIES and "Authorization" not in request.headers


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


def cache_key(request) -> str:
    # Hashed: query strings can be long and hold any character; a key must be neither.
    address = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
    return ":".join(["response", *current_versions(), timezone.localdate().isoformat(), address])


class ResponseCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        key = cache_key(request)
        stored = cache.get(key)
        if stored is not None:
            response = HttpResponse(stored["content"], content_type=stored["content_type"])
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if is_cacheable_response(request, response):
            cache.set(
                key,
                {"content": response.content, "content_type": response["Content-Type"]},
                CACHE_SECONDS,
            )
            response["X-Page-Cache"] = "miss"
        return response
