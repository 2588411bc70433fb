"""A city-wide file: its natural keys are looked up a bounded number at a time, so no query
passes the database's limit on variables per statement, and its report keeps a bounded number
of problems."""

import pytest
from django.db import connection

from governance import registry_types
from governance.factories import RoleFactory
from governance.models import Person
from governance.resources import chunks
from governance.services.exports import registry_export, render
from governance.services.imports import registry_import
from governance.spreadsheets.reading import PROBLEMS_KEPT, read_spreadsheet
from tests.governance.spreadsheets import xlsx_bytes
from tests.governance.test_spreadsheets import registry  # noqa: F401 - the shared fixture

CHUNK = 3


class LargestSelect:
    """Records the most parameters any SELECT was run with."""

    def __init__(self):
        self.parameters = 0

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("SELECT"):
            self.parameters = max(self.parameters, len(params or ()))
        return execute(sql, params, many, context)


@pytest.mark.django_db
@pytest.mark.parametrize("type_key", [t.key for t in registry_types.admin_types()])
def test_a_file_with_more_keys_than_a_chunk_finds_every_existing_record(
    registry,  # noqa: F811
    type_key,
    monkeypatch,
):
    monkeypatch.setattr(chunks, "KEY_CHUNK", CHUNK)
    content = render(registry_export(type_key=type_key, user=None), "xlsx", sheet_title="x")
    sheet = read_spreadsheet(content, "x.xlsx")
    assert len({cells[0] for _, cells in sheet.rows()}) > CHUNK
    largest = LargestSelect()

    with connection.execute_wrapper(largest):
        report = registry_import(type_key=type_key, sheet=sheet, user=None, dry_run=False)

    assert report.ok, report.lines()
    assert report.unchanged == report.total > CHUNK and not report.new and not report.updated
    # The keys of one chunk, and the cut-off that leaves out what the file itself wrote.
    assert 0 < largest.parameters <= CHUNK + 1


@pytest.mark.django_db
def test_a_file_of_bad_rows_lists_the_first_problems_and_counts_the_rest(tree):
    role = RoleFactory(name="网格员")
    grid = tree["grid"][0]
    rows = [[grid.code, f"居民{i}", role.name] for i in range(PROBLEMS_KEPT + 100)]
    rows += [[grid.code, f"错{i}", "不存在的角色"] for i in range(PROBLEMS_KEPT + 40)]
    sheet = read_spreadsheet(xlsx_bytes(["网格编码", "姓名", "角色"], rows), "名单.xlsx")

    report = registry_import(type_key="people", sheet=sheet, user=None, dry_run=False)

    assert not report.ok and len(report.problems) == PROBLEMS_KEPT
    assert report.problems[0].row == PROBLEMS_KEPT + 102 and report.problems[0].column == "角色"
    assert "不存在" in report.problems[0].message
    assert report.file_errors == ["另有 40 个问题未列出。"]
    assert not Person.objects.exists()
