"""`GET /api/registry/officials-stats/`: the figures of the three lists (需求 → 任务 → 项目) of
a node and its children, for a period.

Aggregates only — counts; never a need, a task, a resident or an official. Mounted on the
core's registry router by OfficialsConfig.ready(), so it shares the registry's access rule
(public figures, like event-stats and care-stats), its error answers and its place in the
OpenAPI document. Which records count, and when: governance/officials/selectors/figures.py.
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
from governance.officials.selectors.figures import COUNTS, ListFigures, figures_by_child
from governance.officials.services import workflow

router = Router(tags=["registry"])


class ListFiguresOut(Schema):
    needs: int = Field(
        description="需求: needs collected in the period, every status", examples=[530]
    )
    needs_declined: int = Field(description="of those, declined")
    needs_awaiting: int = Field(description="of those, still awaiting triage")
    tasks: int = Field(
        description="任务: tasks created in the period, cancelled ones left out", examples=[290]
    )
    tasks_done: int = Field(description="of those, done")
    tasks_done_on_time: int = Field(description="of those, done by their deadline")
    tasks_overdue: int = Field(description="of those, still open past their deadline (`as_of`)")
    projects: int = Field(
        description="项目: projects claimed in the period, dropped ones left out", examples=[86]
    )
    projects_done: int = Field(description="of those, done")


class ChildListFiguresOut(Schema):
    grid: GridRef
    figures: ListFiguresOut


class OfficialsStatsOut(Schema):
    grid: GridRef
    period: PeriodOut
    figures: ListFiguresOut
    as_of: str = Field(description="the day overdue tasks are counted on (today)")
    children: list[ChildListFiguresOut] = Field(
        description="the same figures per child node (first the node itself when records were "
        "made at it directly)"
    )


def figures_out(figures: ListFigures) -> dict:
    return {name: getattr(figures, name) for name in COUNTS}


@router.get(
    "/officials-stats/",
    response=OfficialsStatsOut,
    summary="Needs, tasks and projects of a subtree for a period, and of each child node",
    description=(
        "Counted from the three lists: needs by the day collected (every status), tasks by the "
        "day created (cancelled left out), projects by the day claimed (dropped left out); "
        "done, on time and overdue are about those records. Aggregates only."
    ),
    operation_id="registry_officials_stats",
)
def officials_stats(
    request,
    grid: Annotated[str, CODE] = node_code_query(),
    period: Annotated[str, PERIOD_FORM] = period_query(),
):
    node = grid_or_404(grid)
    parsed = period_or_400(period)
    today = workflow.today()
    rows = figures_by_child(node, parsed, today)
    total = ListFigures()
    for _child, figures in rows:
        total.merge(figures)
    return {
        "grid": grid_ref(node),
        "period": period_ref(parsed),
        "figures": figures_out(total),
        "as_of": today.isoformat(),
        "children": [
            {"grid": grid_ref(child), "figures": figures_out(figures)} for child, figures in rows
        ],
    }
