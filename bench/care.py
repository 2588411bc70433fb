"""The care ledger at district scale (PostgreSQL): 本月待走访 for a street and 走访覆盖率 by
street for the district, each against one raw SQL query giving the same answer over the same
rows; 走访人次 by street for a year likewise. BENCH_CARE_RESIDENTS (default 200,000) residents,
a fifth of them in the ledger, and BENCH_CARE_VISITS (default 1,000,000) visits to them.

The rows are written with INSERT … SELECT, the ledger's clock (cycle, last visit, due day)
computed in the same statement as services/ledger.py would have it, so no signal runs.
"""

import datetime
import os
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from bench.data import bulk_tree
from bench.harness import median_seconds
from governance.care.models import CareGroup, CareMembership, Household, Resident, Visit
from governance.care.selectors import (
    coverage_by_child,
    due_page,
    last_day_of_month,
    visits_by_child,
)
from governance.models import AccessRole, Assignment, Grid, GridLevel
from governance.periods import Period
from governance.permissions import scope_for

NEEDS = "postgresql"
RESIDENTS = int(os.environ.get("BENCH_CARE_RESIDENTS", "200000"))
VISITS = int(os.environ.get("BENCH_CARE_VISITS", "1000000"))
PER_PAGE = 50
# A resident k is in the ledger when k % 5 = 0; cycles by (k / 5) % 4; never visited when k % 7 = 0.
CYCLES = (7, 30, 30, 14)


def bulk_ledger(district: Grid, residents: int, visits: int, today: datetime.date) -> None:
    groups = {group.visit_cycle_days: group.pk for group in CareGroup.objects.all()}
    cycle = "(ARRAY[7, 30, 30, 14])[1 + mod(k / 5, 4)]"
    last = "CASE WHEN mod(k, 7) = 0 THEN NULL ELSE %(today)s::date - mod(k * 13, 60)::int END"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH leaves AS (
                SELECT id, row_number() OVER (ORDER BY path) - 1 AS i
                FROM governance_grid WHERE path LIKE %(prefix)s AND level = %(level)s
            )
            INSERT INTO {Household._meta.db_table}
                (grid_id, building, unit, room, notes, updated_at)
            SELECT leaf.id, (mod(k, 40) + 1) || '号楼', '1', k::text, '', now()
            FROM generate_series(0::bigint, %(n)s - 1) AS k
            JOIN leaves AS leaf ON leaf.i = mod(k, (SELECT count(*) FROM leaves))
            """,
            {"prefix": f"{district.path}%", "level": GridLevel.GRID, "n": residents},
        )
        cursor.execute(
            f"""
            INSERT INTO {Resident._meta.db_table}
                (household_id, grid_id, name, id_number_encrypted, id_number_digest,
                 birth_year, sex, phone, relation, notes, care_cycle_days,
                 last_visited_on, next_visit_due, updated_at)
            SELECT id, grid_id, '居民' || k, '', '', NULL, '', '', 'head', '',
                   CASE WHEN mod(k, 5) = 0 THEN {cycle} END,
                   CASE WHEN mod(k, 5) = 0 THEN {last} END,
                   CASE WHEN mod(k, 5) <> 0 THEN NULL
                        WHEN mod(k, 7) = 0 THEN %(today)s::date - mod(k, 200)::int
                        ELSE ({last}) + {cycle} END,
                   now()
            FROM (SELECT id, grid_id, room::bigint AS k FROM {Household._meta.db_table}) AS h
            """,
            {"today": today},
        )
        cursor.execute(
            f"""
            INSERT INTO {CareMembership._meta.db_table} (resident_id, group_id, start_date)
            SELECT id, CASE care_cycle_days WHEN 7 THEN %s WHEN 14 THEN %s ELSE %s END,
                   %s::date - 400
            FROM {Resident._meta.db_table} WHERE care_cycle_days IS NOT NULL
            """,
            [groups[7], groups[14], groups[30], today],
        )
        cursor.execute(
            f"""
            WITH ledger AS (
                SELECT id, grid_id, row_number() OVER (ORDER BY id) - 1 AS i
                FROM {Resident._meta.db_table} WHERE care_cycle_days IS NOT NULL
            )
            INSERT INTO {Visit._meta.db_table}
                (resident_id, grid_id, visited_at, method, findings, needs, created_at)
            SELECT r.id, r.grid_id,
                   timestamptz '2026-01-01 00:00+08'
                       + mod(k * 7919, 31536000) * interval '1 second',
                   CASE WHEN mod(k, 3) = 0 THEN 'phone' ELSE 'home' END, '走访', '', now()
            FROM generate_series(0::bigint, %s - 1) AS k
            JOIN ledger AS r ON r.i = mod(k, (SELECT count(*) FROM ledger))
            """,
            [visits],
        )
        for model in (Household, Resident, CareMembership, Visit, Grid):
            cursor.execute(f"ANALYZE {model._meta.db_table}")


RAW_DUE = f"""
    SELECT r.id, r.name, r.next_visit_due, r.last_visited_on, h.building, h.unit, h.room,
           g.name, g.code, g.path,
           (SELECT array_agg(cg.name ORDER BY cg.sort_order, cg.name)
              FROM {CareMembership._meta.db_table} m
              JOIN {CareGroup._meta.db_table} cg ON cg.id = m.group_id
             WHERE m.resident_id = r.id AND m.start_date <= %(today)s
               AND (m.end_date IS NULL OR m.end_date >= %(today)s)),
           count(*) OVER ()
    FROM {Resident._meta.db_table} r
    JOIN {Household._meta.db_table} h ON h.id = r.household_id
    JOIN governance_grid g ON g.id = r.grid_id
    WHERE r.care_cycle_days IS NOT NULL AND r.next_visit_due <= %(month_end)s
      AND g.path LIKE %(prefix)s
    ORDER BY r.next_visit_due, r.id
    LIMIT {PER_PAGE}
