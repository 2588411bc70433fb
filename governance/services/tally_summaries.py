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
    start, end = (
        MONTH_OF[connection.vendor].format(column=c) for c in ("e.period_start", "e.period_end")
    )
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {entries} IN SHARE MODE")
            # The groups of a city's entries do not fit the default 4 MB: spare the disk.
            cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(f"DELETE FROM {summary}")
        cursor.execute(f"SELECT MAX(depth) FROM {grids}")
        deepest = cursor.fetchone()[0] or 0
        # Deepest level first: a node's rows are its own entries' and its children's, which
        # are complete by then. Every row is inserted once, never updated.
        for depth in range(deepest, 0, -1):
            cursor.execute(
                f"INSERT INTO {summary} ({COLUMNS}) "
                f"SELECT node_id, kind_id, month, end_month, SUM(value), SUM(entries) FROM ("
                f"  SELECT e.grid_id AS node_id, e.kind_id, {start} AS month, {end} AS end_month, "
                f"  e.value, 1 AS entries FROM {entries} e "
                f"  JOIN {grids} g ON g.id = e.grid_id WHERE g.depth = %s "
                f"  UNION ALL "
                f"  SELECT parent.id, s.kind_id, s.month, s.end_month, s.value, s.entries "
                f"  FROM {summary} s JOIN {grids} child ON child.id = s.node_id "
                f"  JOIN {grids} parent ON parent.path = substr(child.path, 1, %s) "
                f"  WHERE child.depth = %s"
                f") AS level GROUP BY node_id, kind_id, month, end_month "
                # In the key's order: the index grows at its end instead of all over.
                f"ORDER BY node_id, kind_id, month, end_month",
                [depth, depth * Grid.steplen, depth + 1],
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
