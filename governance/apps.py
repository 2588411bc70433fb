from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Grid governance")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from governance.models import Report
        from governance.permissions import (
            GridScopedPermissionPolicy,
            ReportPermissionPolicy,
            grid_scoped_models,
        )

        for model in grid_scoped_models():
            register_permission_policy(model, GridScopedPermissionPolicy(model))
        register_permission_policy(Report, ReportPermissionPolicy(Report))

        from governance.versioning import connect_signals

        connect_signals()

        from wagtail.api.v3.api import api

        from governance.api.setup import configure_api

        configure_api(api)