"""

RAW_COVERAGE = f"""
    SELECT substr(g.path, 1, %(length)s), count(*),
           count(*) FILTER (WHERE r.last_visited_on IS NOT NULL AND r.next_visit_due >= %(today)s)
    FROM {Resident._meta.db_table} r JOIN governance_grid g ON g.id = r.grid_id
    WHERE r.care_cycle_days IS NOT NULL AND g.path LIKE %(prefix)s
    GROUP BY 1
"""

RAW_VISITS = f"""
    SELECT substr(g.path, 1, %(length)s), count(*)
    FROM {Visit._meta.db_table} v JOIN governance_grid g ON g.id = v.grid_id
    WHERE g.path LIKE %(prefix)s AND v.visited_at >= %(start)s AND v.visited_at < %(end)s
    GROUP BY 1
"""


def raw(sql: str, params: dict):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def line(title: str, ours: float, baseline: float, note: str = "") -> None:
    print(
        f"{title}: ours {ours * 1000:.1f} ms · raw SQL {baseline * 1000:.1f} ms · "
        f"ours/raw = {ours / baseline:.2f}×{f' ({note})' if note else ''}"
    )


def run():
    today = timezone.localdate()
    started = time.perf_counter()
    district = bulk_tree(code="419903", streets=10, communities=10, grids=10, micros=0)
    bulk_ledger(district, RESIDENTS, VISITS, today)
    ledger = Resident.objects.in_ledger().count()
    print(
        f"data: {RESIDENTS:,} residents ({ledger:,} in the ledger), {VISITS:,} visits over "
        f"{Grid.objects.subtree(district).count():,} grid nodes "
        f"({time.perf_counter() - started:.0f} s to load)"
    )

    street = Grid.objects.subtree(district).filter(level=GridLevel.STREET).order_by("path")[0]
    user = get_user_model().objects.create_user("bench-care", is_staff=True)
    Assignment.objects.create(user=user, grid=street, role=AccessRole.STREET_EDITOR)
    scope = scope_for(user)

    ours_seconds, (page, rows) = median_seconds(
        lambda: due_page(scope, today=today, per_page=PER_PAGE), repeat=7
    )
    params = {"today": today, "month_end": last_day_of_month(today), "prefix": f"{street.path}%"}
    raw_seconds, raw_rows = median_seconds(raw(RAW_DUE, params), repeat=7)
    assert [row.pk for row in rows] == [row[0] for row in raw_rows]
    assert page.paginator.count == raw_rows[0][-1]
    assert [row.groups for row in rows] == [list(row[10] or []) for row in raw_rows]
    line(
        f"本月待走访, first page of {PER_PAGE} for a street (page with its total, groups)",
        ours_seconds,
        raw_seconds,
        f"{page.paginator.count:,} due",
    )

    ours_seconds, children = median_seconds(lambda: coverage_by_child(district, today), repeat=7)
    length = len(district.path) + Grid.steplen
    params = {"length": length, "today": today, "prefix": f"{district.path}%"}
    raw_seconds, raw_rows = median_seconds(raw(RAW_COVERAGE, params), repeat=7)
    by_path = {path: (n, covered) for path, n, covered in raw_rows}
    assert {g.path: (c.ledger, c.covered) for g, c in children if c.ledger} == by_path
    total = sum(c.ledger for _g, c in children)
    covered = sum(c.covered for _g, c in children)
    line(
        "走访覆盖率 by street for the district (children, one grouped query)",
        ours_seconds,
        raw_seconds,
        f"{covered:,} of {total:,} covered",
    )

    year = Period.year(2026)
    ours_seconds, counts = median_seconds(
        lambda: visits_by_child(district.path, length, year), repeat=5
    )
    start = timezone.make_aware(datetime.datetime(2026, 1, 1))
    params = {
        "length": length,
        "prefix": f"{district.path}%",
        "start": start,
        "end": start.replace(year=2027),
    }
    raw_seconds, raw_rows = median_seconds(raw(RAW_VISITS, params), repeat=5)
    assert counts == dict(raw_rows)
    line("走访人次 by street for 2026", ours_seconds, raw_seconds, f"{sum(counts.values()):,}")
