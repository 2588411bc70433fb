"""Search that stays fast as pages grow: the index the query uses (PostgreSQL), a plan that does
not depend on fresh statistics, the same results as Wagtail's own query, and cached results."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modelsearch.backends.database.postgres.postgres import PostgresSearchQueryCompiler
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from content.factories import add_notice, build_site, bulk_notices
from content.search import index_version, postgres, results

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the GIN index and the query plan are PostgreSQL's; SQLite searches its FTS5 table",
)
COMMON = "居民"


def texts(count, topic="停水"):
    return [
        (
            f"第{n}号{topic}通知",
            f"<p>各位{COMMON}：幸福里{n}号楼近期{topic}，请{COMMON}相互转告。</p>",
        )
        for n in range(count)
    ]


@pytest.fixture
def site(tree):
    return build_site(tree["district"][0])


def search_sql(client, query):
    """The SQL the search page runs to find the matches, and to rank the page of results."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/search/", {"q": query}).status_code == 200
    finding = [q["sql"] for q in queries if "@@" in q["sql"]][0]
    ranking = [q["sql"] for q in queries if "ts_rank" in q["sql"]][0]
    return finding, ranking


def merge_pending_entries():
    """New entries wait in the GIN index's pending list (read in full by every search, so the
    planner may prefer another index) until a vacuum merges them: merge them now."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list('content_search_vector_gin')")


def plan(sqls, *, seqscan=True):
    lines = []
    with connection.cursor() as cursor:
        if not seqscan:
            cursor.execute("SET LOCAL enable_seqscan = off")
        for sql in sqls:
            cursor.execute(f"EXPLAIN {sql}")
            lines.extend(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    return "\n".join(lines)


@on_postgresql
@pytest.mark.django_db
def test_search__the_query_can_use_the_gin_index(client, site):
    bulk_notices(site["notice_lists"][0].specific, texts(200) + texts(200, topic="停电"))
    merge_pending_entries()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE wagtailsearch_indexentry, wagtailcore_page")

    # A table this small is cheaper to read whole: forbid that, to see that the index fits
    # the expression the query spells. Had it not, the plan would still read the table.
    lines = plan(search_sql(client, "停水"), seqscan=False)

    assert "content_search_vector_gin" in lines, lines
    assert "Seq Scan on wagtailsearch_indexentry" not in lines, lines


@on_postgresql
@pytest.mark.django_db
def test_search__a_common_word_after_a_bulk_insert_without_analyze_uses_the_indexes(client, site):
    with connection.cursor() as cursor:
        # Statistics taken before the notices came: the planner believes no entry holds the word.
        cursor.execute("ANALYZE wagtailsearch_indexentry, wagtailcore_page")
    bulk_notices(site["notice_lists"][0].specific, texts(1500))
    merge_pending_entries()

    lines = plan(search_sql(client, COMMON))

    # The matching entries are found by the GIN index, at most 201 of them, and their pages
    # picked from that list of ids (the planner, believing the table small, may read it once):
    # no loop reads every page for each match (Wagtail's join on a cast page id has to).
    finding, ranking = lines.split("\nLimit", 1)
    assert "content_search_vector_gin" in finding, lines
    assert "id = ANY" in ranking, lines
    assert not ("Nested Loop" in ranking and "Seq Scan on wagtailcore_page" in ranking), lines


@on_postgresql
@pytest.mark.django_db
def test_search__finds_what_wagtails_own_query_finds_in_the_same_order(site):
    index = site["notice_lists"][0].specific
    bulk_notices(index, texts(30) + texts(20, topic="停电"))
    add_notice(index, "幸福里停水通知", "<p>幸福里停水，请储水。</p>")
    backend = get_search_backend()
    wagtails = type(backend)(backend.params if hasattr(backend, "params") else {})
    wagtails.config = backend.config
    wagtails.query_compiler_class = PostgresSearchQueryCompiler

    for query in ["停水", "幸福里停水", COMMON, "停电", "通知", "火箭", "幸福 停水"]:
        pages = Page.objects.live().public()
        ours = backend.search(query, pages)
        theirs = wagtails.search(query, pages)

        assert [p.pk for p in ours[:100]] == [p.pk for p in theirs[:100]], query
        assert ours.count() == theirs.count(), query


def index_reads(queries) -> list[str]:
    return [q["sql"] for q in queries if "indexentry" in q["sql"]]


@pytest.mark.django_db
def test_search__a_second_identical_search_reads_no_index(client, site):
    add_notice(site["notice_lists"][0], "停水通知", "<p>幸福里停水。</p>")
    first = client.get("/search/", {"q": " 停水 "})

    with CaptureQueriesContext(connection) as queries:
        second = client.get("/search/", {"q": "停水"})

    assert index_reads(queries) == []
    assert second.content == first.content
    assert "停水通知" in second.content.decode()


@pytest.mark.django_db
def test_search__a_publish_shows_in_the_next_search(client, site):
    client.get("/search/", {"q": "停水"})

    add_notice(site["notice_lists"][0], "新的停水通知", "<p>幸福里停水。</p>")

    assert "新的停水通知" in client.get("/search/", {"q": "停水"}).content.decode()


@pytest.mark.django_db
def test_search__indexing_after_the_publish_shows_in_the_next_search(
    client, site, django_capture_on_commit_callbacks
):
    """The worker indexes a page after its publish moved the page-tree version: a search
    cached in between must not keep missing it."""
    notice = add_notice(site["notice_lists"][0], "通知", "<p>正文。</p>")
    assert "找到 0 条" in client.get("/search/", {"q": "停水"}).content.decode()

    notice.body = "<p>幸福里停水。</p>"
    with django_capture_on_commit_callbacks(execute=True):
        get_search_backend().add(notice)  # as the worker does, with no page-tree change

    assert "找到 1 条" in client.get("/search/", {"q": "停水"}).content.decode()
    assert index_version.current() > 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["社区", "服务", "停水", "", " ", "停" * 500, "%_'\"\\", "100%", "a_b", "停'水\"", "<b>"],
)
def test_search__any_query_is_answered(client, site, query):
    add_notice(site["notice_lists"][0], "社区服务停水通知", "<p>社区服务：100% 停水。</p>")

    for page in ("", "2", "x", "-1", "99999"):
        assert client.get("/search/", {"q": query, "page": page}).status_code == 200


def shown_titles(client, query, page=1) -> list[str]:
    html = client.get("/search/", {"q": query, "page": page}).content.decode()
    return re.findall(r'<li><a href="[^"]*">([^<]*)</a>', html)


def status_line(client, query, page=1) -> str:
    html = client.get("/search/", {"q": query, "page": page}).content.decode()
    return re.search(r'<p role="status">(.*?)</p>', html).group(1)


@pytest.fixture
def cap_of_20(monkeypatch):
    """The results cap (200) made small enough to pass with a few notices."""
    monkeypatch.setattr(postgres, "RANKED_MATCHES", 20)
    monkeypatch.setattr(results, "MAX_RESULTS", 20)


@pytest.mark.django_db
def test_search__more_matches_than_the_cap_show_the_cap_and_say_so(client, site, cap_of_20):
    bulk_notices(site["notice_lists"][0].specific, texts(25))

    assert status_line(client, COMMON).startswith("找到 20+ 条")
    assert "只列出其中 20 条" in status_line(client, COMMON)
    first, second = shown_titles(client, COMMON, 1), shown_titles(client, COMMON, 2)
    assert len(first) == len(second) == 10
    assert not set(first) & set(second)  # one ordering, paged
    assert shown_titles(client, COMMON, 3) == second  # past the end: the last page
    assert "共 2 页" in client.get("/search/", {"q": COMMON}).content.decode()


@pytest.mark.django_db
def test_search__up_to_the_cap_the_count_is_exact(client, site, cap_of_20):
    bulk_notices(site["notice_lists"][0].specific, texts(20) + texts(5, topic="停电"))

    assert status_line(client, "停水").startswith("找到 20 条")
    assert "只列出" not in status_line(client, "停水")
    assert status_line(client, "停电").startswith("找到 5 条")


@on_postgresql
@pytest.mark.django_db
def test_search__above_the_cap_the_newest_matches_are_shown(client, site, cap_of_20):
    bulk_notices(site["notice_lists"][0].specific, texts(25))

    shown = shown_titles(client, COMMON, 1) + shown_titles(client, COMMON, 2)

    # texts() numbers its notices in the order they are written: 0–4 are the oldest five.
    assert sorted(shown) == sorted(f"第{n}号停水通知" for n in range(5, 25))


@pytest.mark.django_db
def test_search__the_word_in_title_and_text_comes_before_a_passing_mention(client, site):
    index = site["notice_lists"][0]
    add_notice(index, "幸福里停水通知", "<p>幸福里明日停水，停水期间请储水。</p>")
    for n in range(3):
        add_notice(index, f"第{n}期社区简报", f"<p>第{n}期：垃圾分类、助餐服务、停水提醒等。</p>")

    titles = shown_titles(client, "停水")

    assert titles[0] == "幸福里停水通知"
    # Equally relevant: the newest first.
    assert titles[1:] == ["第2期社区简报", "第1期社区简报", "第0期社区简报"]


@on_postgresql
@pytest.mark.django_db
def test_search__a_common_word_with_fresh_statistics_reads_only_the_newest_entries(client, site):
    bulk_notices(site["notice_lists"][0].specific, texts(1500))
    merge_pending_entries()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE wagtailsearch_indexentry, wagtailcore_page")

    lines = plan(search_sql(client, COMMON))

    # Every entry matches: walking back from the newest by primary key finds the 201 to rank at
    # once, rather than reading every match out of the GIN index and sorting them.
    assert "Index Scan Backward using wagtailsearch_indexentry_pkey" in lines, lines
    assert "content_search_vector_gin" not in lines, lines


@on_postgresql
@pytest.mark.django_db
def test_search__the_count_stops_at_the_cap(site, cap_of_20):
    bulk_notices(site["notice_lists"][0].specific, texts(25))

    with CaptureQueriesContext(connection) as queries:
        count = get_search_backend().search(COMMON, Page.objects.live()).count()

    assert count == 21  # one more than the cap: "more than shown"
    assert any("LIMIT 21" in query["sql"] for query in queries)


@on_postgresql
@pytest.mark.django_db
def test_search__indexing_a_page_leaves_the_other_entries_unwritten(site):
    index = site["notice_lists"][0]
    bulk_notices(index.specific, texts(30))

    def entry_versions():
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, xmin::text FROM wagtailsearch_indexentry ORDER BY id")
            return cursor.fetchall()

    before = entry_versions()
    add_notice(index, "幸福里停电通知", "<p>幸福里停电。</p>")

    assert entry_versions()[: len(before)] == before


@on_postgresql
@pytest.mark.django_db
def test_the_search_index_keeps_no_pending_list():
    """New entries go into the GIN index at once, so no search reads an unmerged backlog."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reloptions FROM pg_class WHERE relname = 'content_search_vector_gin'"
        )
        (options,) = cursor.fetchone()
    assert "fastupdate=off" in options
