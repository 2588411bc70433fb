"""Event figures for a district over 1,000,000 events (PostgreSQL), against one raw SQL
GROUP BY computing the same figures over the same rows. BENCH_EVENTS sets the number of events
(default 1,000,000)."""

import datetime
import os
import time

from django.db import connection
from django.utils import timezone

from bench.data import bulk_tree
from bench.harness import median_seconds
from governance.events.factories import make_category
from governance.events.models import DONE_STATES, SATISFIED_RATINGS, Event
from governance.events.selectors import event_figures, figures_by_child, top_categories
from governance.models import Grid, GridLevel
from governance.periods import Period

NEEDS = "postgresql"
EVENTS = int(os.environ.get("BENCH_EVENTS", "1000000"))
YEAR = Period.year(2026)

# One state per k % 20: mostly closed or resolved, some open, a few refused.
STATES = ["pending", "accepted", "in_progress", "rejected", "duplicate"] + ["resolved"] * 5
STATES += ["closed"] * 10

# The columns written from the series; every other column takes its model default.
COMPUTED = {
    "number": "'B' || k",
    "category_id": "({categories})[1 + mod(k, {category_count})]",
    "title": "'基准事件' || k",
    "grid_id": "leaf.id",
    "grid_path": "leaf.path",
    "handling_grid_id": "leaf.id",
    "handling_path": "leaf.path",
    "handling_level": "leaf.level",
    "state": "({states})[1 + mod(k, 20)]",
    "escalated": "mod(k, 5) = 0",
    "reported_at": "at",
    "accepted_at": "CASE WHEN mod(k, 20) IN (0, 3) THEN NULL ELSE at + interval '1 hour' END",
    "resolved_at": "CASE WHEN mod(k, 20) >= 5 THEN at + (mod(k, 72) + 2) * interval '1 hour' END",
    "closed_at": "CASE WHEN mod(k, 20) >= 10 THEN at + interval '5 days' END",
    "resolved_in_time": "CASE WHEN mod(k, 20) >= 5 THEN mod(k, 10) <> 0 END",
    "rating": "CASE WHEN mod(k, 20) >= 10 THEN 1 + mod(k, 5) END",
    "deadline": "at + interval '2 days'",
    "accepted_level": "CASE WHEN mod(k, 20) IN (0, 3) THEN NULL ELSE leaf.level END",
    "updated_at": "now()",
}


def bulk_events(district: Grid, count: int) -> int:
    """`count` events spread over the district's leaves and over 2026, in one INSERT … SELECT."""
    categories = [make_category(f"基准类别{i}", code=f"bench-{i}").pk for i in range(12)]
    columns, values, params = [], [], []
    for field in Event._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(field.column)
        if field.name in COMPUTED or field.attname in COMPUTED:
            values.append(COMPUTED.get(field.attname) or COMPUTED[field.name])
        else:
            values.append("%s")
            params.append(
                None if field.null else field.get_db_prep_save(field.get_default(), connection)
            )
    substitutions = {
        "categories": "ARRAY[" + ",".join(map(str, categories)) + "]::bigint[]",
        "category_count": len(categories),
        "states": "ARRAY[" + ",".join(f"'{state}'" for state in STATES) + "]",
    }
    select = ", ".join(values).format(**substitutions)
    sql = f"""
        WITH leaves AS (
            SELECT id, path, level, row_number() OVER (ORDER BY path) - 1 AS i
            FROM governance_grid WHERE path LIKE %s AND level IN (%s, %s)
        ), series AS (
            SELECT k, timestamptz '2026-01-01 00:00+08'
                + mod(k * 7919, 31536000) * interval '1 second' AS at
            FROM generate_series(0::bigint, %s - 1) AS k
        )
        INSERT INTO {Event._meta.db_table} ({", ".join(columns)})
        SELECT {select}
        FROM series JOIN leaves AS leaf ON leaf.i = mod(series.k, (SELECT count(*) FROM leaves))
    """
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [f"{district.path}%", GridLevel.GRID, GridLevel.MICRO, count, *params],
        )
        cursor.execute(f"ANALYZE {Event._meta.db_table}")
    return count


RAW_FIGURES = f"""
    SELECT state,
           COUNT(*),
           COUNT(*) FILTER (WHERE accepted_at IS NOT NULL OR state = ANY(%(done)s)),
           COUNT(*) FILTER (WHERE state = ANY(%(done)s) AND NOT escalated),
           COUNT(*) FILTER (WHERE state = ANY(%(done)s) AND escalated),
           COUNT(*) FILTER (WHERE state = ANY(%(done)s) AND resolved_in_time),
           COUNT(rating),
           COUNT(*) FILTER (WHERE rating = ANY(%(satisfied)s)),
           COUNT(*) FILTER (WHERE state = ANY(%(done)s) AND accepted_at IS NOT NULL),
           SUM(resolved_at - accepted_at)
               FILTER (WHERE state = ANY(%(done)s) AND accepted_at IS NOT NULL)
    FROM {Event._meta.db_table}
    WHERE grid_path LIKE %(prefix)s AND reported_at >= %(start)s AND reported_at < %(end)s
    GROUP BY state
"""


def run():
    started = time.perf_counter()
    district = bulk_tree(code="419902", streets=20, communities=10, grids=10, micros=4)
    events = bulk_events(district, EVENTS)
    load_seconds = time.perf_counter() - started
    print(
        f"data: {events:,} events over {Grid.objects.subtree(district).count():,} grid nodes "
        f"({load_seconds:.0f} s to load)"
    )

    ours_seconds, ours = median_seconds(lambda: event_figures(district, YEAR), repeat=7)

    def raw_group_by():
        start = timezone.make_aware(datetime.datetime(2026, 1, 1))
        with connection.cursor() as cursor:
            cursor.execute(
                RAW_FIGURES,
                {
                    "done": [str(state) for state in DONE_STATES],
                    "satisfied": [int(r) for r in SATISFIED_RATINGS],
                    "prefix": f"{district.path}%",
                    "start": start,
                    "end": start.replace(year=2027),
                },
            )
            return cursor.fetchall()

    raw_seconds, raw = median_seconds(raw_group_by, repeat=7)
    assert ours.reported == sum(row[1] for row in raw) == events, (ours.reported, events)
    assert ours.resolved == sum(row[3] + row[4] for row in raw)
    print(
        f"figures of the district for 2026: ours {ours_seconds * 1000:.0f} ms · raw SQL GROUP BY "
        f"{raw_seconds * 1000:.0f} ms · ours/raw = {ours_seconds / raw_seconds:.2f}× "
        f"(办结率 {ours.resolution_rate:.2%}, 及时率 {ours.timeliness_rate:.2%})"
    )
    children_seconds, _ = median_seconds(lambda: figures_by_child(district, YEAR), repeat=3)
    top_seconds, _ = median_seconds(lambda: top_categories([district.path], YEAR), repeat=3)
    street = Grid.objects.subtree(district).filter(level=GridLevel.STREET).first()
    street_seconds, _ = median_seconds(lambda: event_figures(street, YEAR), repeat=7)
    month_seconds, _ = median_seconds(
        lambda: event_figures(district, Period.month(2026, 10)), repeat=7
    )
    print(
        f"by street (20 children, one grouped query): {children_seconds * 1000:.0f} ms · "
        f"top categories: {top_seconds * 1000:.0f} ms · one street: {street_seconds * 1000:.0f} ms"
        f" · the district for one month: {month_seconds * 1000:.0f} ms"
    )
