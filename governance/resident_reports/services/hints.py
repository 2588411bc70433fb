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
    since = workflow.now() - datetime.timedelta(days=settings.EVENT_DUPLICATE_DAYS)
    others = (
        Event.objects.filter(
            grid_id=event.grid_id, category_id=event.category_id, reported_at__gte=since
        )
        .exclude(pk=event.pk)
        .exclude(state__in=(EventState.REJECTED, EventState.DUPLICATE))
        .order_by("-reported_at")
        .values_list("number", "state", "reported_at")[:limit]
    )
    return [
        SimilarReport(number, EventState(state).label, reported_at)
        for number, state, reported_at in others
    ]
