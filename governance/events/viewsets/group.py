from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from governance.events.viewsets.outbox import OutboxViewSet
from governance.events.viewsets.settings import (
    DepartmentViewSet,
    EventCategoryViewSet,
    LadderStepViewSet,
    ReplyTemplateViewSet,
    WorkdayOverrideViewSet,
)
from governance.permissions import VIEW, scope_for


class EventsViewSetGroup(SnippetViewSetGroup):
    """事件: the daily screens first (added through the submenu hook), then the settings."""

    menu_label = _("Events")
    menu_name = "events"
    menu_icon = "warning"
    menu_order = 140
    submenu_hook = "register_events_menu_item"
    items = (
        EventCategoryViewSet,
        LadderStepViewSet,
        DepartmentViewSet,
        WorkdayOverrideViewSet,
        ReplyTemplateViewSet,
        OutboxViewSet,
    )


class StaffMenuItem(MenuItem):
    """Shown to whoever works somewhere in the tree or in a department."""

    def is_shown(self, request):
        user = request.user
        return scope_for(request).allows_anywhere(VIEW) or user.event_departments.exists()


def daily_menu_items():
    return [
        StaffMenuItem(
            _("My to-do list"),
            reverse("events_inbox"),
            name="events-inbox",
            icon_name="tasks",
            order=-30,
        ),
        StaffMenuItem(
            _("Quick report"),
            reverse("events_quick_report"),
            name="events-report",
            icon_name="plus",
            order=-20,
        ),
        StaffMenuItem(
            _("All events"),
            reverse("events_inbox") + "?scope=all",
            name="events-all",
            icon_name="list-ul",
            order=-10,
        ),
    ]
