from django.templatetags.static import static
from django.urls import include, path
from django.utils.html import format_html
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from governance.events import (
    dashboard,  # noqa: F401  (registers the dashboard panel)
    urls,
)
from governance.events.hooks import notifications  # noqa: F401
from governance.events.viewsets.group import EventsViewSetGroup, daily_menu_items

register_snippet(EventsViewSetGroup)


@hooks.register("register_admin_urls")
def events_admin_urls():
    return [path("", include(urls))]


@hooks.register("insert_global_admin_css")
def events_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("events/css/admin.css"))


for number in range(3):
    # One hook function per daily screen: the group's submenu asks each for its item.
    hooks.register("register_events_menu_item", lambda number=number: daily_menu_items()[number])
