from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from governance.care import (
    dashboard,  # noqa: F401  (registers the dashboard panel)
    urls,
)
from governance.permissions import VIEW, scope_for


@hooks.register("register_admin_urls")
def care_admin_urls():
    return [path("care/", include(urls))]


class DueMenuItem(MenuItem):
    def is_shown(self, request):
        return scope_for(request).allows_anywhere(VIEW)


@hooks.register("register_admin_menu_item")
def care_due_menu_item():
    return DueMenuItem(
        _("Due a visit this month"), reverse("care_due"), icon_name="calendar-alt", order=260
    )
