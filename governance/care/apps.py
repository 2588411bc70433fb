from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "governance.care"
    label = "care"
    verbose_name = _("Care ledger")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The core declares the registries; the care app adds itself to them once loaded.
        from django.conf import settings
        from django.db.models.signals import post_migrate
        from wagtail.permissions import register_permission_policy

        from governance import figures, periodic, registry_types
        from governance.api.router import router as registry_router
        from governance.care import checks, crypto, signals
        from governance.care.api import router
        from governance.care.figures import CARE_FIGURES
        from governance.care.map_figures import CARE_MAP_FIGURES
        from governance.care.models import (
            CareGroup,
            Household,
            HouseholdTag,
            PersonalDataAccess,
            Resident,
            Visit,
        )
        from governance.care.permissions import AccessLogPolicy, VisitPolicy
        from governance.care.resources import SPREADSHEET_TYPES
        from governance.care.services.ledger import refresh_ledger
        from governance.events.permissions import EventSettingsPolicy
        from governance.geo import map_figures
        from governance.permissions import GridScopedPermissionPolicy
        from governance.versioning import connect_signals

        # A missing or malformed key stops every process at start-up, not at the first record.
        crypto.require_key()
        signals.connect()
        post_migrate.connect(checks.ensure_key_sample, sender=self)
        # Memberships begin and end with the date, not with a save: the worker refreshes the
        # ledger's clock so the due list and coverage follow the calendar.
        periodic.register(
            periodic.PeriodicJob(
                name="care-ledger",
                every=lambda: settings.CARE_LEDGER_REFRESH_EVERY_SECONDS,
                run=refresh_ledger,
            )
        )
        for model in (Household, Resident):
            register_permission_policy(model, GridScopedPermissionPolicy(model))
        register_permission_policy(Visit, VisitPolicy(Visit))
        # The groups and tags are shared lists, like the events' categories.
        for model in (CareGroup, HouseholdTag):
            register_permission_policy(model, EventSettingsPolicy(model))
        register_permission_policy(PersonalDataAccess, AccessLogPolicy(PersonalDataAccess))
        # `households` and `residents` for import_registry / export_registry.
        for registry_type in SPREADSHEET_TYPES:
            registry_types.register(registry_type)
        # 走访人次 for tally kinds; /api/registry/care-stats/ on the registry's router (the
        # dashboard panel registers from wagtail_hooks, the PDF block from settings).
        for figure in CARE_FIGURES:
            figures.register(figure)
        # 走访覆盖率 for the grid map (网格地图).
        for figure in CARE_MAP_FIGURES:
            map_figures.register(figure)
        registry_router.add_router("", router)
        # /care-stats/ answers follow the register: its saves make their subtrees stale.
        connect_signals((Household, Resident, Visit))
