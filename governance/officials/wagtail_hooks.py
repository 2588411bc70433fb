from django.urls import include, path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from content.models.areas import AREA_PAGE_SECTIONS_HOOK
from governance.actions import EditRegistryRecordAction
from governance.models import RegistryLogEntry
from governance.officials import (  # noqa: F401  (registers the dashboard panel)
    dashboard,
    urls,
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

register_snippet(OfficialsViewSetGroup)
LOGGED_MODELS = (ResponsibilityItem, Need, Task, Project, YoungOfficial, DutyLog)

# 我们办成的事 on community pages.
hooks.register(AREA_PAGE_SECTIONS_HOOK, area_page_section)


@hooks.register("register_admin_urls")
def officials_admin_urls():
    return [path("officials/", include(urls))]


@hooks.register("register_log_actions")
def log_officials_records_with_their_grid(actions):
    for model in LOGGED_MODELS:
        actions.register_model(model, RegistryLogEntry)


@hooks.register("register_actions")
def officials_edits_log_what_changed(registry):
    for model in LOGGED_MODELS:
        registry.register(model, EditRegistryRecordAction)
