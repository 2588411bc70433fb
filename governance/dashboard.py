"""The admin home panel: the registry at a glance, for the user's part of the tree."""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from governance.permissions import scope_for
from governance.selectors import dashboard_figures


class RegistrySummaryPanel(Component):
    name = "registry_summary"
    order = 50
    template_name = "governance/admin/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        scope = scope_for(self.request)
        return {"figures": dashboard_figures(scope, timezone.localdate())}
