"""The query parameters the public pages and the pages API read (see
civicgrid/query_parameters.py: the response cache keys answers by these only)."""

from django.apps import apps
from wagtail.models import Page

#: list pages (page, category), the service guide (kind, find), search (q, type, page)
PAGE_PARAMETERS = ("page", "category", "kind", "find", "q", "type")


def page_field_names() -> set[str]:
    """Every field of every page model: the pages API filters by any of them."""
    return {
        field.name
        for model in apps.get_models()
        if issubclass(model, Page)
        for field in model._meta.get_fields()
    }
