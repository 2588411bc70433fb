import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance import registry_types
from governance.factories import (
    AmenityFactory,
    PersonFactory,
    RoleFactory,
    ServicePointFactory,
    TallyEntryFactory,
    TallyKindFactory,
    TeamTypeFactory,
    VolunteerTeamFactory,
)
from governance.models import AccessRole, Assignment, Grid, Person, TallyEntry
from governance.periods import Period
from governance.services.exports import registry_export, render
from governance.services.imports import registry_import
from governance.spreadsheets.reading import Limits, SpreadsheetError, read_spreadsheet
from tests.governance.spreadsheets import csv_bytes, read_xlsx, xlsx_bytes

PEOPLE_HEADERS = ["网格编码", "姓名", "角色", "电话", "电话公开", "开始日期"]


def import_file(content, name, type_key="people", user=None, dry_run=False):
    sheet = read_spreadsheet(content, name)
    return registry_import(type_key=type_key, sheet=sheet, user=user, dry_run=dry_run)


@pytest.fixture
def registry(tree):
    role = RoleFactory(name="网格员")
    kind = TallyKindFactory(name="网格议事会")
    amenity = AmenityFactory(name="饮水")
    for grid in tree["grid"]:
        PersonFactory(grid=grid, role=role, name=f"{grid.name}员", phone_public=bool(grid.pk % 2))
        VolunteerTeamFactory(grid=grid, team_type=TeamTypeFactory(), name=f"{grid.name}巡逻队")
        point = ServicePointFactory(
            grid=grid, name=f"{grid.name}驿站", opening_hours="8:00-20:00（错时）"
        )
        point.amenities.set([amenity])
        TallyEntryFactory(grid=grid, kind=kind, value=3, month=Period.month(2026, 10))
    return tree


@pytest.mark.django_db
# Registry types proper; a domain app's type (events) round-trips in its own tests, on its data.
@pytest.mark.parametrize("type_key", [t.key for t in registry_types.admin_types()])
@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_round_trip__export_then_import_reports_every_row_unchanged(
    registry, type_key, file_format
):
    dataset = registry_export(type_key=type_key, user=None)
    content = render(dataset, file_format, sheet_title="x")

    report = import_file(content, f"export.{file_format}", type_key=type_key)

    assert report.ok, report.lines()
    assert report.total == len(dataset) > 0
    assert report.unchanged == report.total
    assert report.new == report.updated == 0


@pytest.mark.django_db
def test_one_bad_grid_code_among_1000_rows_writes_nothing_and_names_row_and_column(tree):
    RoleFactory(name="网格员")
    codes = [g.code for g in tree["grid"]]
    rows = [
        [codes[i % len(codes)], f"居民{i}", "网格员", f"1390000{i:04d}", "否", "2025-01-01"]
        for i in range(1000)
    ]
    rows[536][0] = "999999999999999"

    report = import_file(xlsx_bytes(PEOPLE_HEADERS, rows), "roster.xlsx")

    assert not report.ok
    assert Person.objects.count() == 0
    assert [(p.row, p.column) for p in report.problems] == [(538, "网格编码")]
    assert "999999999999999" in report.problems[0].message


@pytest.mark.django_db
def test_import__applies_a_clean_file_whole(tree):
    RoleFactory(name="网格员")
    rows = [
        [g.code, f"{g.name}网格员", "网格员", "13900001111", "是", "2025-01-01"]
        for g in tree["grid"]
    ]

    report = import_file(xlsx_bytes(PEOPLE_HEADERS, rows), "roster.xlsx")
    again = import_file(xlsx_bytes(PEOPLE_HEADERS, rows), "roster.xlsx")

    assert report.new == len(tree["grid"]) == Person.objects.count()
    assert again.unchanged == len(tree["grid"]) and again.new == 0


@pytest.mark.django_db
def test_import__normalises_what_clerks_type(tree):
    RoleFactory(name="网格员")
    code = tree["grid"][0].code
    full_width_code = code.translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
    rows = [
        [
            full_width_code + "　",
            " 王芳 ",
            "网格员",
            13900001234.0,
            "是",
            datetime.datetime(2025, 3, 1),
        ],
        [code, "李强", "网格员", "1.39000012E+10", "否", "2025年3月2日"],
        [code, "张伟", "网格员", "１３９０００１２３４５", "否", 45719],
    ]

    report = import_file(xlsx_bytes(PEOPLE_HEADERS, rows), "roster.xlsx")

    assert report.ok, report.lines()
    wang = Person.objects.get(name="王芳")
    assert (wang.grid.code, wang.phone, wang.phone_public) == (code, "13900001234", True)
    assert wang.start_date == datetime.date(2025, 3, 1)
    assert Person.objects.get(name="李强").phone == "13900001200"
    assert Person.objects.get(name="李强").start_date == datetime.date(2025, 3, 2)
    assert Person.objects.get(name="张伟").start_date == datetime.date(2025, 3, 3)


