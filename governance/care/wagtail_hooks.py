from django.urls import include, path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from governance.actions import EditRegistryRecordAction
from governance.care import urls
from governance.care.models import Household, Resident, Visit
from governance.care.viewsets.group import CareViewSetGroup
from governance.models import RegistryLogEntry

register_snippet(CareViewSetGroup)
LOGGED_MODELS = (Household, Resident, Visit)


@hooks.register("register_admin_urls")
def care_admin_urls():
    return [path("care/", include(urls))]


@hooks.register("register_log_actions")
def log_care_records_with_their_grid(actions):
    for model in LOGGED_MODELS:
        actions.register_model(model, RegistryLogEntry)


@hooks.register("register_actions")
def care_edits_log_what_changed(registry):
    for model in LOGGED_MODELS:
        registry.register(model, EditRegistryRecordAction)
