from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "governance.care"
    label = "care"
    verbose_name = _("Care ledger")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate
        from wagtail.permissions import register_permission_policy

        from governance import registry_types
        from governance.care import checks, crypto, signals
        from governance.care.models import CareGroup, Household, HouseholdTag, Resident, Visit
        from governance.care.resources import SPREADSHEET_TYPES
        from governance.events.permissions import EventSettingsPolicy
        from governance.permissions import GridScopedPermissionPolicy

        # A missing or malformed key stops every process at start-up, not at the first record.
        crypto.require_key()
        signals.connect()
        for model in (Household, Resident, Visit):
            register_permission_policy(model, GridScopedPermissionPolicy(model))
        # The groups and tags are shared lists, like the events' categories.
        for model in (CareGroup, HouseholdTag):
            register_permission_policy(model, EventSettingsPolicy(model))
        post_migrate.connect(checks.ensure_key_sample, sender=self)
        self.registry_types, self.spreadsheet_types = registry_types, SPREADSHEET_TYPES
        self.register_spreadsheets()
        self.register_figures()

    def register_spreadsheets(self):
        """`households` and `residents` for import_registry / export_registry."""
        for registry_type in self.spreadsheet_types:
            self.registry_types.register(registry_type)

    def register_figures(self):
        """走访人次 for tally kinds, coverage for the dashboard, the stats API and PDF blocks."""
