from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficialsConfig(AppConfig):
    name = "governance.officials"
    label = "officials"
    verbose_name = _("Young officials and the three lists")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The core declares the registries; the officials app adds itself to them once loaded.
        from wagtail.permissions import register_permission_policy

        from governance import registry_types
        from governance.events.permissions import EventSettingsPolicy
        from governance.officials.models import (
            DutyLog,
            ManualScore,
            Need,
            Project,
            ResponsibilityItem,
            ScoringRule,
            Task,
            YoungOfficial,
        )
        from governance.officials.permissions import AssessPolicy, ResponsibilityPolicy
        from governance.officials.resources import SPREADSHEET_TYPES
        from governance.permissions import GridScopedPermissionPolicy

        for model in (Need, Task, Project, YoungOfficial, DutyLog):
            register_permission_policy(model, GridScopedPermissionPolicy(model))
        register_permission_policy(ResponsibilityItem, ResponsibilityPolicy(ResponsibilityItem))
        register_permission_policy(ManualScore, AssessPolicy(ManualScore))
        # The rules are the district's shared settings, like the events' categories.
        register_permission_policy(ScoringRule, EventSettingsPolicy(ScoringRule))
        # `responsibilities` (责任事项清单) for import_registry / export_registry.
        for registry_type in SPREADSHEET_TYPES:
            registry_types.register(registry_type)