@pytest.mark.django_db
def test_import__reports_duplicate_rows(tree):
    RoleFactory(name="网格员")
    code = tree["grid"][0].code
    row = [code, "王芳", "网格员", "13900001234", "是", "2025-03-01"]

    report = import_file(xlsx_bytes(PEOPLE_HEADERS, [row, row]), "roster.xlsx")

    assert not report.ok
    assert report.problems[0].row == 3
    assert "第 2 行重复" in report.problems[0].message
    assert Person.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_import__reads_csv_in_the_encodings_chinese_excel_writes(tree, encoding):
    RoleFactory(name="网格员")
    rows = [[tree["grid"][0].code, "王芳", "网格员", "13900001234", "是", "2025/3/1"]]

    report = import_file(csv_bytes(PEOPLE_HEADERS, rows, encoding), "roster.csv")

    assert report.ok, report.lines()
    assert Person.objects.get().name == "王芳"


@pytest.mark.django_db
def test_import__bad_cells_get_chinese_messages_with_row_and_column(tree):
    RoleFactory(name="网格员")
    code = tree["grid"][0].code
    rows = [
        [code, "王芳", "网格长", "13900001234", "是", "2025-03-01"],
        [code, "李强", "网格员", "电话号码", "也许", "三月一日"],
    ]

    report = import_file(xlsx_bytes(PEOPLE_HEADERS, rows), "roster.xlsx")

    where = {(p.row, p.column): p.message for p in report.problems}
    assert "角色“网格长”不存在" in where[(2, "角色")]
    assert "不是电话号码" in where[(3, "电话")]
    assert "不是“是”或“否”" in where[(3, "电话公开")]
    assert "不是日期" in where[(3, "开始日期")]


@pytest.mark.django_db
def test_import__missing_key_column_is_refused_before_any_row():
    report = import_file(xlsx_bytes(["姓名"], [["王芳"]]), "roster.xlsx")

    assert not report.ok
    assert "缺少列" in report.file_errors[0] and "网格编码" in report.file_errors[0]


def test_reading__refuses_files_that_are_not_spreadsheets():
    with pytest.raises(SpreadsheetError, match="不是可读取的 .xlsx"):
        read_spreadsheet(b"PK\x03\x04 not really a zip", "roster.xlsx")
    with pytest.raises(SpreadsheetError, match="只能导入"):
        read_spreadsheet(b"hello", "roster.pdf")


def test_reading__caps_size_and_rows():
    content = csv_bytes(["网格编码"], [["1"]] * 20)
    with pytest.raises(SpreadsheetError, match="超过 10 行"):
        read_spreadsheet(content, "a.csv", limits=Limits(max_bytes=10_000, max_rows=10))
    with pytest.raises(SpreadsheetError, match="上限"):
        read_spreadsheet(content, "a.csv", limits=Limits(max_bytes=10, max_rows=10))


@pytest.mark.django_db
def test_export__formulas_become_inert_text(tree):
    PersonFactory(grid=tree["grid"][0], name='=HYPERLINK("http://x","点我")')

    dataset = registry_export(type_key="people", user=None)
    xlsx_cells = read_xlsx(render(dataset, "xlsx", sheet_title="人员"))
    csv_text = render(dataset, "csv", sheet_title="人员").decode("utf-8-sig")

    name_cell = next(c for row in xlsx_cells for c in row if "HYPERLINK" in str(c.value))
    assert name_cell.data_type == "s"
    assert not str(name_cell.value).startswith("=")
    assert "'=HYPERLINK" in csv_text


@pytest.mark.django_db
def test_export__formula_text_survives_a_round_trip(tree):
    PersonFactory(grid=tree["grid"][0], name="=1+1", role=RoleFactory(name="网格员"))
    content = render(registry_export(type_key="people", user=None), "xlsx", sheet_title="人员")

    report = import_file(content, "people.xlsx")

    assert report.unchanged == 1
    assert Person.objects.get().name == "=1+1"


@pytest.mark.django_db
@pytest.mark.parametrize("size", [200, 800])
def test_import__query_count_does_not_grow_with_rows(tree, size, django_assert_max_num_queries):
    RoleFactory(name="网格员")
    codes = [g.code for g in tree["grid"]]
    rows = [
        [codes[i % len(codes)], f"居民{i}", "网格员", "13900001111", "否", "2025-01-01"]
        for i in range(size)
    ]
    sheet = read_spreadsheet(xlsx_bytes(PEOPLE_HEADERS, rows), "a.xlsx")

    with CaptureQueriesContext(connection) as queries:
        report = registry_import(type_key="people", sheet=sheet, user=None, dry_run=False)

    assert report.new == size
    # An executemany is captured as "N times: INSERT …" on PostgreSQL, as plain INSERT on SQLite.
    statements = [re.sub(r"^\d+ times: ", "", q["sql"]) for q in queries.captured_queries]
    inserts = [{"sql": sql} for sql in statements if sql.startswith("INSERT")]
    people = [q for q in inserts if q["sql"].startswith('INSERT INTO "governance_person"')]
    # Bulk inserts come in batches (SQLite caps the variables of one statement), the people's
    # and their log entries' alike; every other query is a fixed cost of the file or of a chunk
    # of rows (one here): the lookups, the existing records, the file's transaction, savepoints.
    assert len(people) <= size // 90 + 1
    assert len(inserts) - len(people) <= size // 75 + 1
    assert len(queries) - len(inserts) <= 14


