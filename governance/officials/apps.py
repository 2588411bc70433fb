from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficialsConfig(AppConfig):
    name = "governance.officials"
    label = "officials"
    verbose_name = _("Young officials and the three lists")
    default_auto_field = "django.db.models.BigAutoField"
