"""Imports meeting other writers: two tally imports at once, each touching the same district rows
of the summary in the other order, both finish (one waiting for the other) with the summary
exact; a record saved meanwhile under a key of the file refuses the file, in Chinese."""

import threading
from datetime import date
from functools import partial

import pytest

from governance.factories import TallyKindFactory, make_tree
from governance.models import TallyEntry
from governance.resources.tallies import TallyEntryResource
from governance.services.imports import registry_import
from governance.spreadsheets.reading import read_spreadsheet
from tests.concurrency import needs_concurrent_writers, run_together
from tests.governance.spreadsheets import xlsx_bytes
from tests.governance.test_tally_summaries import assert_exact

HEADERS = ["网格编码", "统计项", "统计期", "数值"]


@pytest.mark.django_db(transaction=True)
@needs_concurrent_writers
def test_two_imports_whose_rows_meet_in_opposite_order_both_finish(monkeypatch):
    tree = make_tree(streets=2, communities=1, grids=1)
    kind = TallyKindFactory(name="入户走访")
    first, second = tree["grid"]  # one in each street: they meet at the district
    files = [
        [[first.code, kind.name, "2026-02", 5], [first.code, kind.name, "2026-01", 7]],
        [[second.code, kind.name, "2026-01", 11], [second.code, kind.name, "2026-02", 13]],
    ]
    # One row a chunk, and both imports hold their first chunk's writes before going on.
    monkeypatch.setattr(TallyEntryResource, "rows_per_chunk", 1)
    first_chunks_done = threading.Barrier(2, timeout=5)
    import_chunk = TallyEntryResource.import_chunk

    def import_chunk_in_step(resource, chunk):
        result = import_chunk(resource, chunk)
        if not getattr(resource, "stepped", False):
            resource.stepped = True
            first_chunks_done.wait()
        return result

    monkeypatch.setattr(TallyEntryResource, "import_chunk", import_chunk_in_step)

    def run(rows):
        sheet = read_spreadsheet(xlsx_bytes(HEADERS, rows), "t.xlsx")
        report = registry_import(type_key="tallies", sheet=sheet, user=None, dry_run=False)
        return "ok" if report.ok else report.lines()

    outcomes = run_together([partial(run, rows) for rows in files])

    assert outcomes == ["ok", "ok"]
    assert TallyEntry.objects.count() == 4
    assert_exact()


@pytest.mark.django_db
def test_a_record_saved_during_the_import_under_the_same_key_is_a_chinese_file_error(
    monkeypatch,
):
    """An import looks up only what existed before the file: a matching record another user
    saves meanwhile meets the unique constraint. The file is refused whole, in Chinese."""
    grid = make_tree(streets=1, communities=1, grids=1)["grid"][0]
    kind = TallyKindFactory(name="入户走访")
    rows = [[grid.code, kind.name, "2026-01", 5], [grid.code, kind.name, "2026-02", 7]]
    monkeypatch.setattr(TallyEntryResource, "rows_per_chunk", 1)
    import_chunk = TallyEntryResource.import_chunk

    def someone_saves_the_second_row_meanwhile(resource, chunk):
        result = import_chunk(resource, chunk)
        if not getattr(resource, "saved", False):
            resource.saved = True
            TallyEntry.objects.create(
                grid=grid,
                kind=kind,
                period_start=date(2026, 2, 1),
                period_end=date(2026, 2, 28),
                value=1,
            )
        return result

    monkeypatch.setattr(TallyEntryResource, "import_chunk", someone_saves_the_second_row_meanwhile)
    sheet = read_spreadsheet(xlsx_bytes(HEADERS, rows), "t.xlsx")

    report = registry_import(type_key="tallies", sheet=sheet, user=None, dry_run=False)

    assert not report.ok and not report.problems
    assert report.file_errors == [
        "文件中的一条记录与导入期间刚保存的记录冲突（有人同时录入或导入了同一条记录）。"
        "未写入任何内容：请重新导入此文件。"
    ]
    assert TallyEntry.objects.count() == 0
