"""Roll-ups of a district over city-scale tally entries (PostgreSQL), read from the tally summary.

BENCH_ROLLUP_ENTRIES sets the number of entries (default 1,000,000; the city run used
10,000,000): 10 kinds × 20 months (2025-01 to 2026-08) on as many third-level and micro grids as
that needs, in a district of streets × 25 communities × 10 grids × 4 micro grids. The entries
are written by one INSERT … SELECT from generate_series (foreign-key triggers off), the summary
by the rebuild command's SQL.

A roll-up reads the district's own summary rows (twelve for a kind over a year), so its cost no
longer depends on the number of entries. It is measured against, in the same run:
- one raw SQL SUM over the same summary rows (what the ORM adds);
- one raw SQL SUM over 1,000,000 entries without a summary (the issue's baseline: a copy of
  the first million entries in a plain table with the entries' own index);
- the live aggregate the figures ran before the summary, over all the entries.
It also measures what the summary costs a write: one entry saved, 2,000 entries created in bulk
(an import's batch), each against the same write without the summary.
"""

import os
import time
from functools import partial
from math import ceil

from django.db import connection, models, transaction

from bench.data import bulk_tree
from bench.harness import median_seconds
from governance.models import Grid, GridLevel, TallyEntry, TallyKind, TallySummary
from governance.periods import Period
from governance.selectors import rollup_table, rollup_total
from governance.services.tally_summaries import rebuild

NEEDS = "postgresql"
ENTRIES = int(os.environ.get("BENCH_ROLLUP_ENTRIES", "1000000"))
BASELINE_ENTRIES = 1_000_000
KINDS, FIRST_MONTH, LAST_MONTH, MONTHS = 10, "2025-01-01", "2026-08-01", 20
LEAVES_PER_STREET = 25 * 10 * (1 + 4)
YEAR = Period.year(2025)


