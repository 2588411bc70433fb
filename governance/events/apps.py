from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "governance.events"
    label = "events"
    verbose_name = _("Events")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from governance.events.models import (
            Department,
            EventCategory,
            LadderStep,
            ReplyTemplate,
            WorkdayOverride,
        )
        from governance.events.permissions import DistrictSettingsPolicy, EventSettingsPolicy

        for model in (EventCategory, WorkdayOverride, ReplyTemplate):
            register_permission_policy(model, EventSettingsPolicy(model))
        for model in (LadderStep, Department):
            register_permission_policy(model, DistrictSettingsPolicy(model))
