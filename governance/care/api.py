"""GET /api/registry/care-stats/: aggregates of the care ledger, never a resident. Mounted on
the core's registry router by CareConfig.ready(), under the same access rule as event-stats
(the registry router's: public figures, no personal data)."""

from typing import Annotated

from django.utils import timezone
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
from governance.care.models import VisitMethod
from governance.care.selectors import Coverage, coverage_by_child, visits_by_child_and_method
from governance.models import Grid

router = Router(tags=["registry"])


class VisitsByMethodOut(Schema):
    home: int = Field(description="入户走访", examples=[320])
    phone: int = Field(description="电话随访", examples=[95])


class ChildCoverageOut(Schema):
    code: str = Field(examples=["410103001001"])
    name: str = Field(examples=["华府社区"])
    ledger: int = Field(description="residents in the care ledger today")
    covered: int = Field(description="of those, visited within their cycle as of `as_of`")
    coverage: float | None = Field(description="covered ÷ ledger, 0–1 (null with no members)")
    visits: int = Field(description="走访人次 made in the period")


class CareStatsOut(Schema):
    grid: GridRef
    period: PeriodOut
    visits: int = Field(description="走访人次: visits made in the period", examples=[415])
    visits_by_method: VisitsByMethodOut
    ledger: int = Field(description="台账人数: residents in a special group today", examples=[300])
    covered: int = Field(
        description="已按期走访: visited at least once and not yet past due", examples=[270]
    )
    coverage: float | None = Field(
        description="走访覆盖率 = covered ÷ ledger, 0–1 (null when the ledger is empty)",
        examples=[0.9],
    )
    as_of: str = Field(description="the day coverage is measured on (today)")
    children: list[ChildCoverageOut]


@router.get(
    "/care-stats/",
    response=CareStatsOut,
    summary="Care ledger figures of a subtree: visits in a period, coverage today",
    description=(
        "走访人次 count the visits made in the period (local date of `visited_at`) where they "
        "were made; coverage is the ledger's today. Aggregates only: no resident is named."
    ),
    operation_id="registry_care_stats",
)
def care_stats(
    request,
    grid: Annotated[str, CODE] = node_code_query(),
    period: Annotated[str, PERIOD_FORM] = period_query(),
):
    node = grid_or_404(grid)
    parsed = period_or_400(period)
    today = timezone.localdate()
    rows = coverage_by_child(node, today)
    length = len(node.path) + Grid.steplen
    visits = visits_by_child_and_method(node.path, length, parsed)
    total = Coverage()
    by_method = {str(method): 0 for method in VisitMethod.values}
    for counts in visits.values():
        for method, count in counts.items():
            by_method[method] = by_method.get(method, 0) + count
    children = []
    for child, coverage in rows:
        total.merge(coverage)
        children.append(
            {
                "code": child.code,
                "name": child.name,
                "ledger": coverage.ledger,
                "covered": coverage.covered,
                "coverage": coverage.coverage,
                "visits": sum(visits.get(child.path, {}).values()),
            }
        )
    return {
        "grid": grid_ref(node),
        "period": period_ref(parsed),
        "visits": sum(by_method.values()),
        "visits_by_method": by_method,
        "ledger": total.ledger,
        "covered": total.covered,
        "coverage": total.coverage,
        "as_of": today.isoformat(),
        "children": children,
    }
