"""`make bench-city` (`python -m bench city`): a simulated city in a throwaway PostgreSQL database,
served by gunicorn with production settings and measured over HTTP like `python -m bench http`.

The city: one district of 20 streets × 15 communities × 15 grids × 10 micro grids (49,821 nodes),
1,000,000 people and about 10,000,000 tally entries (10 kinds × the last 20 months, every grid
and micro grid), all written with INSERT … SELECT in SQL; the district, street, community and
service-guide pages are made through Wagtail as the demo makes them. CITY_SCALE=0.01 builds a
small one for a smoke test: streets, people and entries scale, each street keeps its fan-out.

Reported: load times; warm and after-save figures for pages and API answers (bench/http.py);
the effect of one save on the cache (the saved community's page, a sibling's, the home page);
roll-ups in process against one raw SQL SUM; importing a 50,000-row people sheet.
"""

import math
import os
import statistics
import time

from django.core.management import call_command, get_commands
from django.db import connection
from django.utils import timezone
from wagtail.models import Page

from bench import imports, servers
from bench.data import bulk_tree
from bench.harness import median_seconds
from bench.http import Target, api_path, measure_cold, measure_warm, page_path, site_and_hello
from content.demo import seed_area_pages, seed_home
from content.models import CommunityPage, DistrictPage, StreetPage
from governance.models import Grid, GridLevel, Person, Role, TallyKind
from governance.periods import Period
from governance.selectors import rollup_table, rollup_total

NEEDS = "postgresql"
SCALE = float(os.environ.get("CITY_SCALE", "1"))
STREETS = max(1, round(20 * SCALE))
PEOPLE = round(1_000_000 * SCALE)
TALLY_ENTRIES = round(10_000_000 * SCALE)
KINDS = 10
RECENT_SECONDS = float(os.environ.get("RESPONSE_CACHE_RECENT_SECONDS", "1"))
SAVE_SAMPLES = int(os.environ.get("BENCH_CITY_SAVE_SAMPLES", "5"))
# The summary table another part of issue 18 adds; rebuilt after the bulk load when present.
SUMMARY_COMMAND = "rebuild_tally_summaries"

PEOPLE_SQL = """
    WITH leaves AS (
        SELECT id, row_number() OVER (ORDER BY path) - 1 AS i
        FROM governance_grid WHERE path LIKE %(prefix)s AND level = ANY(%(levels)s)
    )
    INSERT INTO governance_person
        (name, phone, phone_public, role_id, grid_id, unit, start_date, notes, updated_at)
    SELECT (ARRAY['王','李','张','刘','陈','杨','赵','黄'])[1 + mod(k, 8)] || '居民' || k,
           '139' || lpad(k::text, 8, '0'), mod(k, 10) = 0,
           (%(roles)s::bigint[])[1 + mod(k, %(role_count)s)], leaf.id, '', date '2025-01-01',
           '', now()
    FROM generate_series(0::bigint, %(count)s - 1) AS k
    JOIN leaves AS leaf ON leaf.i = mod(k, (SELECT count(*) FROM leaves))
"""

TALLY_SQL = """
    INSERT INTO governance_tallyentry
        (kind_id, grid_id, period_start, period_end, value, note, created_at, updated_at)
    SELECT kind.id, leaf.id, month.start, month.stop,
           mod(leaf.id * 7 + kind.id + extract(month FROM month.start)::int, 23), '', now(), now()
    FROM governance_grid AS leaf
    CROSS JOIN unnest(%(kinds)s::bigint[]) AS kind(id)
    CROSS JOIN unnest(%(starts)s::date[], %(stops)s::date[]) AS month(start, stop)
    WHERE leaf.path LIKE %(prefix)s AND leaf.level = ANY(%(levels)s)
"""


def timed(label: str, function):
    started = time.perf_counter()
    result = function()
    print(f"  {label}: {time.perf_counter() - started:.0f} s", flush=True)
    return result


