from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet

from governance import registry_types
from governance.actions import EditRegistryRecordAction
from governance.dashboard import RegistrySummaryPanel
from governance.models import RegistryLogEntry
from governance.permissions import scope_for
from governance.resources.base import IMPORT_ACTION
from governance.views import spreadsheets
from governance.views.audit_log import RegistryLogView
from governance.views.boundaries import boundary_neighbours
from governance.views.grid_map import grid_map
from governance.views.reports import report_download
from governance.viewsets.group import RegistrySettingsViewSetGroup, RegistryViewSetGroup
from governance.viewsets.reports import generate_not_save

register_snippet(RegistryViewSetGroup)
register_snippet(RegistrySettingsViewSetGroup)


@hooks.register("insert_global_admin_css")
def registry_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("governance/css/admin.css"))


@hooks.register("construct_homepage_panels")
def add_registry_summary(request, panels):
    if scope_for(request).allows_anywhere("view"):
        panels.append(RegistrySummaryPanel(request))


@hooks.register("register_log_actions")
def log_registry_records_with_their_grid(actions):
    for model in registry_types.scoped_models():
        actions.register_model(model, RegistryLogEntry)


@hooks.register("register_log_actions")
def imports_name_their_job(actions):
    @actions.register_action(IMPORT_ACTION)
    class ImportedFormatter(LogFormatter):
        label = _("Imported")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            created = data.get("created")
            if data.get("import_job") is None:  # the import_registry command runs no job
                return (
                    _("Created by a command-line import")
                    if created
                    else _("Changed by a command-line import")
                )
            message = (
                _("Created by import #%(job)s (%(file)s)")
                if created
                else _("Changed by import #%(job)s (%(file)s)")
            )
            return message % {"job": data["import_job"], "file": data.get("file", "")}


hooks.register("construct_snippet_action_menu", generate_not_save)


@hooks.register("register_actions")
def edits_log_what_changed(registry):
    for model in registry_types.scoped_models():
        registry.register(model, EditRegistryRecordAction)


class RegistryLogMenuItem(MenuItem):
    def is_shown(self, request):
        return scope_for(request).allows_anywhere("view")


class GridMapMenuItem(RegistryLogMenuItem):
    """Shown to whoever sees some part of the tree, like the audit log."""


@hooks.register("register_registry_menu_item")
def grid_map_menu_item():
    # Order 1, as the grid tree's: it follows the tree in the registry menu.
    return GridMapMenuItem(
        _("Grid map"), reverse("governance_grid_map"), name="grid-map", icon_name="site", order=1
    )


@hooks.register("register_admin_urls")
def registry_admin_urls():
    return [
        path(
            "registry/import/<str:type_key>/",
            spreadsheets.import_upload,
            name="governance_import_upload",
        ),
        path("registry/imports/", spreadsheets.import_history, name="governance_import_history"),
        path("registry/imports/<int:pk>/", spreadsheets.import_job, name="governance_import_job"),
        path(
            "registry/imports/<int:pk>/confirm/",
            spreadsheets.import_confirm,
            name="governance_import_confirm",
        ),
        path(
            "registry/imports/<int:pk>/retry/",
            spreadsheets.import_retry,
            name="governance_import_retry",
        ),
        path(
            "registry/export/<str:type_key>/",
            spreadsheets.export_listing,
            name="governance_export",
        ),
        path(
            "registry/template/<str:type_key>/",
            spreadsheets.download_template,
            name="governance_import_template",
        ),
        path(
            "registry/reports/<int:pk>/download/",
            report_download,
            name="governance_report_download",
        ),
        path("registry/map/", grid_map, name="governance_grid_map"),
        path(
            "registry/map/neighbours/",
            boundary_neighbours,
            name="governance_boundary_neighbours",
        ),
        path("registry/audit-log/", RegistryLogView.as_view(), name="governance_audit_log"),
        path(
            "registry/audit-log/results/",
            RegistryLogView.as_view(results_only=True),
            name="governance_audit_log_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def registry_log_menu_item():
    return RegistryLogMenuItem(
        _("Registry audit log"),
        reverse("governance_audit_log"),
        name="registry-audit-log",
        icon_name="history",
        order=1010,
    )
