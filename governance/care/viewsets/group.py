from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from governance import registry_types
from governance.care.viewsets.access_log import AccessLogViewSet
from governance.care.viewsets.households import HouseholdViewSet
from governance.care.viewsets.residents import ResidentViewSet
from governance.care.viewsets.settings import CareGroupViewSet, HouseholdTagViewSet
from governance.care.viewsets.visits import VisitViewSet


class CareViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Care ledger")
    menu_icon = "user"
    menu_order = 140

    @property
    def items(self):
        # The register's listings export and import through their spreadsheet types.
        return [
            ResidentViewSet(registry_type=registry_types.get("residents")),
            HouseholdViewSet(registry_type=registry_types.get("households")),
            VisitViewSet,
            CareGroupViewSet,
            HouseholdTagViewSet,
            AccessLogViewSet,
        ]
