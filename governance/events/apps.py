from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "governance.events"
    label = "events"
    verbose_name = _("Events")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The core declares the registries and extension points; the events app adds itself
        # to them once loaded. The core never imports the app.
        from django.conf import settings
        from wagtail.permissions import register_permission_policy

        from civicgrid.task_queue import register_backlog
        from governance import figures, periodic, registry_types
        from governance.api.router import router as registry_router
        from governance.events.api import router
        from governance.events.figures import EVENT_FIGURES
        from governance.events.map_figures import EVENT_MAP_FIGURES
        from governance.events.models import (
            Department,
            Event,
            EventCategory,
            LadderStep,
            OutboxMessage,
            ReplyTemplate,
            WorkdayOverride,
        )
        from governance.events.permissions import (
            DistrictSettingsPolicy,
            EventSettingsPolicy,
            SuperuserReadOnlyPolicy,
        )
        from governance.events.resources import EventResource
        from governance.events.services.deadlines import deadlines_run
        from governance.events.services.outbox import outbox_waiting
        from governance.geo import map_figures
        from governance.versioning import connect_signals

        for model in (EventCategory, WorkdayOverride, ReplyTemplate):
            register_permission_policy(model, EventSettingsPolicy(model))
        for model in (LadderStep, Department):
            register_permission_policy(model, DistrictSettingsPolicy(model))
        register_permission_policy(OutboxMessage, SuperuserReadOnlyPolicy(OutboxMessage))
        registry_types.register(registry_types.RegistryType("events", "事件", EventResource))

        periodic.register(
            periodic.PeriodicJob(
                name="event-deadlines",
                every=lambda: settings.EVENT_DEADLINES_EVERY_SECONDS,
                run=deadlines_run,
            )
        )
        # The outbox is delivered by that job: messages waiting too long mean no worker.
        register_backlog("outbox", outbox_waiting)
        for figure in EVENT_FIGURES:
            figures.register(figure)
        for figure in EVENT_MAP_FIGURES:
            map_figures.register(figure)
        registry_router.add_router("", router)
        # Saves and moves (each saves the event) and deletes make its subtrees' answers stale.
        connect_signals([Event])
