"""What street and community pages show residents of the events below them: this month's
figures from the same roll-ups as the dashboard, and the cases staff published."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from governance.events.selectors.figures import (
    CategoryCount,
    EventFigures,
    event_figures,
    top_categories,
)
from governance.events.services import workflow
from governance.models import Grid, GridLevel
from governance.periods import Period
from governance.resident_reports.services.publishing import published_cases

SHOWN_AT = (GridLevel.STREET, GridLevel.COMMUNITY)
TOP_CATEGORIES = 3


@dataclass(frozen=True)
class AreaFigures:
    period: Period
    figures: EventFigures
    top: list[CategoryCount]


def this_month() -> Period:
    today = timezone.localdate(workflow.now())
    return Period.month(today.year, today.month)


def area_figures(node: Grid) -> AreaFigures:
    """Two queries, whatever the number of events below the node."""
    period = this_month()
    return AreaFigures(
        period=period,
        figures=event_figures(node, period),
        top=top_categories([node.path], period, limit=TOP_CATEGORIES),
    )


def area_page_section(page, request) -> str:
    """The section for the area pages' hook; pages answer from the response cache, which the
    events' version counter empties with the next move or publication."""
    if page.grid_level not in SHOWN_AT:
        return ""
    lists_cases = getattr(page, "lists_resolved_cases", False)
    return render_to_string(
        "resident_reports/area_figures.html",
        {
            "area": area_figures(page.grid),
            "cases": published_cases(page.grid) if lists_cases else (),
            "lists_cases": lists_cases,
            "community_code": page.grid.code if page.grid_level == GridLevel.COMMUNITY else "",
        },
        request=request,
    )
