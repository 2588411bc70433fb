from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from governance import registry_types
from governance.viewsets.assignments import AssignmentViewSet
from governance.viewsets.people import RoleViewSet
from governance.viewsets.reports import ReportLayoutViewSet, ReportViewSet
from governance.viewsets.service_points import AmenityViewSet, ServicePointKindViewSet
from governance.viewsets.tallies import TallyKindViewSet
from governance.viewsets.teams import TeamTypeViewSet


class RegistryViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Grid registry")
    menu_icon = "site"
    menu_order = 150
    # Screens that are not a record type's viewset (网格地图) join the menu through this hook.
    submenu_hook = "register_registry_menu_item"

    @property
    def items(self):
        return [
            *(registry_type.make_viewset() for registry_type in registry_types.admin_types()),
            ReportViewSet,
        ]


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
