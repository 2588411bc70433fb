"""Search that stays fast as pages grow: the index the query uses (PostgreSQL), a plan that does
not depend on fresh statistics, the same results as Wagtail's own query, and cached results."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modelsearch.backends.database.postgres.postgres import PostgresSearchQueryCompiler
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from content.factories import add_notice, build_site, bulk_notices
from content.search import index_version

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
    """The SQL the search page runs to find the results (the one that reads the index)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/search/", {"q": query}).status_code == 200
    return [q["sql"] for q in queries if "@@" in q["sql"] and "LIMIT" in q["sql"]][0]


def merge_pending_entries():
    """New entries wait in the GIN index's pending list (read in full by every search, so the
    planner may prefer another index) until a vacuum merges them: merge them now."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list('content_search_vector_gin')")


def plan(sql, *, seqscan=True):
    with connection.cursor() as cursor:
        if not seqscan:
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        lines = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    return lines


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

    # The matching entries are found by the GIN index and their pages by primary key: no
    # loop reads every page for each match (Wagtail's join on a cast page id has to).
    assert "content_search_vector_gin" in lines, lines
    assert "wagtailcore_page_pkey" in lines, lines
    assert "Seq Scan on wagtailcore_page" not in lines, lines


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
