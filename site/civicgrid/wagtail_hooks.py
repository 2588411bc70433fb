from urllib.parse import urlsplit

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import SubmenuMenuItem
from wagtail.admin.wagtail_hooks import SettingsMenuItem
from wagtail.sites.views import IndexView as SiteIndexView

from civicgrid.admin_panels import TaskQueueWarningPanel
from civicgrid.security.two_factor import views as two_factor
from civicgrid.task_queue import queue_status

# Wagtail 8.0's sites listing names these columns after their fields, in English and untranslated.
SITE_COLUMN_LABELS = {"port": _("Port"), "site_name": _("Site name"), "root_page": _("Root page")}
for column in SiteIndexView.columns:
    column.label = SITE_COLUMN_LABELS.get(column.name, column.label)


@hooks.register("register_admin_urls")
def two_factor_urls():
    return [
        path("two-factor/verify/", two_factor.verify, name="civicgrid_two_factor_verify"),
        path("two-factor/", two_factor.manage, name="civicgrid_two_factor_manage"),
        path(
            "two-factor/backup-codes/",
            two_factor.regenerate_backup_codes,
            name="civicgrid_two_factor_backup_codes",
        ),
        path("two-factor/disable/", two_factor.disable, name="civicgrid_two_factor_disable"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("civicgrid_two_factor_manage"),
        "label": _("Two-step verification"),
        "help_text": _("Ask for a code from your phone after the password."),
    }


@hooks.register("register_log_actions")
def two_factor_log_actions(actions):
    actions.register_action(
        "civicgrid.two_factor.enable",
        _("Turn on two-step verification"),
        _("Two-step verification turned on"),
    )
    actions.register_action(
        "civicgrid.two_factor.disable",
        _("Turn off two-step verification"),
        _("Two-step verification turned off"),
    )
    actions.register_action(
        "civicgrid.two_factor.backup_codes",
        _("Make new backup codes"),
        _("New backup codes made"),
    )


@hooks.register("construct_homepage_panels")
def warn_superusers_of_a_stuck_task_queue(request, panels):
    if request.user.is_superuser:
        status = queue_status()
        if status.is_stuck:
            panels.append(TaskQueueWarningPanel(status))


@hooks.register("construct_help_menu")
def keep_staff_on_our_own_help(request, menu_items):
    """Wagtail's "what's new" and editor guide open wagtail.org: an outside site, in English,
    about Wagtail rather than about the registry."""
    menu_items[:] = [
        item
        for item in menu_items
        if not (urlsplit(item.url).hostname or "").endswith("wagtail.org")
    ]


@hooks.register("construct_main_menu")
def settings_menu_without_the_wagtail_version(request, menu_items):
    """Wagtail's settings menu signs itself "Wagtail v8.0.1" at its foot: staff see our
    product, and the framework's version is nobody's business outside the server."""
    menu_items[:] = [
        SubmenuMenuItem(
            item.label, item.menu, name=item.name, icon_name=item.icon_name, order=item.order
        )
        if isinstance(item, SettingsMenuItem)
        else item
        for item in menu_items
    ]
