"""Headers for the headless API: freshness (Last-Modified, Cache-Control) and CORS; and a guard
against numbers too large for a database integer, which would otherwise end in a 500.

Django's ConditionalGetMiddleware, placed just outside this one, adds the ETag and answers
If-None-Match / If-Modified-Since with 304 Not Modified.
"""

import re

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.http import http_date
from django.utils.translation import gettext as _

from civicgrid.versions import data_changed_at

API_PREFIX = "/api/"
# 64-bit integers have at most 19 digits; anything longer cannot be an id, offset or limit.
OVERSIZED_NUMBER = re.compile(r"^[+-]?\d{19,}$")


def oversized_number(request) -> str | None:
    values = [*request.path.split("/"), *(v for vs in request.GET.lists() for v in vs[1])]
    return next((value for value in values if OVERSIZED_NUMBER.match(value)), None)


def bad_request_problem(detail: str) -> JsonResponse:
    """A 400 as an RFC 9457 problem document, the form the API's own errors take."""
    return JsonResponse(
        {"type": "about:blank", "title": "Bad Request", "status": 400, "detail": detail},
        status=400,
        content_type="application/problem+json",
    )


class ApiHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if (number := oversized_number(request)) is not None:
            return bad_request_problem(_("Number too large: %(number)s") % {"number": number[:30]})
        origin = request.headers.get("Origin", "")
        allowed = origin in getattr(settings, "API_CORS_ALLOWED_ORIGINS", [])
        if request.method == "OPTIONS" and allowed:
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
            response["Access-Control-Max-Age"] = "600"
        else:
            response = self.get_response(request)
        if allowed:
            response["Access-Control-Allow-Origin"] = origin
        response["Vary"] = ", ".join(filter(None, [response.get("Vary"), "Origin"]))
        anonymous_read = (
            request.method in ("GET", "HEAD") and "Authorization" not in request.headers
        )
        if anonymous_read and response.status_code == 200:
            response.setdefault("Last-Modified", http_date(data_changed_at()))
            response.setdefault("Cache-Control", "public, max-age=60")
        return response
