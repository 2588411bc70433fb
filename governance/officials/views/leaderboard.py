"""积分排行 at /admin/officials/leaderboard/?grid=<code>&period=<2026-10 | 2026-Q3 | 2026>: the
young officials posted under a node the user sees, ranked by the period's score, with each
rule's points; each name opens the official's evaluation sheet. Its spreadsheet is at
/admin/officials/leaderboard/export/ with the same parameters."""

from django.template.response import TemplateResponse
from django.urls import reverse

from governance.officials.selectors.evaluation import Board, evaluation_board
from governance.officials.services import workflow
from governance.officials.services.marks import may_assess
from governance.officials.views.choosing import (
    Refusal,
    node_choices,
    node_from,
    period_choices,
    period_from,
    refusal_response,
    this_month,
)
from governance.officials.views.downloads import xlsx_response
from governance.officials.workbooks import leaderboard_workbook
from governance.permissions import scope_for


def board_from(request) -> Board:
    scope = scope_for(request)
    period = period_from(request.GET.get("period"), default=this_month(workflow.today()))
    return evaluation_board(node_from(scope, request.GET.get("grid")), period)


def leaderboard(request):
    try:
        board = board_from(request)
    except Refusal as refusal:
        return refusal_response(request, refusal)
    today = workflow.today()
    # Marks are given per month: a quarter's or a year's row leads to its last month begun.
    mark_month = min(board.period.end, today).replace(day=1)
    lines = [(line, may_assess(request.user, line.official)) for line in board.lines]
    return TemplateResponse(
        request,
        "officials/admin/leaderboard.html",
        {
            "board": board,
            "lines": lines,
            "period_key": board.period.key,
            "mark_month": f"{mark_month:%Y-%m}",
            "nodes": node_choices(scope_for(request)),
            "period_groups": period_choices(today, board.period),
            "xlsx_url": reverse("officials_leaderboard_xlsx")
            + f"?grid={board.node.code}&period={board.period.key}",
        },
    )


def leaderboard_xlsx(request):
    try:
        board = board_from(request)
    except Refusal as refusal:
        return refusal_response(request, refusal)
    return xlsx_response(
        leaderboard_workbook(board),
        f"{board.node.name}积分排行{board.period.key}.xlsx",
        f"leaderboard-{board.node.code}-{board.period.key}.xlsx",
    )
