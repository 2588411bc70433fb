"""Two tally imports at once, each touching the same district rows of the summary in the other
order: both finish, one waiting for the other, and the summary stays exact."""

import threading

import pytest
from django.db import connection, connections

from governance.factories import TallyKindFactory, make_tree
from governance.models import TallyEntry
from governance.resources.tallies import TallyEntryResource
from governance.services.imports import registry_import
from governance.spreadsheets.reading import read_spreadsheet
from tests.governance.spreadsheets import xlsx_bytes
from tests.governance.test_tally_summaries import assert_exact

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need a database with concurrent writers (the CI runs PostgreSQL)",
    ),
]
HEADERS = ["网格编码", "统计项", "统计期", "数值"]


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
    outcomes = []

    def run(rows):
        try:
            sheet = read_spreadsheet(xlsx_bytes(HEADERS, rows), "t.xlsx")
            report = registry_import(type_key="tallies", sheet=sheet, user=None, dry_run=False)
            outcomes.append("ok" if report.ok else report.lines())
        except Exception as error:  # noqa: BLE001 - the outcome is what the test reads
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(rows,)) for rows in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes == ["ok", "ok"]
    assert TallyEntry.objects.count() == 4
    assert_exact()
