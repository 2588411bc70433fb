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

        from wagtail.permissions import register_permission_policy

        from governance.events.permissions import SuperuserPolicy
        from governance.resident_reports.models import Open311Client, PublishedCase
        from governance.versioning import connect_signals

        register_permission_policy(Open311Client, SuperuserPolicy(Open311Client))
        # A published or withdrawn case changes its community's page, as a move does.
        connect_signals([PublishedCase])

        from wagtail.api.v3.api import api

        from governance.resident_reports.api import router as reports_router
        from governance.resident_reports.open311.api import router

        api.add_router("/open311/v2/", router)
        api.add_router("/reports/", reports_router)

        from civicgrid.query_parameters import allow_query_parameters

        # The form preselects the community a page links from (?community=), the status page
        # thanks after sending (?sent=1), the live hint reads the grid (?grid=, with ?category=);
        # the response cache drops any parameter not named.
        allow_query_parameters("community", "sent", "grid")
