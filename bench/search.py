"""`/search/` at 100 notices and at 10,000 (results cache emptied before every request, so each
one searches), and /sitemap.xml cold and warm at 10,000. On PostgreSQL: the statistics are those
of a freshly analysed database, then those taken at 100 notices (a bulk load with no ANALYZE
since). Notices are written in bulk and indexed by the search backend itself."""

import random
import statistics
import time
from urllib.parse import quote

from django.core.cache import cache
from django.db import connection
from django.test import Client

from content.factories import build_site, bulk_notices
from content.search.chinese import query_terms
from governance.factories import make_tree

NEEDS = "postgresql"
#: every notice mentions it: a query that matches all of them
COMMON_WORD = "居民"
#: each notice mentions two of these: a query matches about one notice in ten
TOPIC_WORDS = [
    "停水", "停电", "燃气", "消防", "垃圾", "分类", "疫苗", "体检", "义诊", "助餐",
    "养老", "托育", "就业", "培训", "招聘", "医保", "社保", "低保", "救助", "防汛",
]  # fmt: skip
PLACES = ["幸福里", "东方花园", "阳光小区", "翠竹苑", "锦绣家园", "和平巷", "桂花园", "滨河湾"]
REQUESTS = 60


def notice_texts(count: int, rng: random.Random):
    for _ in range(count):
        first, second = rng.sample(TOPIC_WORDS, 2)
        place = rng.choice(PLACES)
        yield (
            f"{place}{first}{second}通知",
            f"<p>各位{COMMON_WORD}：{place}近期将开展{first}相关工作，同时做好{second}服务，"
            f"请{COMMON_WORD}相互转告，配合网格员完成登记。</p>",
        )


def p50_ms(client: Client, url_for) -> float:
    samples = []
    for n in range(REQUESTS):
        cache.clear()  # every request searches (or builds the sitemap)
        started = time.perf_counter()
        response = client.get(url_for(n))
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200
        if response.context and "search_query" in response.context:  # the query arrived whole
            assert query_terms(response.context["search_query"]), url_for(n)
    return statistics.median(samples) * 1000


def search_url(query: str) -> str:
    # Percent-encoded, as a browser sends it: raw UTF-8 in a query string reaches the view
    # as Latin-1 mojibake, which holds no Chinese and searches nothing.
    return f"/search/?q={quote(query)}"


def search_p50s(client: Client) -> dict[str, float]:
    return {
        "topic word (1 in 10)": p50_ms(
            client, lambda n: search_url(TOPIC_WORDS[n % len(TOPIC_WORDS)])
        ),
        "two words (1 in 150)": p50_ms(
            client,
            lambda n: search_url(PLACES[n % len(PLACES)] + TOPIC_WORDS[n % len(TOPIC_WORDS)]),
        ),
        "common word (all)": p50_ms(client, lambda n: search_url(COMMON_WORD)),
    }


def analyze():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def keep_statistics_stale():
    """No autovacuum in this throwaway database: statistics move only when we say so."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("wagtailsearch_indexentry", "wagtailcore_page", "content_noticepage"):
                cursor.execute(f"ALTER TABLE {table} SET (autovacuum_enabled = false)")


def run():
    print(f"database: {connection.vendor}")
    rng = random.Random(18)
    site = build_site(make_tree(streets=2, communities=2, grids=1)["district"][0])
    notice_list = site["notice_lists"][0].specific
    keep_statistics_stale()
    bulk_notices(notice_list, notice_texts(100, rng))
    analyze()
    client = Client()
    small = search_p50s(client)

    started = time.perf_counter()
    bulk_notices(notice_list, notice_texts(9_900, rng))
    print(f"data: 9,900 more notices written and indexed in {time.perf_counter() - started:.0f} s")
    stale = search_p50s(client) if connection.vendor == "postgresql" else None
    analyze()
    large = search_p50s(client)
    for label, at_100 in small.items():
        line = (
            f"search p50, {label}: 100 notices {at_100:.1f} ms · 10,000 {large[label]:.1f} ms "
            f"· ratio {large[label] / at_100:.2f}×"
        )
        if stale:
            line += f" · 10,000 with statistics from 100: {stale[label]:.1f} ms"
        print(line)

    cold = p50_ms(client, lambda n: "/sitemap.xml")
    client.get("/sitemap.xml")
    samples = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        sitemap = client.get("/sitemap.xml")
        samples.append(time.perf_counter() - started)
    warm = statistics.median(samples) * 1000
    parts = sitemap.content.decode().count("<sitemap>")
    part = client.get("/sitemap-1.xml")
    print(
        f"sitemap at 10,000 notices: cold {cold:.0f} ms · warm {warm:.2f} ms · cold/warm "
        f"{cold / warm:.0f}× · index of {parts} parts ({len(sitemap.content):,} bytes), "
        f"first part {len(part.content):,} bytes"
    )
