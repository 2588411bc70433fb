"""Roll-up of one tally kind for a district of 10,000 nodes and 1,000,000 entries (PostgreSQL),
against one raw SQL SUM over the same rows."""

import time

from django.db import connection

from bench.data import bulk_tallies, bulk_tree
from bench.harness import median_seconds
from governance.models import Grid, GridLevel, TallyKind
from governance.periods import Period
from governance.selectors import rollup_table, rollup_total

NEEDS = "postgresql"


def run():
    started = time.perf_counter()
    district = bulk_tree(code="419901", streets=20, communities=10, grids=10, micros=4)
    kinds = [TallyKind.objects.create(name=f"基准统计{i}", unit="次") for i in range(10)]
    leaf_ids = list(
        Grid.objects.subtree(district)
        .filter(level__in=[GridLevel.GRID, GridLevel.MICRO])
        .values_list("pk", flat=True)
    )
    months = [Period.month(2026, m) for m in range(1, 11)]
    entries = bulk_tallies(leaf_ids, kinds, months)
    nodes = Grid.objects.subtree(district).count()
    load_seconds = time.perf_counter() - started
    print(f"data: {nodes:,} grid nodes, {entries:,} tally entries ({load_seconds:.0f} s to load)")

    kind, year = kinds[3], Period.year(2026)
    ours_seconds, ours = median_seconds(lambda: rollup_total(district, kind, year), repeat=7)

    def raw_sum():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT SUM(value) FROM governance_tallyentry "
                "WHERE kind_id = %s AND period_start >= %s AND period_end <= %s",
                [kind.pk, year.start, year.end],
            )
            return cursor.fetchone()[0]

    raw_seconds, raw = median_seconds(raw_sum, repeat=7)
    assert ours == raw, (ours, raw)
    print(
        f"roll-up of one kind for the district: ours {ours_seconds * 1000:.1f} ms · "
        f"raw SQL SUM {raw_seconds * 1000:.1f} ms · ours/raw = {ours_seconds / raw_seconds:.2f}× "
        f"(total {ours:,})"
    )
    street = Grid.objects.subtree(district).filter(level=GridLevel.STREET).first()
    street_seconds, _ = median_seconds(lambda: rollup_total(street, kind, year), repeat=7)
    table_seconds, _ = median_seconds(lambda: rollup_table(district, year, kinds=kinds), repeat=3)
    print(
        f"roll-up for one street (1/20 of the rows): {street_seconds * 1000:.1f} ms · "
        f"district table of 10 kinds × 12 months: {table_seconds * 1000:.0f} ms"
    )
