"""The dashboard's care panel: 走访覆盖率 of the user's subtrees and of each child node (or each
subtree when there are several), and how many residents are due a visit this month, linking to
the due list. Registered from the app's wagtail_hooks.py."""

from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component

from governance.care.selectors import (
    coverage_by_child,
    coverage_by_node,
    coverage_within,
    due_residents,
)
from governance.permissions import VIEW, scope_for


class CareCoveragePanel(Component):
    name = "care_coverage"
    order = 70
    template_name = "care/admin/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        scope = scope_for(self.request)
        today = timezone.localdate()
        nodes, single = scope.root_nodes()
        rows = coverage_by_child(single, today) if single else coverage_by_node(nodes, today)
        return {
            "total": coverage_within(scope.roots(VIEW), today),
            "rows": [(grid, coverage) for grid, coverage in rows if coverage.ledger],
            "due_count": due_residents(scope, today=today).count(),
            "due_url": reverse("care_due"),
        }


@hooks.register("construct_homepage_panels")
def add_care_coverage(request, panels):
    if scope_for(request).allows_anywhere(VIEW):
        panels.append(CareCoveragePanel(request))
