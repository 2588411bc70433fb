"""What the officials' report block (三张清单) prints: the three lists' figures of the report's
node and period, per child node, in a fixed number of queries. Counts only: no need, task or
person is named (a report may leave the office)."""

from django.utils.translation import gettext as _

from governance.officials.selectors.figures import ListFigures, figures_by_child
from governance.officials.services import workflow
from governance.reports.charts import bar_chart


def funnel_chart(total: ListFigures) -> str:
    """需求 → 任务 → 项目 of the whole node, as three bars."""
    return bar_chart(
        _("Needs → tasks → projects"),
        [_("Needs"), _("Tasks"), _("Projects")],
        [total.needs, total.tasks, total.projects],
    )


def lists_table(node, period, value) -> dict:
    today = workflow.today()
    rows = figures_by_child(node, period, today)
    total = ListFigures()
    for _grid, figures in rows:
        total.merge(figures)
    return {
        "rows": rows,
        "total": total,
        "as_of": today,
        "svg": funnel_chart(total) if value.get("chart") else "",
    }
