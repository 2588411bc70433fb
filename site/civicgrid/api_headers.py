"""Headers for the headless API: freshness (Last-Modified, Cache-Control) and CORS; guards
against input that would otherwise end in a 500 (numbers too large for a database integer, a
write body that is JSON but not an object); and a problem document, not the site's HTML page,
for an address under /api/ that names no operation.

Django's ConditionalGetMiddleware, placed just outside this one, adds the ETag and answers
If-None-Match / If-Modified-Since with 304 Not Modified.
"""

import json
import re

from django.conf import settings
from django.http import HttpResponse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from wagtail.api.v3.errors import PROBLEM_JSON, problem_response

from civicgrid.versions import data_changed_at

API_PREFIX = "/api/"
# 64-bit integers have at most 19 digits; anything longer cannot be an id, offset or limit, and
# refusing 19 digits too keeps every accepted number inside the 64-bit range.
MAX_NUMBER_DIGITS = 18
OVERSIZED_NUMBER = re.compile(rf"^[+-]?\d{{{MAX_NUMBER_DIGITS + 1},}}$")
FORM_BODIES = ("multipart/form-data", "application/x-www-form-urlencoded")


def oversized_number(request) -> str | None:
    values = [*request.path.split("/"), *(v for vs in request.GET.lists() for v in vs[1])]
    return next((value for value in values if OVERSIZED_NUMBER.match(value)), None)


def json_body_is_not_an_object(request) -> bool:
    """Wagtail's write schemas read the body as an object; a JSON list or string there ends in
    a 500 (its page-type discriminator expects a mapping). Unparsable bodies are left to
    Django Ninja, which already answers them with a 400."""
    if request.method not in ("POST", "PUT", "PATCH") or request.content_type in FORM_BODIES:
        return False
    try:
        body = json.loads(request.body)
    except ValueError:
        return False
    return not isinstance(body, dict)


def bad_request_problem(detail: str) -> HttpResponse:
    """A 400 as an RFC 9457 problem document, built like every other error of the API."""
    return problem_response(status=400, detail=detail)


def refusal(request) -> HttpResponse | None:
    if (number := oversized_number(request)) is not None:
        return bad_request_problem(_("Number too large: %(number)s") % {"number": number[:30]})
    if json_body_is_not_an_object(request):
        return bad_request_problem(_("The request body must be a JSON object."))
    return None


UNAUTHORIZED_SAID = b'"detail":"Unauthorized"'


def as_problem_document(request, response):
    """Errors the framework answers in its own words, said as problem documents in Chinese:
    a method the address does not take (Django's bare 405, HTML) and a missing or wrong token
    (Ninja's English 401). Then `as_problem_if_not_found`."""
    if response.status_code == 405 and response.get("Content-Type") != PROBLEM_JSON:
        allowed = response.get("Allow", "")
        problem = problem_response(
            status=405,
            detail=_("This address does not take %(method)s requests; it takes %(allowed)s.")
            % {"method": request.method, "allowed": allowed},
        )
        problem["Allow"] = allowed
        return problem
    if response.status_code == 401 and UNAUTHORIZED_SAID in response.content.replace(b" ", b""):
        problem = problem_response(
            status=401,
            detail=_(
                "This operation needs an API token: send it as Authorization: Bearer <token>."
            ),
        )
        if "WWW-Authenticate" in response:
            problem["WWW-Authenticate"] = response["WWW-Authenticate"]
        return problem
    return as_problem_if_not_found(response)


def as_problem_if_not_found(response):
    """A 404 answered as a problem document: the site's HTML page (no operation here) or
    Ninja's `{"detail": …}` (keeping its words). An operation's own error shape (Open311's list
    of {code, description}) is left as the operation wrote it."""
    if response.status_code != 404 or response.get("Content-Type") == PROBLEM_JSON:
        return response
    if response.get("Content-Type", "").startswith("application/json"):
        try:
            body = json.loads(response.content)
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return response
        detail = body.get("detail") or _("No API operation answers at this address.")
        return problem_response(status=404, detail=str(detail))
    return problem_response(status=404, detail=_("No API operation answers at this address."))


def allowed_origin(meta) -> str | None:
    """The request's Origin if it may read the API from a browser (`meta`: the WSGI environ)."""
    origin = meta.get("HTTP_ORIGIN", "")
    return origin if origin in getattr(settings, "API_CORS_ALLOWED_ORIGINS", []) else None


def cors_origin(path: str, meta) -> str | None:
    """The origin to name in Access-Control-Allow-Origin for an API read at `path`, if any."""
    return allowed_origin(meta) if path.startswith(API_PREFIX) else None


def allow_cors_origin(request, response) -> None:
    """An allowed origin is told so; the answer is the same for every origin otherwise (the
    response cache replays it to all of them and adds this per request)."""
    if origin := cors_origin(request.path, request.META):
        response["Access-Control-Allow-Origin"] = origin


class ApiHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if (refused := refusal(request)) is not None:
            return refused
        if request.method == "OPTIONS" and allowed_origin(request.META):
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
            response["Access-Control-Max-Age"] = "600"
        else:
            response = self.get_response(request)
        response = as_problem_document(request, response)
        allow_cors_origin(request, response)
        response["Vary"] = ", ".join(filter(None, [response.get("Vary"), "Origin"]))
        anonymous_read = (
            request.method in ("GET", "HEAD") and "Authorization" not in request.headers
        )
        if anonymous_read and response.status_code == 200:
            response.setdefault("Last-Modified", http_date(data_changed_at()))
            response.setdefault("Cache-Control", "public, max-age=60")
        return response
