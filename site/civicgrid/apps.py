from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CivicGridConfig(AppConfig):
    """The project package itself: security plumbing shared by the admin and the public site."""

    name = "civicgrid"
    verbose_name = "CivicGrid"

    def ready(self):
        # The handler's module imports auth models, which exist only once the app registry is.
        from civicgrid.permission_names import name_permissions_in_chinese

        post_migrate.connect(name_permissions_in_chinese, dispatch_uid="civicgrid.permission_names")

        from civicgrid.query_parameters import allow_query_parameters

        # Where a sign-in (Wagtail's page password, two-step) returns to.
        allow_query_parameters("next")
