"""What the care app reads: visits counted from the records (`visits`), coverage of the ledger
(`coverage`) and the residents due a visit this month (`due`). Each runs a fixed number of
queries, whatever the number of residents or visits."""

from governance.care.selectors.coverage import (
    Coverage,
    coverage_by_child,
    coverage_by_node,
    coverage_within,
    covered_on,
)
from governance.care.selectors.due import (
    DueRow,
    due_counts_by_grid,
    due_page,
    due_residents,
    last_day_of_month,
)
from governance.care.selectors.visits import (
    local_month,
    records_start,
    visits_by_child,
    visits_by_child_and_method,
    visits_by_method,
    visits_in,
    visits_monthly,
)

__all__ = [
    "Coverage",
    "DueRow",
    "coverage_by_child",
    "coverage_by_node",
    "coverage_within",
    "covered_on",
    "due_counts_by_grid",
    "due_page",
    "due_residents",
    "last_day_of_month",
    "local_month",
    "records_start",
    "visits_by_child",
    "visits_by_child_and_method",
    "visits_by_method",
    "visits_in",
    "visits_monthly",
]