@pytest.mark.django_db
def test_import__a_community_editor_cannot_write_into_another_community(tree, django_user_model):
    RoleFactory(name="网格员")
    editor = django_user_model.objects.create_user("ed", password="x-pass-2026!")
    own, other = tree["community"][0], tree["community"][1]
    Assignment.objects.create(user=editor, grid=own, role=AccessRole.COMMUNITY_EDITOR)
    own_grid = Grid.objects.subtree(own).filter(level=4).first()
    other_grid = Grid.objects.subtree(other).filter(level=4).first()
    rows = [
        [own_grid.code, "本社区", "网格员", "13900001111", "否", ""],
        [other_grid.code, "越权", "网格员", "13900001112", "否", ""],
    ]

    report = import_file(xlsx_bytes(PEOPLE_HEADERS, rows), "a.xlsx", user=editor)

    assert not report.ok
    assert [(p.row, p.column) for p in report.problems] == [(3, "网格编码")]
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_import_and_export__refused_without_the_right(tree, django_user_model):
    analyst = django_user_model.objects.create_user("an", password="x-pass-2026!")
    Assignment.objects.create(user=analyst, grid=tree["district"][0], role=AccessRole.ANALYST)
    sheet = read_spreadsheet(
        xlsx_bytes(PEOPLE_HEADERS, [[tree["grid"][0].code, "王芳", "网格员"]]), "a.xlsx"
    )
    nobody = django_user_model.objects.create_user("nobody", password="x-pass-2026!")

    with pytest.raises(PermissionDenied):
        registry_import(type_key="people", sheet=sheet, user=analyst, dry_run=True)
    with pytest.raises(PermissionDenied):
        registry_export(type_key="people", user=nobody)


@pytest.mark.django_db
def test_export__only_visible_rows_and_masked_phones_for_analysts(registry, django_user_model):
    analyst = django_user_model.objects.create_user("an", password="x-pass-2026!")
    Assignment.objects.create(user=analyst, grid=registry["street"][0], role=AccessRole.ANALYST)
    hidden = Person.objects.filter(grid__path__startswith=registry["street"][1].path)
    private = Person.objects.filter(
        phone_public=False, grid__path__startswith=registry["street"][0].path
    ).first()

    dataset = registry_export(type_key="people", user=analyst)
    text = render(dataset, "csv", sheet_title="x").decode("utf-8-sig")

    assert len(dataset) == Person.objects.count() - hidden.count()
    assert all(p.name not in text for p in hidden)
    assert private.phone not in text and private.masked_phone in text


@pytest.mark.django_db
def test_tally_import__months_and_ranges(tree):
    TallyKindFactory(name="上报事件", unit="件")
    code = tree["grid"][0].code
    rows = [[code, "上报事件", "2026-10", 12], [code, "上报事件", "2026-11-01..2026-11-15", 4]]

    report = import_file(
        xlsx_bytes(["网格编码", "统计项", "统计期", "数值"], rows), "t.xlsx", type_key="tallies"
    )

    assert report.ok, report.lines()
    periods = sorted(TallyEntry.objects.values_list("period_start", "period_end", "value"))
    assert periods[0] == (datetime.date(2026, 10, 1), datetime.date(2026, 10, 31), 12)
    assert periods[1] == (datetime.date(2026, 11, 1), datetime.date(2026, 11, 15), 4)


@pytest.mark.django_db
def test_grid_import__creates_children_under_parents_and_checks_codes(tree):
    community = tree["community"][0]
    rows = [
        [f"{community.code}050", "新网格", "常规网格", 300],
        [f"{community.code}050001", "新微网格", "", 40],
        ["410103999001", "外来社区", "", 0],
    ]

    report = import_file(
        xlsx_bytes(["统一编码", "名称", "类型", "户数"], rows), "g.xlsx", type_key="grids"
    )

    assert [(p.row, p.column) for p in report.problems] == [(4, "统一编码")]
    assert not Grid.objects.filter(name="新网格").exists()

    report = import_file(
        xlsx_bytes(["统一编码", "名称", "类型", "户数"], rows[:2]), "g.xlsx", type_key="grids"
    )

    assert report.ok, report.lines()
    micro = Grid.objects.get(name="新微网格")
    assert micro.get_parent().name == "新网格"
    assert micro.get_parent().get_parent() == community


def test_read__a_sheet_of_titles_only_is_refused_by_name():
    with pytest.raises(SpreadsheetError, match="只有标题行"):
        read_spreadsheet(xlsx_bytes(PEOPLE_HEADERS, []), "a.xlsx")
    with pytest.raises(SpreadsheetError, match="只有标题行"):
        read_spreadsheet(xlsx_bytes(PEOPLE_HEADERS, [[None, None, None], ["", "", ""]]), "a.xlsx")
