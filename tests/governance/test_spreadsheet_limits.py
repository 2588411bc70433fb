"""Hostile and careless files: zip bombs, empty-row floods, wide rows, huge cells, formulas,
invisible characters. Each is refused (or cleaned) with a Chinese message saying where."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from governance.factories import RoleFactory, make_grid
from governance.models import AccessRole, Assignment, Grid, ImportJob, Person
from governance.services.imports import registry_import
from governance.spreadsheets.reading import Limits, SpreadsheetError, read_spreadsheet
from tests.governance.spreadsheet_files import (
    empty_rows_workbook,
    inline_row,
    people_workbook,
    replace_parts,
    shared_strings_bomb,
    sheet_workbook,
    with_damaged_part,
)
from tests.governance.spreadsheets import csv_bytes, xlsx_bytes


@pytest.fixture
def grid(db):
    district = make_grid(name="一区", code="410101")
    street = make_grid(district, name="一街道", code="410101001")
    community = make_grid(street, name="华府社区", code="410101001001")
    RoleFactory(name="网格员")
    return make_grid(community, name="华府1号网格", code="410101001001001")


def test_reading__refuses_a_shared_strings_zip_bomb_before_inflating_it():
    bomb = shared_strings_bomb(inflated_mb=200)
    assert len(bomb) < 1_000_000

    with pytest.raises(SpreadsheetError, match="解压后") as refusal:
        read_spreadsheet(bomb, "名单.xlsx")

    assert "xl/sharedStrings.xml" in str(refusal.value)


def test_reading__refuses_a_part_compressed_beyond_the_ratio_cap():
    content = replace_parts(
        people_workbook(), {"xl/sharedStrings.xml": b"<sst>" + b" " * 3_000_000 + b"</sst>"}
    )

    with pytest.raises(SpreadsheetError, match="压缩"):
        read_spreadsheet(content, "名单.xlsx")


def test_reading__refuses_a_workbook_with_thousands_of_parts():
    content = replace_parts(people_workbook(), {f"junk/{n}.xml": b"<a/>" for n in range(600)})

    with pytest.raises(SpreadsheetError, match="个部件"):
        read_spreadsheet(content, "名单.xlsx")


def test_reading__empty_rows_count_against_the_row_cap():
    content = empty_rows_workbook(empty_rows=5_000)

    with pytest.raises(SpreadsheetError, match="空行也计算在内"):
        read_spreadsheet(content, "名单.xlsx", limits=Limits(max_rows=1_000))


def test_reading__a_row_numbered_past_the_cap_is_refused_without_reading_the_gap():
    content = sheet_workbook(
        inline_row(1, "网格编码", "姓名"), inline_row(3_000_000, "410101001001001", "张三")
    )

    with pytest.raises(SpreadsheetError, match=str(settings.IMPORT_MAX_ROWS)):
        read_spreadsheet(content, "名单.xlsx")


def test_reading__a_cell_far_to_the_right_is_refused():
    far = b'<row r="2"><c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>'
    content = sheet_workbook(inline_row(1, "网格编码", "姓名"), far)

    with pytest.raises(SpreadsheetError, match="第 2 行超过 200 列"):
        read_spreadsheet(content, "名单.xlsx")


def test_reading__a_wide_csv_row_is_refused():
    content = csv_bytes(["网格编码"], [["x"] * 300])

    with pytest.raises(SpreadsheetError, match="超过 200 列"):
        read_spreadsheet(content, "名单.csv")


def test_reading__an_overlong_cell_is_refused_naming_row_and_column():
    content = xlsx_bytes(["网格编码", "姓名", "备注"], [["410101001001001", "张三", "长" * 6_000]])

    with pytest.raises(SpreadsheetError) as refusal:
        read_spreadsheet(content, "名单.xlsx")

    message = str(refusal.value)
    assert "第 2 行" in message and "备注" in message and "5000" in message


def test_reading__a_csv_field_past_the_csv_modules_own_limit_is_a_clear_refusal():
    content = ('网格编码\n"' + "x" * 200_000 + '"\n').encode()

    with pytest.raises(SpreadsheetError):
        read_spreadsheet(content, "名单.csv")


def test_reading__an_entity_expansion_bomb_is_refused():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<si><t>&lol2;</t></si></sst>"
    )
    content = replace_parts(people_workbook(), {"xl/sharedStrings.xml": laughs})

    with pytest.raises(SpreadsheetError):
        read_spreadsheet(content, "名单.xlsx")


@pytest.mark.django_db
def test_import__a_formula_cell_is_a_row_error_naming_the_cell(grid):
    content = xlsx_bytes(
        ["网格编码", "姓名", "角色", "说明"],
        [[grid.code, '=CONCAT("张","三")', "网格员", "=1+1"]],
    )

    report = registry_import(
        type_key="people", sheet=read_spreadsheet(content, "名单.xlsx"), user=None, dry_run=False
    )

    assert not report.ok
    [problem] = report.problems  # 说明 is not a column of the people sheet: ignored
    assert problem.row == 2 and problem.column == "姓名"
    assert "B2" in problem.message and "公式" in problem.message
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_import__invisible_characters_are_stripped_from_names(grid):
    content = xlsx_bytes(
        ["网格编码", "姓名", "角色"], [[grid.code, "\u202e张\u200b三\ufeff", "网格员"]]
    )

    report = registry_import(
        type_key="people", sheet=read_spreadsheet(content, "名单.xlsx"), user=None, dry_run=False
    )

    assert report.ok, report.lines()
    assert Person.objects.get().name == "张三"


@pytest.mark.django_db
def test_admin_form__refuses_invisible_characters_in_a_name(admin_client, grid):
    response = admin_client.post(
        reverse("wagtailsnippets_governance_person:add"),
        {"name": "张\u202e三", "role": RoleFactory(name="网格长").pk, "grid": grid.pk},
    )

    assert response.status_code == 200
    assert "不可见字符" in response.content.decode()
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_grid_import__a_level_that_contradicts_the_code_is_a_row_error(grid):
    content = xlsx_bytes(
        ["统一编码", "名称", "层级"], [["410101001002", "邻居社区", "街道（一级网格）"]]
    )

    report = registry_import(
        type_key="grids", sheet=read_spreadsheet(content, "网格.xlsx"), user=None, dry_run=False
    )

    assert not report.ok
    [problem] = report.problems
    assert problem.column == "层级" and "12" in problem.message and "社区" in problem.message
    assert not Grid.objects.filter(code="410101001002").exists()


@pytest.mark.django_db
def test_grid_import__a_level_that_agrees_with_the_code_imports(grid):
    content = xlsx_bytes(
        ["统一编码", "名称", "层级"], [["410101001002", "邻居社区", "社区（二级网格）"]]
    )

    report = registry_import(
        type_key="grids", sheet=read_spreadsheet(content, "网格.xlsx"), user=None, dry_run=False
    )

    assert report.ok, report.lines()
    assert Grid.objects.get(code="410101001002").get_parent() == Grid.objects.get(code="410101001")


@pytest.mark.django_db
def test_command__refuses_a_zip_bomb_with_exit_status_1(tmp_path):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(shared_strings_bomb(inflated_mb=200))

    with pytest.raises(CommandError, match="解压后"):
        call_command("import_registry", "people", str(path))


@pytest.mark.django_db
def test_admin_upload__refuses_a_zip_bomb_in_the_request_without_storing_it(admin_client):
    bomb = SimpleUploadedFile("名单.xlsx", shared_strings_bomb(inflated_mb=200))

    response = admin_client.post(
        reverse("governance_import_upload", args=["people"]), {"file": bomb}
    )

    assert response.status_code == 400
    assert "解压后" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_command__a_grid_worker_is_refused_with_a_message_not_a_traceback(
    grid, django_user_model, tmp_path
):
    worker = django_user_model.objects.create_user("worker", password="pw-worker-2026!")
    Assignment.objects.create(user=worker, grid=grid, role=AccessRole.GRID_WORKER)
    path = tmp_path / "people.xlsx"
    path.write_bytes(people_workbook())

    with pytest.raises(CommandError, match="无权导入"):
        call_command("import_registry", "people", str(path), "--user", "worker")


@pytest.mark.django_db
def test_export_command__a_user_without_rights_is_refused_with_a_message(
    django_user_model, tmp_path
):
    django_user_model.objects.create_user("nobody", password="pw-nobody-2026!")

    with pytest.raises(CommandError, match="无权导出"):
        call_command("export_registry", "people", str(tmp_path / "x.xlsx"), "--user", "nobody")


def test_reading__empty_columns_after_the_titles_cost_nothing():
    content = ("网格编码,姓名" + "," * 100_000 + "\n410101001001001,张三\n").encode()

    sheet = read_spreadsheet(content, "名单.csv")

    assert sheet.headers == ["网格编码", "姓名"]
    assert list(sheet.rows()) == [(2, ["410101001001001", "张三"])]


def test_reading__too_many_different_texts_are_refused_before_openpyxl_holds_them():
    texts = b"".join(b"<si><t>%d</t></si>" % n for n in range(600))
    content = replace_parts(
        people_workbook(), {"xl/sharedStrings.xml": b"<sst>" + texts + b"</sst>"}
    )

    with pytest.raises(SpreadsheetError, match="不同的文字"):
        read_spreadsheet(content, "名单.xlsx", limits=Limits(max_shared_strings=500))


def test_reading__a_damaged_part_is_a_clear_refusal_not_a_traceback():
    content = with_damaged_part(
        people_workbook([("410101001001001", f"居民{n}", "网格员") for n in range(2000)]),
        "xl/worksheets/sheet1.xml",
    )

    with pytest.raises(SpreadsheetError, match="不是可读取的"):
        read_spreadsheet(content, "名单.xlsx")


@pytest.mark.parametrize(
    "cell",
    [
        b'<c r="B2"><v>abc</v></c>',  # a number that is not one
        b'<c r="B2"><v>' + b"1" * 4400 + b"</v></c>",  # past Python's digits for an int
        b'<c r="B2" t="s"><v>9999</v></c>',  # a text the shared strings do not hold
        b'<c r="B2" t="b"><v>x</v></c>',
    ],
)
def test_reading__a_forged_cell_value_is_a_clear_refusal_naming_the_cell(cell):
    content = sheet_workbook(
        inline_row(1, "网格编码", "姓名", "角色"),
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>410101001001001</t></is></c>%s</row>' % cell,
    )

    with pytest.raises(SpreadsheetError, match="B2"):
        read_spreadsheet(content, "名单.xlsx")


def test_import__a_forged_cell_value_in_a_late_row_rejects_the_file_and_writes_nothing(grid):
    rows = [inline_row(n, "410101001001001", f"居民{n}", "网格员") for n in range(2, 50)]
    content = sheet_workbook(
        inline_row(1, "网格编码", "姓名", "角色"),
        *rows,
        b'<row r="50"><c r="A50"><v>' + b"1" * 4400 + b"</v></c></row>",
    )
    sheet = read_spreadsheet(content, "名单.xlsx")

    with pytest.raises(SpreadsheetError, match="A50"):
        registry_import(type_key="people", sheet=sheet, user=None, dry_run=False)
    assert Person.objects.count() == 0