def run():
    district, kinds, leaves = load()
    kind = kinds[3]

    def raw(sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    ours_seconds, ours = median_seconds(lambda: rollup_total(district, kind, YEAR), repeat=15)
    summary_seconds, over_summary = median_seconds(
        lambda: raw(
            "SELECT SUM(value) FROM governance_tallysummary WHERE node_id = %s AND kind_id = %s "
            "AND month >= %s AND end_month <= %s",
            [district.pk, kind.pk, YEAR.start, YEAR.end.replace(day=1)],
        ),
        repeat=15,
    )
    free_seconds, free = median_seconds(
        lambda: raw(
            "SELECT SUM(value) FROM bench_summary_free WHERE kind_id = %s "
            "AND period_start >= %s AND period_end <= %s",
            [kind.pk, YEAR.start, YEAR.end],
        ),
        repeat=7,
    )
    live_seconds, live = median_seconds(
        lambda: (
            TallyEntry.objects.within(YEAR).in_subtree(district).filter(kind=kind).totals_by_kind()
        ),
        repeat=3,
    )
    assert ours == over_summary == live[kind.pk], (ours, over_summary, live)
    assert free, "the baseline sums rows"
    print(
        f"roll-up of one kind over 2025 for the district: ours {ms(ours_seconds)} · "
        f"raw SUM over the summary {ms(summary_seconds)} "
        f"(ours/raw = {ours_seconds / summary_seconds:.2f}×) · "
        f"raw SUM over {min(BASELINE_ENTRIES, leaves * KINDS * MONTHS):,} entries without a "
        f"summary {ms(free_seconds)} "
        f"(ours/raw = {ours_seconds / free_seconds:.3f}×) · "
        f"live aggregate over {leaves * KINDS * MONTHS:,} entries {ms(live_seconds)} "
        f"(total {ours:,})"
    )
    street = Grid.objects.subtree(district).filter(level=GridLevel.STREET).first()
    street_seconds, _ = median_seconds(lambda: rollup_total(street, kind, YEAR), repeat=15)
    table_seconds, _ = median_seconds(lambda: rollup_table(district, YEAR, kinds=kinds), repeat=7)
    print(
        f"roll-up for one street: {ms(street_seconds)} · "
        f"district table of {KINDS} kinds × 12 months: {ms(table_seconds)}"
    )
    measure_writes(kinds, district)


def load():
    started = time.perf_counter()
    streets = max(1, ceil(ENTRIES / (LEAVES_PER_STREET * KINDS * MONTHS)))
    district = bulk_tree(code="419901", streets=streets, communities=25, grids=10, micros=4)
    kinds = [TallyKind.objects.create(name=f"基准统计{i}", unit="次") for i in range(KINDS)]
    leaves = ENTRIES // (KINDS * MONTHS)
    tree_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        # The rows are consistent by construction: skip the per-row foreign-key triggers,
        # which would double the load (the bench runs as the database's superuser).
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            "INSERT INTO governance_tallyentry "
            "(kind_id, grid_id, period_start, period_end, value, note, created_at, updated_at) "
            "SELECT k.id, g.id, m::date, (m + interval '1 month - 1 day')::date, "
            "(g.id * 7 + k.id + extract(month FROM m)::int) %% 23, '', now(), now() "
            "FROM unnest(%s::int[]) k(id) "
            "CROSS JOIN (SELECT id FROM governance_grid WHERE path LIKE %s AND level >= %s "
            "            ORDER BY path LIMIT %s) g "
            "CROSS JOIN generate_series(%s::date, %s::date, interval '1 month') m "
            "ORDER BY k.id, g.id, m",
            [
                [kind.pk for kind in kinds],
                district.path + "%",
                GridLevel.GRID,
                leaves,
                FIRST_MONTH,
                LAST_MONTH,
            ],
        )
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("ANALYZE governance_tallyentry")
        cursor.execute("ANALYZE governance_grid")
        entries_seconds = time.perf_counter() - started - tree_seconds
        rebuild_started = time.perf_counter()
        rows = rebuild()
        rebuild_seconds = time.perf_counter() - rebuild_started
        # Every kind and month of the first leaves, as the district had before the summary.
        cursor.execute(
            "CREATE TABLE bench_summary_free AS SELECT kind_id, grid_id, period_start, "
            "period_end, value FROM governance_tallyentry WHERE grid_id IN ("
            "  SELECT id FROM governance_grid WHERE path LIKE %s AND level >= %s "
            "  ORDER BY path LIMIT %s)",
            [district.path + "%", GridLevel.GRID, BASELINE_ENTRIES // (KINDS * MONTHS)],
        )
        cursor.execute(
            "CREATE INDEX bench_summary_free_kind ON bench_summary_free "
            "(kind_id, period_start, period_end)"
        )
        cursor.execute("ANALYZE bench_summary_free")
    nodes = Grid.objects.subtree(district).count()
    print(
        f"data: {nodes:,} grid nodes ({tree_seconds:.0f} s), {leaves * KINDS * MONTHS:,} tally "
        f"entries ({entries_seconds:.0f} s), summary of {rows:,} rows rebuilt in "
        f"{rebuild_seconds:.0f} s"
    )
    return district, kinds, leaves


def measure_writes(kinds, district):
    """A save and an import-sized bulk_create with the summary and without it (Django's own
    methods, which leave it alone), each rolled back after timing."""
    entry = TallyEntry.objects.filter(grid__path__startswith=district.path).first()

    def save(plain: bool):
        entry.value += 1
        if plain:
            models.Model.save(entry)
        else:
            entry.save()

    # A month no entry has yet, so no row conflicts.
    free_grids = list(
        Grid.objects.subtree(district)
        .filter(level__gte=GridLevel.GRID)
        .values_list("pk", flat=True)[:2000]
    )
    month = Period.month(2026, 12)

    def create(plain: bool):
        rows = [
            TallyEntry(
                kind=kinds[0], grid_id=pk, period_start=month.start, period_end=month.end, value=1
            )
            for pk in free_grids
        ]
        if plain:
            models.QuerySet.bulk_create(TallyEntry.objects.all(), rows, batch_size=2000)
        else:
            TallyEntry.objects.bulk_create(rows, batch_size=2000)

    results = {}
    for name, write in (("save", save), ("bulk_create", create)):
        for plain in (False, True):
            seconds, _ = median_seconds(partial(rolled_back, write, plain), repeat=9)
            results[(name, plain)] = seconds
    print(
        f"one entry saved: with the summary {ms(results[('save', False)])} · without "
        f"{ms(results[('save', True)])} · "
        f"{len(free_grids):,} entries in one bulk_create (an import batch): with the summary "
        f"{ms(results[('bulk_create', False)])} · without {ms(results[('bulk_create', True)])} "
        f"(ratio {results[('bulk_create', False)] / results[('bulk_create', True)]:.2f}×)"
    )
    assert TallySummary.objects.filter(month=month.start).count() == 0


def rolled_back(write, plain):
    with transaction.atomic():
        write(plain)
        transaction.set_rollback(True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"
