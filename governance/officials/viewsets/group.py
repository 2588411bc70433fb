from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from governance import registry_types
from governance.officials.viewsets.needs import NeedViewSet
from governance.officials.viewsets.officials import DutyLogViewSet, YoungOfficialViewSet
from governance.officials.viewsets.projects import ProjectViewSet
from governance.officials.viewsets.responsibilities import ResponsibilityItemViewSet
from governance.officials.viewsets.scoring import ScoringRuleViewSet
from governance.officials.viewsets.tasks import TaskViewSet


class OfficialsViewSetGroup(SnippetViewSetGroup):
    """三张清单: needs, tasks and the responsibility lists, with the projects and the young
    officials who carry them."""

    menu_label = _("Three lists")
    menu_name = "officials"
    menu_icon = "tasks"
    menu_order = 145
    items = (
        NeedViewSet,
        TaskViewSet,
        ProjectViewSet,
        # Its spreadsheets (import, export, template) from the `responsibilities` type.
        ResponsibilityItemViewSet(registry_type=registry_types.get("responsibilities")),
        YoungOfficialViewSet,
        DutyLogViewSet,
        ScoringRuleViewSet,
    )
