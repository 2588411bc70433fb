"""Rebuilds the tally summary from the entries in SQL, or checks it against them.

Every write through the ORM keeps the summary exact (governance/models/tally_summaries.py); this
is for the rest: rows loaded by COPY or raw SQL, a restored backup, a suspected drift. The
rebuild runs in the database: one grouped pass over the entries for each grid's own rows, then
one pass per level of the tree that adds each node's rows into its parent's, deepest first.
"""

import datetime
from dataclasses import dataclass

from django.db import connection, transaction

from governance.models import Grid, TallyEntry, TallyKind, TallySummary

# The first day of a date's month, as each database writes it.
MONTH_OF = {
    "postgresql": "date_trunc('month', {column}::timestamp)::date",
    "sqlite": "date({column}, 'start of month')",
}
STORED = "tally_summary_stored"
COLUMNS = "node_id, kind_id, month, end_month, value, entries"
KEY = ("node_id", "kind_id", "month", "end_month")
SHOWN_DIFFERENCES = 20


@dataclass
class Difference:
    node: Grid | None
    kind: TallyKind | None
    month: datetime.date
    end_month: datetime.date
    stored: tuple[int, int] | None  # value, entries
    expected: tuple[int, int] | None


@dataclass
class Check:
    count: int
    shown: list[Difference]


def rebuild() -> int:
    """Writes the summary afresh from the entries; returns its number of rows. Writes of
    entries wait until it is done (on PostgreSQL; SQLite has one writer anyway)."""
    quote = connection.ops.quote_name
    summary, entries, grids = (
        quote(model._meta.db_table) for model in (TallySummary, TallyEntry, Grid)
    )
    month_of = MONTH_OF[connection.vendor]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {entries} IN SHARE MODE")
        cursor.execute(f"DELETE FROM {summary}")
        cursor.execute(
            f"INSERT INTO {summary} ({COLUMNS}) "
            f"SELECT grid_id, kind_id, {month_of.format(column='period_start')}, "
            f"{month_of.format(column='period_end')}, SUM(value), COUNT(*) FROM {entries} "
            f"GROUP BY grid_id, kind_id, {month_of.format(column='period_start')}, "
            f"{month_of.format(column='period_end')}"
        )
        cursor.execute(f"SELECT MAX(depth) FROM {grids}")
        deepest = cursor.fetchone()[0] or 0
        for depth in range(deepest, 1, -1):
            cursor.execute(
                f"INSERT INTO {summary} ({COLUMNS}) "
                f"SELECT parent.id, s.kind_id, s.month, s.end_month, SUM(s.value), SUM(s.entries) "
                f"FROM {summary} s JOIN {grids} child ON child.id = s.node_id "
                f"JOIN {grids} parent ON parent.path = substr(child.path, 1, %s) "
                f"WHERE child.depth = %s "
                f"GROUP BY parent.id, s.kind_id, s.month, s.end_month "
                f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE "
                f"SET value = {summary}.value + excluded.value, "
                f"entries = {summary}.entries + excluded.entries",
                [(depth - 1) * Grid.steplen, depth],
            )
        cursor.execute(f"ANALYZE {summary}")
        cursor.execute(f"SELECT COUNT(*) FROM {summary}")
        return cursor.fetchone()[0]


def check() -> Check:
    """The rows the summary has wrong, missing or too many, by rebuilding it in a transaction
    that is rolled back."""
    summary = connection.ops.quote_name(TallySummary._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {STORED} AS SELECT {COLUMNS} FROM {summary}")
        rebuild()
        found: dict[tuple, dict] = {}
        for side, first, second in (("stored", STORED, summary), ("expected", summary, STORED)):
            cursor.execute(f"SELECT {COLUMNS} FROM {first} EXCEPT SELECT {COLUMNS} FROM {second}")
            for node_id, kind_id, month, end_month, value, count in cursor.fetchall():
                key = (node_id, kind_id, as_date(month), as_date(end_month))
                found.setdefault(key, {})[side] = (value, count)
        cursor.execute(f"DROP TABLE {STORED}")
        transaction.set_rollback(True)
    keys = sorted(found)[:SHOWN_DIFFERENCES]
    nodes = Grid.objects.in_bulk({key[0] for key in keys})
    kinds = TallyKind.objects.in_bulk({key[1] for key in keys})
    shown = [
        Difference(
            node=nodes.get(node_id),
            kind=kinds.get(kind_id),
            month=month,
            end_month=end_month,
            stored=found[key].get("stored"),
            expected=found[key].get("expected"),
        )
        for key in keys
        for node_id, kind_id, month, end_month in [key]
    ]
    return Check(count=len(found), shown=shown)


def as_date(value) -> datetime.date:
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value