def last_months(count: int) -> list[Period]:
    today = timezone.localdate()
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(Period.month(year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def build_people(district: Grid, roles: list[Role]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            PEOPLE_SQL,
            {
                "prefix": f"{district.path}%",
                "levels": [GridLevel.GRID, GridLevel.MICRO],
                "roles": [role.pk for role in roles],
                "role_count": len(roles),
                "count": PEOPLE,
            },
        )
        return cursor.rowcount


def build_tallies(district: Grid, kinds: list[TallyKind], leaves: int) -> int:
    months = last_months(math.ceil(TALLY_ENTRIES / (leaves * len(kinds))))
    with connection.cursor() as cursor:
        cursor.execute(
            TALLY_SQL,
            {
                "kinds": [kind.pk for kind in kinds],
                "starts": [month.start for month in months],
                "stops": [month.end for month in months],
                "prefix": f"{district.path}%",
                "levels": [GridLevel.GRID, GridLevel.MICRO],
            },
        )
        return cursor.rowcount


def build_pages(kinds: list[TallyKind]) -> int:
    home = seed_home()
    home.headline_kinds.set(kinds[:4])
    home.save_revision().publish()
    seed_area_pages(home)
    # Counted from the tree: names repeat from street to street, so seed_area_pages's dict
    # (keyed by name) holds fewer.
    return Page.objects.descendant_of(home).count()


def build_city() -> tuple[Grid, list[TallyKind]]:
    print(
        f"building the city (CITY_SCALE={SCALE:g}): {STREETS} streets × 15 communities × "
        f"15 grids × 10 micro grids, {PEOPLE:,} people, ~{TALLY_ENTRIES:,} tally entries",
        flush=True,
    )
    started = time.perf_counter()
    district = timed(
        "grid tree",
        lambda: bulk_tree(code="419903", streets=STREETS, communities=15, grids=15, micros=10),
    )
    roles = [Role.objects.create(name=name) for name in ("基准网格员", "基准楼栋长", "基准志愿者")]
    kinds = [TallyKind.objects.create(name=f"城市统计{i}", unit="次") for i in range(KINDS)]
    leaves = Grid.objects.subtree(district).filter(level__in=[GridLevel.GRID, GridLevel.MICRO])
    people = timed("people", lambda: build_people(district, roles))
    entries = timed("tally entries", lambda: build_tallies(district, kinds, leaves.count()))
    if SUMMARY_COMMAND in get_commands():
        timed(SUMMARY_COMMAND, lambda: call_command(SUMMARY_COMMAND, verbosity=0))
    else:
        print(f"  ({SUMMARY_COMMAND} is not in this checkout: no summaries to rebuild)")
    pages = timed("pages through Wagtail", lambda: build_pages(kinds))
    timed("ANALYZE", lambda: connection.cursor().execute("ANALYZE"))
    nodes = Grid.objects.subtree(district).count()
    print(
        f"city: {nodes:,} grid nodes, {people:,} people, {entries:,} tally entries, "
        f"{pages:,} pages under the home page; built in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    return district, kinds


def city_targets(district: Grid) -> tuple[list[Target], CommunityPage, CommunityPage]:
    community_page, sibling_page = CommunityPage.objects.live().order_by("path")[:2]
    community = community_page.grid
    year = str(timezone.localdate().year)
    code = community.code
    targets = [
        Target("home page", "/", code),
        Target("district page", page_path(DistrictPage.objects.get(grid=district)), code),
        Target("street page", page_path(StreetPage.objects.get(grid=community.get_parent())), code),
        Target("community page", page_path(community_page), code),
        Target("API grids within a community", api_path("grids/", within=code), code),
        Target(
            "API roll-up of the community, year", api_path("rollups/", grid=code, period=year), code
        ),
        Target(
            "API roll-up of the district, year",
            api_path("rollups/", grid=district.code, period=year),
            code,
        ),
    ]
    return targets, community_page, sibling_page


def effect_of_one_save(site_url: str, writer, community_page, sibling_page) -> None:
    """Warm three pages, save one person in the first community, then time each page once."""
    paths = {
        "the saved community's page": page_path(community_page),
        "a sibling community's page": page_path(sibling_page),
        "home page": "/",
    }
    warm, after, states = ({label: [] for label in paths} for _ in range(3))
    for _ in range(SAVE_SAMPLES):
        for label, path in paths.items():
            servers.get(site_url, path)
            warm[label].append(timed_get(site_url, path)[0])
        writer.save_person_in(community_page.grid.code)
        # A web process replays what it checked within the last RECENT_SECONDS from its own
        # memory: a save in another process shows after that (the tags are what is measured).
        time.sleep(RECENT_SECONDS + 0.1)
        for label, path in paths.items():
            milliseconds, state = timed_get(site_url, path)
            after[label].append(milliseconds)
            states[label].append(state)
    print(f"one save in {community_page.title}, median of {SAVE_SAMPLES}")
    print("| page | warm ms | right after the save ms | answers marked miss |")
    print("|---|---|---|---|")
    for label in paths:
        misses = sum(state == "miss" for state in states[label])
        print(
            f"| {label} | {statistics.median(warm[label]):.1f} "
            f"| {statistics.median(after[label]):.1f} | {misses}/{SAVE_SAMPLES} |"
        )


def timed_get(site_url: str, path: str) -> tuple[float, str]:
    started = time.perf_counter()
    status, headers, _body = servers.get(site_url, path)
    milliseconds = (time.perf_counter() - started) * 1000
    if status != 200:
        raise RuntimeError(f"{path} answered {status}")
    return milliseconds, headers.get("X-Page-Cache", "-")


def rollups_in_process(district: Grid, kinds: list[TallyKind]) -> None:
    year = Period.year(timezone.localdate().year)
    kind = kinds[3]
    street = Grid.objects.subtree(district).filter(level=GridLevel.STREET).first()
    community = Grid.objects.subtree(district).filter(level=GridLevel.COMMUNITY).first()

    def raw_sum():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT SUM(value) FROM governance_tallyentry "
                "WHERE kind_id = %s AND period_start >= %s AND period_end <= %s",
                [kind.pk, year.start, year.end],
            )
            return cursor.fetchone()[0]

    cases = {
        "raw SQL SUM of one kind, the year (baseline)": raw_sum,
        "roll-up of one kind, the district, the year": lambda: rollup_total(district, kind, year),
        "roll-up of one kind, a street": lambda: rollup_total(street, kind, year),
        "roll-up of one kind, a community": lambda: rollup_total(community, kind, year),
        "district table (10 kinds × 12 months)": lambda: rollup_table(district, year, kinds=kinds),
    }
    print("roll-ups in process (first call, then the median of 5)")
    print("| query | first ms | warm ms |")
    print("|---|---|---|")
    for label, function in cases.items():
        first, _result = median_seconds(function, repeat=1)
        warm, _result = median_seconds(function, repeat=5)
        print(f"| {label} | {first * 1000:.0f} | {warm * 1000:.0f} |", flush=True)


def import_people(district: Grid) -> None:
    rows = imports.SIZES[0]
    grids = list(Grid.objects.subtree(district).filter(level=GridLevel.MICRO)[:rows])
    role = Role.objects.create(name="基准导入角色")
    content = imports.build_file(rows, grids, role)
    started = time.perf_counter()
    created = imports.ours(content)
    seconds = time.perf_counter() - started
    print(
        f"import of a {rows:,}-row people sheet through registry_import into the city: "
        f"{seconds:.1f} s ({created:,} people created, {Person.objects.count():,} in all)"
    )


def run():
    if reason := servers.missing_tools():
        print(f"skipped: {reason}")
        return
    district, kinds = build_city()
    targets, community_page, sibling_page = city_targets(district)
    with site_and_hello() as (site_url, hello_url, writer):
        measure_warm(site_url, hello_url, targets)
        measure_cold(site_url, hello_url, writer, targets)
        effect_of_one_save(site_url, writer, community_page, sibling_page)
    rollups_in_process(district, kinds)
    import_people(district)
