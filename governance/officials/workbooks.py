"""The leaderboard and the evaluation sheet as .xlsx workbooks (openpyxl), for offices that keep
their 考评 records in Excel. Headers are Chinese like every spreadsheet the registry writes;
numbers stay numbers; text a person typed is neutralised so Excel never runs it as a formula."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from governance.officials.selectors.evaluation import Board, Sheet
from governance.spreadsheets.cells import neutralise_formula

BOLD = Font(bold=True)


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _append(sheet, values, *, bold: bool = False) -> None:
    sheet.append([neutralise_formula(value) for value in values])
    if bold:
        for cell in sheet[sheet.max_row]:
            cell.font = BOLD


def _trail(sheet_data: Sheet) -> str:
    return " › ".join(grid.name for grid in sheet_data.trail)


def standing_text(sheet_data: Sheet) -> str:
    standing = sheet_data.standing
    if standing is None:
        return "—"
    return f"第{standing.rank}名 / 共{standing.of}人（{standing.area.name}）"


def sheet_workbook(sheet_data: Sheet) -> bytes:
    official = sheet_data.official
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "考评表"
    _append(sheet, ["年轻干部考评表"], bold=True)
    for label, value in (
        ("姓名", official.person.name),
        ("派出单位", official.home_unit),
        ("所在网格", _trail(sheet_data)),
        ("考评期", sheet_data.period.label),
        ("街道内排名", standing_text(sheet_data)),
    ):
        _append(sheet, [label, value])
    sheet.append([])
    header = ["考评项目"]
    for month in sheet_data.months:
        header += [f"{month.year}年{month.month}月 数量", f"{month.year}年{month.month}月 得分"]
    _append(sheet, [*header, "合计 数量", "合计 得分"], bold=True)
    for row in sheet_data.rows:
        values = [row.rule.name]
        for cell in row.cells:
            values += [cell.count, cell.points]
        _append(sheet, [*values, row.total.count, row.total.points])
    totals = ["月度合计"]
    for month_total in sheet_data.month_totals:
        totals += [None, month_total]
    _append(sheet, [*totals, None, sheet_data.total], bold=True)
    sheet.append([])
    _append(sheet, ["总分", sheet_data.total], bold=True)
    if sheet_data.comments:
        sheet.append([])
        _append(sheet, ["考评意见", "月份", "得分", "意见"], bold=True)
        for mark in sheet_data.comments:
            _append(sheet, [mark.rule.name, f"{mark.month:%Y-%m}", mark.points, mark.note])
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 24
    return _save(workbook)


def leaderboard_workbook(board: Board) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "积分排行"
    _append(sheet, [f"{board.node.name} 年轻干部积分排行"], bold=True)
    _append(sheet, ["考评期", board.period.label])
    sheet.append([])
    _append(
        sheet,
        ["排名", "姓名", "派出单位", "所在网格", *(rule.name for rule in board.rules), "总分"],
        bold=True,
    )
    for line in board.lines:
        person = line.official.person
        _append(
            sheet,
            [
                line.rank,
                person.name,
                person.unit,
                person.grid.name,
                *line.points,
                line.evaluation.total,
            ],
        )
    sheet.column_dimensions["C"].width = 20
    sheet.column_dimensions["D"].width = 20
    return _save(workbook)
