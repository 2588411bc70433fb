from django.apps import AppConfig


class CivicGridConfig(AppConfig):
    """The project package itself: security plumbing shared by the admin and the public site."""

    name = "civicgrid"
    verbose_name = "CivicGrid"
