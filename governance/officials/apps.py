from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficialsConfig(AppConfig):
    name = "governance.officials"
    label = "officials"
    verbose_name = _("Young officials and the three lists")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The core declares the registries; the officials app adds itself to them once loaded.
        from governance import registry_types
        from governance.officials.resources import SPREADSHEET_TYPES

        # `responsibilities` (责任事项清单) for import_registry / export_registry.
        for registry_type in SPREADSHEET_TYPES:
            registry_types.register(registry_type)
