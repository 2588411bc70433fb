from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from content.models.areas import AREA_PAGE_SECTIONS_HOOK
from governance.actions import audit_like_the_registry
from governance.officials import (  # noqa: F401  (registers the dashboard panel)
    dashboard,
    urls,
    urls_evaluation,
)
from governance.officials.models import (
    DutyLog,
    Need,
    Project,
    ResponsibilityItem,
    Task,
    YoungOfficial,
)
from governance.officials.public_projects import area_page_section
from governance.officials.viewsets.group import OfficialsViewSetGroup
from governance.permissions import VIEW, scope_for

register_snippet(OfficialsViewSetGroup)
audit_like_the_registry(ResponsibilityItem, Need, Task, Project, YoungOfficial, DutyLog)

# 我们办成的事 on community pages.
hooks.register(AREA_PAGE_SECTIONS_HOOK, area_page_section)


@hooks.register("register_admin_urls")
def officials_admin_urls():
    return [path("officials/", include(urls))]


# -- 考评: the leaderboard, the assessors' marks and the evaluation sheets ------------------------
# The marks screen has no menu entry: assessors reach it from the leaderboard and the sheets.


@hooks.register("register_admin_urls")
def officials_evaluation_admin_urls():
    return [path("officials/", include(urls_evaluation))]


class LeaderboardMenuItem(MenuItem):
    def is_shown(self, request):
        return scope_for(request).allows_anywhere(VIEW)


@hooks.register("register_admin_menu_item")
def officials_leaderboard_menu_item():
    return LeaderboardMenuItem(
        _("Points leaderboard"),
        reverse("officials_leaderboard"),
        name="officials-leaderboard",
        icon_name="list-ol",
        order=146,
    )
