from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from governance.actions import audit_like_the_registry
from governance.care import (
    dashboard,  # noqa: F401  (registers the dashboard panel)
    urls,
)
from governance.care.models import Household, Resident, Visit
from governance.care.viewsets.group import CareViewSetGroup
from governance.permissions import VIEW, scope_for

register_snippet(CareViewSetGroup)
audit_like_the_registry(Household, Resident, Visit)


@hooks.register("register_admin_urls")
def care_admin_urls():
    return [path("care/", include(urls))]


class DueMenuItem(MenuItem):
    def is_shown(self, request):
        return scope_for(request).allows_anywhere(VIEW)


@hooks.register("register_admin_menu_item")
def care_due_menu_item():
    return DueMenuItem(
        _("Due a visit this month"), reverse("care_due"), icon_name="calendar-alt", order=139
    )
