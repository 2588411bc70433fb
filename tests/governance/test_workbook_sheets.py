"""Which sheet of a workbook an import reads: the first visible one, and only its size counts."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from governance.spreadsheets.reading import Limits, SpreadsheetError, read_spreadsheet
from tests.governance.spreadsheet_files import replace_parts

HEADERS = ["网格编码", "姓名", "角色"]


def workbook_bytes(*sheets) -> bytes:
    """`sheets`: (title, rows, state) each, in tab order."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows, state in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = state
    visible = [n for n, (_t, _r, state) in enumerate(sheets) if state == "visible"]
    workbook.active = visible[0] if visible else 0
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def people(count: int) -> list[list]:
    return [HEADERS] + [["410101001001001", f"居民{n}", "网格员"] for n in range(count)]


def test_reading__a_large_second_sheet_does_not_count_against_the_row_cap():
    content = workbook_bytes(("人员", people(2), "visible"), ("草稿", people(1_500), "visible"))

    sheet = read_spreadsheet(content, "名单.xlsx", limits=Limits(max_rows=1_000))

    assert sheet.headers == HEADERS
    rows = [cells for chunk in sheet.chunks(None) for cells in chunk.dataset]
    assert [row[1] for row in rows] == ["居民0", "居民1"]


def test_reading__the_imported_sheet_is_still_held_to_the_row_cap():
    content = workbook_bytes(("人员", people(1_500), "visible"), ("说明", people(2), "visible"))

    with pytest.raises(SpreadsheetError, match="空行也计算在内"):
        read_spreadsheet(content, "名单.xlsx", limits=Limits(max_rows=1_000))


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_reading__a_hidden_first_sheet_is_passed_over_for_the_first_visible_one(state):
    old = [["编号", "备注"], ["1", "旧名单"]]
    content = workbook_bytes(("旧名单", old, state), ("人员", people(2), "visible"))

    sheet = read_spreadsheet(content, "名单.xlsx")

    assert sheet.headers == HEADERS
    rows = [cells for chunk in sheet.chunks(None) for cells in chunk.dataset]
    assert [row[1] for row in rows] == ["居民0", "居民1"]
    assert len(sheet) == 2


def test_reading__a_hidden_first_sheet_is_not_measured_either():
    content = workbook_bytes(("旧名单", people(1_500), "hidden"), ("人员", people(2), "visible"))

    sheet = read_spreadsheet(content, "名单.xlsx", limits=Limits(max_rows=1_000))

    assert len(sheet) == 2


def test_reading__a_workbook_with_no_visible_sheet_is_refused_in_chinese():
    # openpyxl will not save such a workbook; Excel-made files with every sheet hidden exist.
    content = workbook_bytes(("人员", people(2), "visible"), ("旧名单", people(2), "veryHidden"))
    workbook_part = zipfile.ZipFile(io.BytesIO(content)).read("xl/workbook.xml")
    hidden = workbook_part.replace(b'state="visible"', b'state="hidden"')
    assert hidden != workbook_part
    content = replace_parts(content, {"xl/workbook.xml": hidden})

    with pytest.raises(SpreadsheetError, match="全部被隐藏"):
        read_spreadsheet(content, "名单.xlsx")
