"""What the event report blocks (report_blocks.py) print, gathered in a fixed number of queries.
Figures and event numbers only: a report may leave the office, so no reporter ever appears."""

from governance.events.selectors import (
    EventFigures,
    figures_by_child,
    overdue_events,
    top_categories,
)
from governance.events.services import workflow


def events_table(node, period, value) -> dict:
    rows = figures_by_child(node, period)
    total = EventFigures()
    for _grid, figures in rows:
        total.merge(figures)
    return {"rows": rows, "total": total}


def event_categories(node, period, value) -> dict:
    return {"categories": top_categories([node.path], period, limit=value.get("limit") or 5)}


def overdue(node, period, value) -> dict:
    at = workflow.now()
    events = overdue_events([node.path], period, at, limit=value.get("limit") or 50)
    return {"events": events, "at": at}
