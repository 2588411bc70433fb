from wagtail.snippets.views.snippets import SnippetViewSet

from governance.care.models import CareGroup, HouseholdTag


class CareGroupViewSet(SnippetViewSet):
    model = CareGroup
    icon = "group"
    menu_order = 80
    list_display = ["name", "visit_cycle_days", "allows_home_visit", "allows_phone_call"]
    search_backend_name = None


class HouseholdTagViewSet(SnippetViewSet):
    model = HouseholdTag
    icon = "tag"
    menu_order = 90
    list_display = ["name", "sort_order"]
    search_backend_name = None
