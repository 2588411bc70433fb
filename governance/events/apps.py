from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "governance.events"
    label = "events"
    verbose_name = _("Events")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The core declares the registries; the events app adds itself to them once loaded.
        from django.conf import settings
        from wagtail.permissions import register_permission_policy

        from governance import periodic, registry_types
        from governance.events.models import (
            Department,
            EventCategory,
            LadderStep,
            ReplyTemplate,
            WorkdayOverride,
        )
        from governance.events.permissions import DistrictSettingsPolicy, EventSettingsPolicy
        from governance.events.resources import EventResource
        from governance.events.services.deadlines import deadlines_run

        for model in (EventCategory, WorkdayOverride, ReplyTemplate):
            register_permission_policy(model, EventSettingsPolicy(model))
        for model in (LadderStep, Department):
            register_permission_policy(model, DistrictSettingsPolicy(model))
        registry_types.register(registry_types.RegistryType("events", "事件", EventResource))

        periodic.register(
            periodic.PeriodicJob(
                name="event-deadlines",
                every=lambda: settings.EVENT_DEADLINES_EVERY_SECONDS,
                run=deadlines_run,
            )
        )
