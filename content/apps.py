from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Public site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from civicgrid.query_parameters import allow_query_parameters

        from . import signals  # noqa: F401  (connects the page-tree version's receivers)
        from .query_parameters import PAGE_PARAMETERS, page_field_names

        # What the pages read (lists, the guide's filters, search, the sitemap's parts) and
        # the fields the pages API filters by (?slug=…); the response cache keys by no other.
        allow_query_parameters(*PAGE_PARAMETERS, provider=page_field_names)
