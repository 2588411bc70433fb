"""`python -m bench http`: the site under gunicorn with production settings (PostgreSQL + Redis,
the demo data) against a bare Django hello view under the same gunicorn, both measured over real
HTTP in the same round (wrk, or threads when wrk is missing).

Warm: public pages, an API answer and search, each after it has been cached, as req/s and
latency; the ratio to hello is taken per round and the median of the rounds is printed. Cold: the
same addresses, each GET right after one person of the page's community is saved (by a process
with the site's settings, so the save invalidates what it would in production); sequential
requests, median latency, with how many answers the cache marked a miss.

BENCH_HTTP_ROUNDS (3), BENCH_HTTP_SECONDS (5 per address and round), BENCH_HTTP_CONNECTIONS (4),
BENCH_HTTP_COLD_SAMPLES (15), BENCH_HTTP_LOADGEN=python forces the threaded generator,
BENCH_REDIS_URL (redis://127.0.0.1:6379/13, emptied at the start), BENCH_HTTP_WORKERS (2).
"""

import contextlib
import os
import statistics
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from bench import load, servers
from content.models import CommunityPage, NoticePage, ServiceGuidePage

NEEDS = "postgresql"
ROUNDS = int(os.environ.get("BENCH_HTTP_ROUNDS", "3"))
COLD_SAMPLES = int(os.environ.get("BENCH_HTTP_COLD_SAMPLES", "15"))
SEARCH_WORD = "社区"


@dataclass
class Target:
    label: str
    path: str
    # A save of one person under this grid code is what makes the address cold.
    cold_after_save_in: str


def page_path(page) -> str:
    return quote(page.specific.get_url_parts()[2])


def api_path(path: str, **query) -> str:
    return f"/api/registry/{path}?{urlencode(query)}"


def demo_targets() -> list[Target]:
    community_page = (
        CommunityPage.objects.live().filter(grid__name="华府社区").first()
        or CommunityPage.objects.live().first()
    )
    community = community_page.grid
    street = community.get_parent()
    guide = ServiceGuidePage.objects.live().descendant_of(community_page).first()
    notice = NoticePage.objects.live().order_by("pk").first()
    return [
        Target("home page", "/", community.code),
        Target(f"community page ({community.name})", page_path(community_page), community.code),
        Target("service guide", page_path(guide), community.code),
        Target(f"notice ({notice.title})", page_path(notice), community.code),
        Target(
            "API grids within a community",
            api_path("grids/", within=community.code),
            community.code,
        ),
        Target(
            "API service points within a street",
            api_path("service-points/", within=street.code),
            community.code,
        ),
        Target(
            f"search ?q={SEARCH_WORD}", f"/search/?{urlencode({'q': SEARCH_WORD})}", community.code
        ),
    ]


@contextlib.contextmanager
def site_and_hello():
    """The site and hello under gunicorn on this process's database, and a writer process:
    yields (site URL, hello URL, writer)."""
    environment = servers.site_environment(database_url(), settings.PERSONAL_DATA_KEY)
    servers.empty_redis()
    servers.collect_static(environment)
    hello_environment = {**environment, "DJANGO_SETTINGS_MODULE": "bench.hello.settings"}
    with (
        servers.gunicorn("civicgrid.wsgi", environment, ready_path="/favicon.ico") as site_url,
        servers.gunicorn("bench.hello.wsgi", hello_environment) as hello_url,
        servers.Writer(environment) as writer,
    ):
        yield site_url, hello_url, writer


def database_url() -> str:
    parameters = connection.settings_dict
    return (
        f"postgres://{parameters['USER']}@{parameters['HOST'] or '127.0.0.1'}:"
        f"{parameters['PORT'] or 5432}/{parameters['NAME']}"
    )


def measure_warm(site_url: str, hello_url: str, targets: list[Target]) -> None:
    """Each address primed, then driven ROUNDS times beside hello; the median of each round's
    figures and ratio."""
    cache_states = {}
    for target in targets:
        for _ in range(2):
            status, headers, _body = servers.get(site_url, target.path)
            if status != 200:
                raise RuntimeError(f"{target.path} answered {status}")
        cache_states[target.label] = headers.get("X-Page-Cache", "-")
    rounds: dict[str, list[tuple[load.Load, float]]] = {target.label: [] for target in targets}
    hellos: list[load.Load] = []
    for _ in range(ROUNDS):
        hello = load.drive(hello_url + "/")
        hellos.append(hello)
        for target in targets:
            ours = load.drive(site_url + target.path)
            rounds[target.label].append((ours, ours.per_second / hello.per_second))
    print(
        f"warm, {load.GENERATOR} with {load.CONNECTIONS} connections, {load.SECONDS:g} s each, "
        f"gunicorn {servers.WORKERS} workers, median of {ROUNDS} rounds"
    )
    print("| address | cache | req/s | p50 ms | p99 ms | ÷ hello |")
    print("|---|---|---|---|---|---|")
    print_row("bare Django hello", "-", hellos, [1.0] * len(hellos))
    for target in targets:
        runs = rounds[target.label]
        print_row(
            target.label,
            cache_states[target.label],
            [run for run, _ in runs],
            [ratio for _, ratio in runs],
        )


def print_row(label: str, cache: str, runs: list[load.Load], ratios: list[float]) -> None:
    print(
        f"| {label} | {cache} | {statistics.median(r.per_second for r in runs):,.0f} "
        f"| {statistics.median(r.p50_ms for r in runs):.1f} "
        f"| {statistics.median(r.p99_ms for r in runs):.1f} "
        f"| {statistics.median(ratios):.2f}× |",
        flush=True,
    )


def measure_cold(site_url: str, hello_url: str, writer, targets: list[Target]) -> None:
    """Sequential GETs, each right after a save; hello measured the same way for the ratio."""
    hello_ms, _states = load.one_at_a_time(hello_url + "/", samples=COLD_SAMPLES)
    print(f"cold: one GET right after each save, sequential, median of {COLD_SAMPLES}")
    print("| address | p50 ms | ÷ hello (by latency) | answers marked miss |")
    print("|---|---|---|---|")
    print(f"| bare Django hello | {hello_ms:.1f} | 1.00× | - |")
    for target in targets:
        cold_ms, states = load.one_at_a_time(
            site_url + target.path,
            samples=COLD_SAMPLES,
            before_each=lambda code=target.cold_after_save_in: writer.save_person_in(code),
        )
        misses = sum(state == "miss" for state in states)
        print(
            f"| {target.label} | {cold_ms:.1f} | {hello_ms / cold_ms:.2f}× "
            f"| {misses}/{len(states)} |",
            flush=True,
        )


def run():
    if reason := servers.missing_tools():
        print(f"skipped: {reason}")
        return
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))
    call_command("update_index", verbosity=0, stdout=open(os.devnull, "w"))
    targets = demo_targets()
    with site_and_hello() as (site_url, hello_url, writer):
        measure_warm(site_url, hello_url, targets)
        measure_cold(site_url, hello_url, writer, targets)
