from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from governance.officials import urls_evaluation
from governance.permissions import VIEW, scope_for

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
