"""“附近已有人反映过类似问题”: other reports of the same kind at the same grid, recently, with
their public state only (never what their reporters wrote)."""

import datetime
from dataclasses import dataclass

from django.conf import settings

from governance.events.models import Event, EventState
from governance.events.services import workflow


@dataclass(frozen=True)
class SimilarReport:
    number: str
    state: str
    reported_at: datetime.datetime


def similar_reports(event: Event, *, limit: int = 3) -> list[SimilarReport]:
    """Those like a report just sent (shown with its number)."""
    return reports_like(event.grid_id, event.category_id, limit=limit, leaving_out=event.pk)


def reports_like(
    grid_id: int, category_id: int, *, limit: int = 3, leaving_out: int | None = None
) -> list[SimilarReport]:
    """Those like a report being written (the form asks as the grid and kind are chosen)."""
    since = workflow.now() - datetime.timedelta(days=settings.EVENT_DUPLICATE_DAYS)
    others = (
        Event.objects.filter(grid_id=grid_id, category_id=category_id, reported_at__gte=since)
        .exclude(pk=leaving_out)
        .exclude(state__in=(EventState.REJECTED, EventState.DUPLICATE))
        .order_by("-reported_at")
        .values_list("number", "state", "reported_at")[:limit]
    )
    return [
        SimilarReport(number, EventState(state).label, reported_at)
        for number, state, reported_at in others
    ]
