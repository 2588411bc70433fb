"""The dashboard's panel of the three lists: 需求 → 任务 → 项目 this month and this year, for the
user's subtrees and each child node (or each subtree when there are several), linking to the
lists' admin. Registered from the app's wagtail_hooks.py."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from governance.models import Grid
from governance.officials.selectors.figures import (
    ListFigures,
    figures_by_child_path,
    figures_by_node,
)
from governance.officials.services import workflow
from governance.periods import Period
from governance.permissions import VIEW, scope_for

# The admin listings of the three lists (the snippet viewsets' URL names).
LIST_URL_NAMES = {
    "needs": "wagtailsnippets_officials_need:list",
    "tasks": "wagtailsnippets_officials_task:list",
    "projects": "wagtailsnippets_officials_project:list",
}


def list_urls() -> dict[str, str]:
    return {name: reverse(url_name) for name, url_name in LIST_URL_NAMES.items()}


@dataclass(frozen=True)
class Step:
    label: str
    count: int
    url: str | None


def steps(figures: ListFigures, urls: dict[str, str]) -> list[Step]:
    """需求 → 任务 → 项目, each linked to its list."""
    return [
        Step(_("Needs"), figures.needs, urls.get("needs")),
        Step(_("Tasks"), figures.tasks, urls.get("tasks")),
        Step(_("Projects"), figures.projects, urls.get("projects")),
    ]


@dataclass(frozen=True)
class PanelRow:
    grid: Grid
    month: ListFigures
    year: ListFigures


def total(figures: list[ListFigures]) -> ListFigures:
    summed = ListFigures()
    for one in figures:
        summed.merge(one)
    return summed


def panel_rows(nodes, single, month: Period, year: Period, today) -> list[PanelRow]:
    """One row per child of the single root (first the root itself when records were made at
    it), or one per root: one grouped query per list and period, plus the children."""
    if single is None:
        return [
            PanelRow(grid, month_figures, year_figures)
            for (grid, month_figures), (_grid, year_figures) in zip(
                figures_by_node(nodes, month, today),
                figures_by_node(nodes, year, today),
                strict=True,
            )
        ]
    by_month = figures_by_child_path(single, month, today)
    by_year = figures_by_child_path(single, year, today)
    grids = list(single.get_children().order_by("path"))
    if single.path in by_year:  # the year holds the month: records at the root itself
        grids.insert(0, single)
    return [
        PanelRow(
            grid,
            by_month.get(grid.path, ListFigures()),
            by_year.get(grid.path, ListFigures()),
        )
        for grid in grids
    ]


class OfficialsListsPanel(Component):
    name = "officials_lists"
    order = 75
    template_name = "officials/admin/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        today = workflow.today()
        month, year = Period.month(today.year, today.month), Period.year(today.year)
        nodes, single = scope_for(self.request).root_nodes()
        rows = panel_rows(nodes, single, month, year, today)
        urls = list_urls()
        year_total = total([row.year for row in rows])
        return {
            "month": month,
            "year": year,
            "lines": [
                (month, steps(total([row.month for row in rows]), urls)),
                (year, steps(year_total, urls)),
            ],
            "overdue": year_total.tasks_overdue,
            "tasks_url": f"{urls['tasks']}?overdue=true",
            # Children without a record this year would only fill the table.
            "rows": [row for row in rows if row.year.needs or row.year.tasks or row.year.projects],
        }


@hooks.register("construct_homepage_panels")
def add_officials_lists(request, panels):
    if scope_for(request).allows_anywhere(VIEW):
        panels.append(OfficialsListsPanel(request))
