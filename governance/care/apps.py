from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "governance.care"
    label = "care"
    verbose_name = _("Care ledger")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from governance import figures
        from governance.api.router import router as registry_router
        from governance.care import checks, crypto, signals
        from governance.care.api import router
        from governance.care.figures import CARE_FIGURES

        # A missing or malformed key stops every process at start-up, not at the first record.
        crypto.require_key()
        signals.connect()
        post_migrate.connect(checks.ensure_key_sample, sender=self)
        self.register_spreadsheets()
        self.register_figures(figures, CARE_FIGURES, registry_router, router)

    def register_spreadsheets(self):
        """`households` and `residents` for import_registry / export_registry."""

    def register_figures(self, registry, care_figures, registry_router, care_router):
        """走访人次 for tally kinds, and /api/registry/care-stats/ on the core's registry router
        (the dashboard panel registers from wagtail_hooks, the PDF block from settings)."""
        for figure in care_figures:
            registry.register(figure)
        registry_router.add_router("", care_router)
