"""`GET /api/registry/event-stats/`: public event figures of a node and its children.

Aggregates only — counts, rates, hours and category names; never an event, a reporter or a
worker. Mounted on the core's registry router by EventsConfig.ready(), so it shares the
registry's error answers and its place in the OpenAPI document.
"""

from typing import Annotated

from ninja import Field, Router, Schema

from governance.api.router import (
    CODE,
    PERIOD_FORM,
    grid_or_404,
    grid_ref,
    node_code_query,
    period_or_400,
    period_query,
    period_ref,
)
from governance.api.schemas import GridRef, PeriodOut
from governance.events.selectors import EventFigures, figures_by_child, top_categories

router = Router(tags=["registry"])


class StateCountOut(Schema):
    state: str = Field(examples=["resolved"])
    label: str = Field(examples=["已办结"])
    count: int


class FiguresOut(Schema):
    reported: int = Field(description="上报: events reported in the period", examples=[412])
    accepted: int = Field(description="受理: of those, accepted", examples=[405])
    resolved: int = Field(description="办结: of those, resolved or closed", examples=[400])
    on_the_spot: int = Field(description="自行处置: resolved where first accepted")
    along_the_loop: int = Field(description="闭环流转: resolved after being passed on")
    resolved_in_time: int
    rated: int
    satisfied: int
    open: int
    resolution_rate: float | None = Field(
        description="办结率 = resolved ÷ accepted, 0–1 (null when nothing was accepted)",
        examples=[0.9877],
    )
    timeliness_rate: float | None = Field(
        description="及时率 = resolved in time ÷ resolved, 0–1", examples=[0.95]
    )
    satisfaction_rate: float | None = Field(
        description="满意率 = rated satisfied or very satisfied ÷ rated, 0–1", examples=[0.97]
    )
    average_handling_hours: float | None = Field(
        description="mean hours from acceptance to resolution", examples=[20.5]
    )
    by_state: list[StateCountOut]


class CategoryOut(Schema):
    code: str
    name: str = Field(examples=["市容环境"])
    count: int


class ChildFiguresOut(Schema):
    grid: GridRef
    figures: FiguresOut


class EventStatsOut(Schema):
    grid: GridRef
    period: PeriodOut
    figures: FiguresOut
    top_categories: list[CategoryOut]
    children: list[ChildFiguresOut] = Field(
        description="the same figures per child node (first the node itself when events were "
        "reported at it directly)"
    )


def figures_out(figures: EventFigures) -> dict:
    return {
        "reported": figures.reported,
        "accepted": figures.accepted,
        "resolved": figures.resolved,
        "on_the_spot": figures.on_the_spot,
        "along_the_loop": figures.along_the_loop,
        "resolved_in_time": figures.resolved_in_time,
        "rated": figures.rated,
        "satisfied": figures.satisfied,
        "open": figures.open,
        "resolution_rate": figures.resolution_rate,
        "timeliness_rate": figures.timeliness_rate,
        "satisfaction_rate": figures.satisfaction_rate,
        "average_handling_hours": figures.average_handling_hours,
        "by_state": [
            {"state": state.value, "label": str(state.label), "count": count}
            for state, count in figures.states()
        ],
    }


@router.get(
    "/event-stats/",
    response=EventStatsOut,
    summary="Event figures of a subtree for a period, and of each child node",
    description=(
        "Counted from the event records: an event counts in the period in which it was "
        "reported (local date of `reported_at`), and every figure is about those events. "
        "Aggregates only: no event, reporter or worker is ever named."
    ),
    operation_id="registry_event_stats",
)
def event_stats(
    request,
    grid: Annotated[str, CODE] = node_code_query(),
    period: Annotated[str, PERIOD_FORM] = period_query(),
):
    node = grid_or_404(grid)
    parsed = period_or_400(period)
    rows = figures_by_child(node, parsed)
    total = EventFigures()
    for _child, figures in rows:
        total.merge(figures)
    return {
        "grid": grid_ref(node),
        "period": period_ref(parsed),
        "figures": figures_out(total),
        "top_categories": [
            {"code": c.code, "name": c.name, "count": c.count}
            for c in top_categories([node.path], parsed)
        ],
        "children": [
            {"grid": grid_ref(child), "figures": figures_out(figures)} for child, figures in rows
        ],
    }
