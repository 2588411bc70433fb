from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidentReportsConfig(AppConfig):
    name = "governance.resident_reports"
    label = "resident_reports"
    verbose_name = _("Residents' reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Residents' reports are events: the app listens to the events' moves to tell the
        # reporter, and never the other way round.
        from governance.events.services.workflow import event_moved
        from governance.resident_reports.services.telling import tell_reporter

        event_moved.connect(tell_reporter, dispatch_uid="tell-reporter-on-move")

        from django.db.models.signals import post_delete, post_save
        from wagtail.permissions import register_permission_policy

        from governance.events.permissions import SuperuserPolicy
        from governance.events.versioning import EVENTS
        from governance.resident_reports.models import Open311Client, PublishedCase

        register_permission_policy(Open311Client, SuperuserPolicy(Open311Client))
        # A published or withdrawn case changes the community page, as a move does.
        post_save.connect(EVENTS.bump, sender=PublishedCase, dispatch_uid="bump-events-on-case")
        post_delete.connect(EVENTS.bump, sender=PublishedCase, dispatch_uid="bump-events-on-uncase")

        from wagtail.api.v3.api import api

        from governance.resident_reports.api import router as reports_router
        from governance.resident_reports.open311.api import router

        api.add_router("/open311/v2/", router)
        api.add_router("/reports/", reports_router)
