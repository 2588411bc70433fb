"""Evaluation sheets as PDF, through the reports' own pipeline (`render_pdf`, the CJK font from
`cjk_font_family`, the report stylesheet): one official's sheet, and the report block 年轻干部考评
(the node's leaderboard, then one sheet per official). Officials' names are staff names, not
residents': a report may show them (the roster block does too)."""

from django.template.loader import render_to_string
from django.utils import timezone

from governance.officials.selectors.evaluation import Sheet, board_sheets, evaluation_board
from governance.services.reports import cjk_font_family, render_pdf


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
