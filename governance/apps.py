from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Grid governance")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registry types join models, resources and admin viewsets, so they can only be read
        # once every app is loaded.
        from django.db.models.signals import post_migrate
        from wagtail.permissions import register_permission_policy

        from governance import registry_types
        from governance.groups import setup_groups_after_migrate
        from governance.models import Report
        from governance.permissions import GridScopedPermissionPolicy, ReportPermissionPolicy
        from governance.versioning import connect_signals

        for model in registry_types.scoped_models():
            register_permission_policy(model, GridScopedPermissionPolicy(model))
        register_permission_policy(Report, ReportPermissionPolicy(Report))
        post_migrate.connect(setup_groups_after_migrate, dispatch_uid="civicgrid-staff-groups")
        connect_signals(
            {
                model
                for registry_type in registry_types.admin_types()
                for model in (registry_type.model, *registry_type.lookups)
            }
        )

        from wagtail.api.v3.api import api

        from governance.api.setup import configure_api

        configure_api(api)

        from civicgrid.security.headers import allow_images_from
        from governance.geo.basemap import tile_hosts

        allow_images_from(*tile_hosts())
