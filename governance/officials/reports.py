"""What the officials' report blocks print, and the evaluation sheet as a PDF.

- 三张清单: the three lists' figures of the report's node and period, per child node, in a fixed
  number of queries. Counts only: no need, task or person is named (a report may leave the
  office).
- 年轻干部考评 and the sheet's PDF, through the reports' own pipeline (`render_pdf`, the CJK font
  from `cjk_font_family`, the report stylesheet): the node's leaderboard, then one sheet per
  official. Officials' names are staff names, not residents': a report may show them (the
  roster block does too).
"""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.officials.selectors.evaluation import Sheet, board_sheets, evaluation_board
from governance.officials.selectors.figures import ListFigures, figures_by_child
from governance.officials.services import workflow
from governance.reports.charts import bar_chart
from governance.services.reports import cjk_font_family, render_pdf


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


def evaluation_pdf(sheet: Sheet) -> bytes:
    html = render_to_string(
        "officials/reports/evaluation_document.html",
        {
            "sheet": sheet,
            "period": sheet.period,
            "font_family": cjk_font_family(),
            "generated_at": timezone.localtime(),
        },
    )
    return render_pdf(html).pdf


def evaluation_block(node, period, value) -> dict:
    """The report block's data (REPORT_EXTRA_BLOCKS): the board and every official's sheet."""
    board = evaluation_board(node, period)
    return {"board": board, "sheets": board_sheets(board)}
