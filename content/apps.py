from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Public site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from civicgrid.query_parameters import allow_api_query_parameters, allow_query_parameters

        from . import signals  # noqa: F401  (connects the page-tree version's receivers)
        from .query_parameters import PAGE_PARAMETERS, page_field_names

        # What the pages read (lists, the guide's filters, search), and what the pages API
        # reads besides its OpenAPI parameters: the field selection and filters (?slug=…).
        allow_query_parameters(*PAGE_PARAMETERS)
        allow_api_query_parameters(lambda: {"/api/pages/*": {"fields", *page_field_names()}})
