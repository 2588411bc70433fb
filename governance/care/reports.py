"""What the care report block prints: figures only, never a resident (a report may leave the
office). Coverage is the ledger's as of the day the report is built; visits are the period's."""

from django.utils import timezone

from governance.care.selectors import Coverage, coverage_by_child, visits_by_child
from governance.models import Grid


def coverage_table(node, period, value) -> dict:
    today = timezone.localdate()
    visits = visits_by_child(node.path, len(node.path) + Grid.steplen, period)
    rows, total = [], Coverage()
    for grid, coverage in coverage_by_child(node, today):
        total.merge(coverage)
        rows.append((grid, coverage, visits.get(grid.path, 0)))
    return {"rows": rows, "total": total, "visits": sum(visits.values()), "as_of": today}
