from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "governance.events"
    label = "events"
    verbose_name = _("Events")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The app plugs into the core's extension points; the core never imports the app.
        from governance import figures
        from governance.api.router import router as registry_router
        from governance.events.api import router
        from governance.events.figures import EVENT_FIGURES
        from governance.events.models import Event
        from governance.events.services.workflow import event_moved
        from governance.events.versioning import connect_signals

        for figure in EVENT_FIGURES:
            figures.register(figure)
        registry_router.add_router("", router)
        connect_signals(Event, event_moved)
