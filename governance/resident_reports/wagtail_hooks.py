from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from content.models.areas import AREA_PAGE_SECTIONS_HOOK
from governance.events.views.event import EVENT_PAGE_SECTIONS_HOOK
from governance.resident_reports.admin_views import cases
from governance.resident_reports.admin_views.clients import Open311ClientViewSet
from governance.resident_reports.public_figures import area_page_section

open311_clients = Open311ClientViewSet()
register_snippet(open311_clients)

hooks.register(AREA_PAGE_SECTIONS_HOOK, area_page_section)
hooks.register(EVENT_PAGE_SECTIONS_HOOK, cases.publish_section)


@hooks.register("register_admin_urls")
def resident_reports_admin_urls():
    return [
        path("events/<str:pk>/publish/", cases.publish, name="resident_reports_publish"),
        path("events/<str:pk>/withdraw/", cases.withdraw, name="resident_reports_withdraw"),
    ]


class ClientsMenuItem(MenuItem):
    """Shown to whoever the clients' permission policy lets in (superusers)."""

    def is_shown(self, request):
        return open311_clients.permission_policy.user_has_permission(request.user, "view")


@hooks.register("register_events_menu_item")
def open311_clients_menu_item():
    return ClientsMenuItem(
        _("Open311 clients"),
        open311_clients.menu_url,
        name="open311-clients",
        icon_name="key",
        order=900,
    )
