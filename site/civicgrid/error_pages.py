"""The site's own Chinese 404 and 500 pages under DEBUG too.

`make demo` runs with DEBUG on, and Django then answers a missing page or an error with its
English debug page, 980 px wide on a phone: not what a resident trying the demo should see.
Without DEBUG Django renders templates/404.html and 500.html itself, so this does nothing there.
PROJECT_ERROR_PAGES=0 brings Django's debug pages back for development.
"""

import logging

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.views.defaults import page_not_found, server_error

logger = logging.getLogger("django.request")


def active() -> bool:
    return settings.DEBUG and settings.PROJECT_ERROR_PAGES


class ProjectErrorPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # An address no URL pattern matches fails before any view runs (no resolver_match):
        # Django has already put its debug page in the response.
        if active() and response.status_code == 404 and request.resolver_match is None:
            return page_not_found(request, Http404())
        return response

    def process_exception(self, request, exception):
        if not active():
            return None
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        if isinstance(exception, PermissionDenied | BadRequest | SuspiciousOperation):
            return None  # Django answers these with 403 and 400, not an error page
        # The traceback still reaches the console, as Django's own handler would log it.
        logger.error("Internal Server Error: %s", request.path, exc_info=exception)
        return server_error(request)
