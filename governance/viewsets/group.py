from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from governance.viewsets.assignments import AssignmentViewSet
from governance.viewsets.grids import GridViewSet
from governance.viewsets.people import PersonViewSet, RoleViewSet
from governance.viewsets.reports import ReportLayoutViewSet, ReportViewSet
from governance.viewsets.service_points import (
    AmenityViewSet,
    ServicePointKindViewSet,
    ServicePointViewSet,
)
from governance.viewsets.tallies import TallyEntryViewSet, TallyKindViewSet
from governance.viewsets.teams import TeamTypeViewSet, VolunteerTeamViewSet


class RegistryViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Grid registry")
    menu_icon = "site"
    menu_order = 150
    items = (
        GridViewSet,
        PersonViewSet,
        VolunteerTeamViewSet,
        ServicePointViewSet,
        TallyEntryViewSet,
        ReportViewSet,
    )


class RegistrySettingsViewSetGroup(SnippetViewSetGroup):
    """The lists an administrator edits instead of waiting for a deploy."""

    menu_label = _("Registry lists")
    menu_icon = "list-ul"
    menu_order = 160
    items = (
        RoleViewSet,
        TeamTypeViewSet,
        ServicePointKindViewSet,
        AmenityViewSet,
        TallyKindViewSet,
        ReportLayoutViewSet,
        AssignmentViewSet,
    )
