"""A file is imported a chunk of rows at a time, still whole or not at all: what one chunk finds
(an error, a duplicate of an earlier row, a new parent grid) holds for the whole file."""

import pytest

from governance.factories import RoleFactory
from governance.models import Grid, Person, RegistryLogEntry
from governance.resources.base import RegistryResource
from governance.services.imports import registry_import
from governance.spreadsheets.reading import read_spreadsheet
from tests.governance.spreadsheets import xlsx_bytes

CHUNK = 3
PEOPLE = ["网格编码", "姓名", "角色"]
GRIDS = ["统一编码", "名称", "类型", "户数"]


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(RegistryResource, "rows_per_chunk", CHUNK)


def import_rows(headers, rows, type_key="people", dry_run=False):
    sheet = read_spreadsheet(xlsx_bytes(headers, rows), "名单.xlsx")
    return registry_import(type_key=type_key, sheet=sheet, user=None, dry_run=dry_run)


@pytest.fixture
def people_rows(tree):
    role = RoleFactory(name="网格员")
    codes = [grid.code for grid in tree["grid"]]
    return [[codes[i % len(codes)], f"居民{i}", role.name] for i in range(4 * CHUNK)]


@pytest.mark.django_db
def test_an_error_in_the_last_chunk_writes_nothing_and_names_its_sheet_row(
    small_chunks, people_rows
):
    # An empty row in an early chunk: the rows after it keep their numbers in the sheet.
    rows = [*people_rows[:2], [None, None, None], *people_rows[2:]]
    rows[-1] = [rows[-1][0], "错角色", "不存在的角色"]

    report = import_rows(PEOPLE, rows)

    assert [(p.row, p.column) for p in report.problems] == [(len(rows) + 1, "角色")]
    assert report.total == len(people_rows) and report.new == len(people_rows) - 1
    assert not Person.objects.exists() and not RegistryLogEntry.objects.exists()


@pytest.mark.django_db
def test_a_duplicate_of_a_row_in_an_earlier_chunk_is_reported(small_chunks, people_rows):
    rows = [*people_rows, people_rows[1]]

    report = import_rows(PEOPLE, rows)

    assert [p.row for p in report.problems] == [len(rows) + 1]
    assert "与第 3 行重复" in report.problems[0].message
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_a_clean_file_of_many_chunks_applies_whole_and_again_changes_nothing(
    small_chunks, people_rows
):
    preview = import_rows(PEOPLE, people_rows, dry_run=True)

    assert preview.ok and preview.new == len(people_rows)
    assert not Person.objects.exists()

    report = import_rows(PEOPLE, people_rows)
    again = import_rows(PEOPLE, people_rows)

    assert report.ok and report.new == len(people_rows) == Person.objects.count()
    assert RegistryLogEntry.objects.count() == len(people_rows)
    assert again.ok and again.unchanged == len(people_rows) and not again.new and not again.updated


@pytest.mark.django_db
@pytest.mark.parametrize("dry_run", [True, False])
def test_a_grid_added_in_an_earlier_chunk_can_be_a_later_rows_parent(small_chunks, tree, dry_run):
    community = tree["community"][0]
    parent = f"{community.code}050"
    rows = [[parent, "新网格", "常规网格", 300]]
    rows += [[f"{community.code}06{i}", f"网格{i}", "", 10] for i in range(CHUNK)]
    rows += [[f"{parent}001", "新微网格", "", 40]]

    report = import_rows(GRIDS, rows, type_key="grids", dry_run=dry_run)

    assert report.ok, report.lines()
    assert report.new == len(rows)
    assert Grid.objects.filter(name="新微网格").exists() is not dry_run


@pytest.mark.django_db
def test_a_formula_cell_in_a_later_chunk_rejects_the_file_and_writes_nothing(
    small_chunks, people_rows
):
    rows = [list(row) for row in people_rows]
    rows[-1][1] = '=CONCAT("张","三")'

    report = import_rows(PEOPLE, rows)

    [problem] = report.problems  # not also "may not be empty" for the cell read as empty
    assert (problem.row, problem.column) == (len(rows) + 1, "姓名") and "公式" in problem.message
    assert report.total == len(rows)
    assert not Person.objects.exists() and not RegistryLogEntry.objects.exists()


@pytest.mark.django_db
def test_an_xlsx_sheet_tells_its_size_before_the_import_reads_it(people_rows):
    rows = [*people_rows[:2], [None, None, None], *people_rows[2:]]

    sheet = read_spreadsheet(xlsx_bytes(PEOPLE, rows), "名单.xlsx")

    assert len(sheet) == len(people_rows)
