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

        from governance import figures, registry_types
        from governance.api.router import router as registry_router
        from governance.events.permissions import EventSettingsPolicy
        from governance.officials.api import router as stats_router
        from governance.officials.figures import OFFICIALS_FIGURES
        from governance.officials.models import (
            DutyLog,
            ManualScore,
            Need,
            Project,
            ProjectPhoto,
            ResponsibilityItem,
            ScoringRule,
            Task,
            YoungOfficial,
        )
        from governance.officials.permissions import (
            AssessPolicy,
            ResponsibilityPolicy,
            YoungOfficialPolicy,
        )
        from governance.officials.resources import SPREADSHEET_TYPES
        from governance.permissions import GridScopedPermissionPolicy
        from governance.versioning import connect_signals

        for model in (Need, Task, Project, DutyLog):
            register_permission_policy(model, GridScopedPermissionPolicy(model))
        register_permission_policy(ResponsibilityItem, ResponsibilityPolicy(ResponsibilityItem))
        register_permission_policy(YoungOfficial, YoungOfficialPolicy(YoungOfficial))
        register_permission_policy(ManualScore, AssessPolicy(ManualScore))
        # The rules are the district's shared settings, like the events' categories.
        register_permission_policy(ScoringRule, EventSettingsPolicy(ScoringRule))
        # `responsibilities` (责任事项清单) for import_registry / export_registry.
        for registry_type in SPREADSHEET_TYPES:
            registry_types.register(registry_type)
        # 需求 → 任务 → 项目: tally kinds may be computed from the lists, their figures at
        # /api/registry/officials-stats/, and anonymous answers and the public 我们办成的事
        # follow the lists' version counter (the dashboard panel and the page section register
        # from wagtail_hooks, the PDF block from settings).
        for figure in OFFICIALS_FIGURES:
            figures.register(figure)
        registry_router.add_router("", stats_router)
        connect_signals((Need, Task, Project, ProjectPhoto))
