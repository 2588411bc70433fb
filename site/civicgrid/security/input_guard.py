"""Refuse addresses carrying NUL characters before any view sees them.

PostgreSQL text cannot hold NUL, so a `?q=%00` reaching a query ends in a 500 there (and works
on SQLite). Django's form fields already refuse NUL; addresses and query strings are not forms.
"""

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

from civicgrid.api_headers import API_PREFIX, bad_request_problem


def has_nul(request) -> bool:
    if "\x00" in request.path:
        return True
    return any("\x00" in key or "\x00" in value for key, value in request.GET.items())


class NulCharacterGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not has_nul(request):
            return self.get_response(request)
        detail = _("The address contains a NUL character (%00), which is not allowed.")
        if request.path.startswith(API_PREFIX):
            return bad_request_problem(detail)
        return HttpResponseBadRequest(detail, content_type="text/plain; charset=utf-8")
