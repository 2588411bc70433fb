"""The response cache in front: one round trip for a warm answer, invalidation by subtree,
unknown query parameters ignored."""

import os
import uuid

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test.client import RequestFactory
from wagtail.models import PageViewRestriction

from civicgrid.response_cache import FrontCache
from content.factories import add_notice, build_site
from content.models import CommunityPage, NoticeCategory
from governance.events.factories import make_category, make_event
from governance.factories import PersonFactory, RoleFactory
from governance.models import Person
from governance.services.imports import registry_import
from governance.spreadsheets.reading import read_spreadsheet
from tests.governance.spreadsheets import xlsx_bytes


@pytest.fixture
def site(tree):
    return build_site(tree["district"][0])


@pytest.fixture
def role(db):
    return RoleFactory(name="楼栋长", contact_card_order=2)


def warm(client, urls):
    for url in urls:
        client.get(url)
    return {url: client.get(url)["X-Page-Cache"] for url in urls}


def cache_state(client, urls):
    return {url: client.get(url).get("X-Page-Cache") for url in urls}


def community_urls(site, index, tree):
    community = site["communities"][index]
    return [
        community.url,
        site["guides"][index].url,
        f"/api/registry/service-points/?within={community.grid.code}",
        f"/api/registry/grids/{community.grid.code}/contact-cards/",
    ]


@pytest.mark.django_db
def test_a_save_in_one_community_leaves_its_siblings_warm(client, site, tree, role):
    huafu, sibling, other_street = (community_urls(site, i, tree) for i in (0, 1, 2))
    other_street.append(site["streets"][1].url)
    ancestors = [site["streets"][0].url, site["district"].url, site["home"].url]
    everything = [*huafu, *sibling, *other_street, *ancestors]
    assert set(warm(client, everything).values()) == {"hit"}

    PersonFactory(grid=site["communities"][0].grid.get_children().first(), role=role)

    state = cache_state(client, everything)
    assert {url: state[url] for url in [*huafu, *ancestors]} == dict.fromkeys(
        [*huafu, *ancestors], "miss"
    )
    assert {url: state[url] for url in [*sibling, *other_street]} == dict.fromkeys(
        [*sibling, *other_street], "hit"
    )


@pytest.mark.django_db
def test_a_person_moved_between_communities_makes_both_cold(client, site, tree, role):
    person = PersonFactory(grid=site["communities"][0].grid, role=role)
    first, second = site["communities"][0].url, site["communities"][2].url
    warm(client, [first, second])

    person.grid = site["communities"][2].grid
    person.save()

    assert cache_state(client, [first, second]) == {first: "miss", second: "miss"}


@pytest.mark.django_db
def test_an_event_or_an_import_in_one_community_leaves_the_others_warm(client, site, tree, role):
    sibling = site["communities"][1].url
    target = site["communities"][0]
    category = make_category()
    warm(client, [sibling, target.url])

    make_event(grid=target.grid.get_children().first(), category=category)
    assert cache_state(client, [sibling, target.url]) == {sibling: "hit", target.url: "miss"}

    content = xlsx_bytes(["网格编码", "姓名", "角色"], [[target.grid.code, "导入的人", role.name]])
    report = registry_import(
        type_key="people", sheet=read_spreadsheet(content, "名单.xlsx"), user=None, dry_run=False
    )

    assert report.ok, report.lines()
    assert Person.objects.filter(name="导入的人").exists()
    assert cache_state(client, [sibling, target.url]) == {sibling: "hit", target.url: "miss"}


@pytest.mark.django_db
def test_a_warm_answer_costs_one_cache_round_trip_and_no_query(
    client, site, monkeypatch, django_assert_num_queries
):
    url = site["communities"][0].url
    client.get(url)
    calls = []
    outermost = []  # the local-memory cache's get_many calls get(): count what we call

    def counting(name, original):
        def call(*args, **kwargs):
            if not outermost:
                calls.append(name)
            outermost.append(name)
            try:
                return original(*args, **kwargs)
            finally:
                outermost.pop()

        return call

    for name in ("get", "get_many", "set", "add", "incr", "set_many"):
        monkeypatch.setattr(cache, name, counting(name, getattr(cache, name)))

    with django_assert_num_queries(0):
        response = client.get(url)

    assert response["X-Page-Cache"] == "hit"
    assert calls == ["get_many"]
    assert settings.MIDDLEWARE[0] == "civicgrid.response_cache.ResponseCacheMiddleware"


@pytest.mark.django_db
def test_unknown_query_parameters_share_one_entry_and_never_reach_the_view(client, site):
    notices = site["notice_lists"][0].url
    first = client.get(f"{notices}?x=1")
    second = client.get(f"{notices}?x=2&utm=%3Cscript%3E")
    paged = client.get(f"{notices}?page=2")

    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert paged["X-Page-Cache"] == "miss"
    api = "/api/registry/grids/"
    assert client.get(f"{api}?limit=5&zz=1")["X-Page-Cache"] == "miss"
    hit = client.get(f"{api}?zz=2&limit=5")
    assert hit["X-Page-Cache"] == "hit" and b"zz" not in hit.content


@pytest.mark.django_db
def test_an_api_operation_keys_only_the_parameters_it_reads(client, site):
    """`within` is a parameter of the map operations, not of the tally kinds' list: there it
    makes no new entry; the pages API keys its field filters, the registry does not."""
    kinds = "/api/registry/tally-kinds/"
    assert client.get(f"{kinds}?within=1")["X-Page-Cache"] == "miss"
    assert client.get(f"{kinds}?within=2")["X-Page-Cache"] == "hit"
    code = site["communities"][0].grid.code
    grid = f"/api/registry/grids/{code}/"
    assert client.get(f"{grid}?title=a")["X-Page-Cache"] == "miss"
    assert client.get(f"{grid}?title=b")["X-Page-Cache"] == "hit"
    assert client.get("/api/pages/?title=a")["X-Page-Cache"] == "miss"
    assert client.get("/api/pages/?title=b")["X-Page-Cache"] == "miss"
    points = "/api/registry/service-points.geojson?within="
    assert client.get(points + code)["X-Page-Cache"] == "miss"
    assert client.get(points + site["communities"][1].grid.code)["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_an_answer_built_while_something_was_written_is_not_kept(client, site, role, monkeypatch):
    """The page read the old data, the write landed before the page was stored: storing it
    under the new versions would keep the old data as fresh."""
    url = site["communities"][0].url
    grid = site["communities"][0].grid.get_children().first()
    render = CommunityPage.get_context

    def render_then_write(page, request, *args, **kwargs):
        context = render(page, request, *args, **kwargs)
        if not Person.objects.filter(name="写入中").exists():
            PersonFactory(grid=grid, role=role, name="写入中")
        return context

    monkeypatch.setattr(CommunityPage, "get_context", render_then_write)
    client.get(url)

    assert client.get(url).get("X-Page-Cache") == "miss"


@pytest.mark.django_db
def test_a_replayed_answer_keeps_conditional_get_and_cors(client, site, settings):
    settings.API_CORS_ALLOWED_ORIGINS = ["https://app.example.cn"]
    url = "/api/registry/grids/"
    first = client.get(url, HTTP_ORIGIN="https://app.example.cn")

    again = client.get(url, HTTP_ORIGIN="https://app.example.cn")
    stranger = client.get(url, HTTP_ORIGIN="https://evil.example")
    unchanged = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again["X-Page-Cache"] == "hit"
    assert again["Access-Control-Allow-Origin"] == "https://app.example.cn"
    assert "Access-Control-Allow-Origin" not in stranger
    assert unchanged.status_code == 304


REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


@pytest.fixture(params=["locmem", "redis"])
def any_cache(request, settings):
    settings.CACHES = {
        "default": {
            "locmem": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"front-{uuid.uuid4()}",
            },
            "redis": {
                "BACKEND": "civicgrid.cache_redis.FailSoftRedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": f"civicgrid-test-{uuid.uuid4()}",
            },
        }[request.param]
    }
    yield
    cache.clear() if request.param == "locmem" else None


def django_stand_in(environ, start_response):
    """What the front passes a request on to (Django itself would close the test's
    database connection when its request ends)."""
    start_response("200 OK", [("X-Answered-By", "django")])
    return [b"django"]


def through_the_front(url, **headers):
    environ = RequestFactory().get(url, **headers).environ
    environ.pop("HTTP_COOKIE", None)
    environ.update(headers)
    answer = {}

    def start_response(status, response_headers):
        answer.update(status=status, headers=dict(response_headers))

    body = b"".join(FrontCache(django_stand_in)(environ, start_response))
    return answer["status"], answer["headers"], body


@pytest.mark.django_db
def test_the_wsgi_front_replays_a_warm_answer_before_django(
    client, site, role, any_cache, django_assert_num_queries
):
    url = site["communities"][0].url
    stored = client.get(url)

    with django_assert_num_queries(0):
        status, headers, body = through_the_front(f"{url}?utm_source=x")

    assert status == "200 OK" and headers["X-Page-Cache"] == "hit"
    assert body == stored.content
    assert headers["Content-Security-Policy"] == stored["Content-Security-Policy"]

    PersonFactory(grid=site["communities"][0].grid, role=role)
    assert through_the_front(url)[2] == b"django"  # stale: Django builds it again


@pytest.mark.django_db
def test_the_wsgi_front_leaves_sessions_and_conditional_requests_to_django(client, site, any_cache):
    url = site["communities"][0].url
    etag = client.get(url)["ETag"]

    assert through_the_front(url, HTTP_COOKIE="sessionid=abc")[2] == b"django"
    assert through_the_front(url, HTTP_AUTHORIZATION="Bearer x")[2] == b"django"
    assert through_the_front(url, HTTP_IF_NONE_MATCH=etag)[2] == b"django"
    assert through_the_front(url)[2] != b"django"


@pytest.mark.django_db
def test_recent_answers_are_replayed_without_a_round_trip_until_a_write(
    client, site, role, monkeypatch
):
    url = site["communities"][0].url
    client.get(url)
    front = FrontCache(django_stand_in, recent_seconds=60)
    environ = RequestFactory().get(url).environ
    environ.pop("HTTP_COOKIE", None)

    def through(front):
        return b"".join(front(dict(environ), lambda status, headers: None))

    first = through(front)
    monkeypatch.setattr(
        "civicgrid.cache_reads.get_many", lambda keys: pytest.fail("asked the cache")
    )
    assert through(front) == first != b"django"

    monkeypatch.undo()
    PersonFactory(grid=site["communities"][0].grid, role=role)  # a write in this process

    assert through(front) == b"django"
    assert through(FrontCache(django_stand_in, recent_seconds=0)) == b"django"


@pytest.mark.django_db
def test_an_unreachable_cache_leaves_readers_to_django(site, settings):
    url = site["communities"][0].url
    settings.CACHES = {
        "default": {
            "BACKEND": "civicgrid.cache_redis.FailSoftRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }

    assert through_the_front(url)[2] == b"django"


@pytest.mark.django_db
def test_encoded_random_order_head_on_the_api_and_host_case(client, site):
    shuffled = "/api/pages/?order=%72andom&limit=3"
    client.get(shuffled)
    assert "X-Page-Cache" not in client.get(shuffled)

    api = "/api/registry/grids/"
    client.get(api)
    assert "X-Page-Cache" not in client.head(api)

    page = site["communities"][0].url
    client.get(page, HTTP_HOST="TestServer.")
    assert client.get(page)["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_the_pages_api_filters_are_known_under_the_api_only(client, site):
    page = site["communities"][0].url
    client.get(page)
    assert client.get(f"{page}?title=1&slug=2")["X-Page-Cache"] == "hit"

    client.get("/api/pages/?limit=2")
    assert client.get("/api/pages/?limit=2&title=x")["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_a_query_in_raw_utf8_reaches_the_view_as_sent(client, site):
    """WSGI hands a query's bytes over as Latin-1 text; `?search=社区` sent unencoded (curl, some
    app clients) must find what the same query finds for a reader with a session."""
    anonymous = client.get("/api/pages/?search=社区")
    client.cookies["sessionid"] = "x"
    with_session = client.get("/api/pages/?search=社区")

    assert anonymous.json()["count"] > 0
    assert anonymous.json() == with_session.json()


@pytest.mark.django_db
def test_a_redis_outage_is_logged_once_a_minute_not_once_a_request(client, site, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "civicgrid.cache_redis.FailSoftRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    page = site["communities"][0].url
    client.get(page)
    caplog.clear()

    answers = [client.get(page).status_code for _ in range(3)]

    assert answers == [200, 200, 200]
    assert not [r for r in caplog.records if r.levelname == "WARNING" and r.exc_info]


@pytest.mark.django_db
def test_a_page_made_private_leaves_the_cache_at_once(client, site):
    notice = add_notice(site["notice_lists"][0], "停水通知", "<p>周六停水。</p>")
    urls = [notice.url, f"/api/pages/{notice.pk}/"]
    assert set(warm(client, urls).values()) == {"hit"}

    restriction = PageViewRestriction.objects.create(
        page=notice, restriction_type=PageViewRestriction.LOGIN
    )

    assert client.get(urls[0]).status_code == 302  # to the sign-in page
    assert client.get(urls[1]).status_code == 404
    restriction.delete()
    assert client.get(urls[0]).status_code == 200


@pytest.mark.django_db
def test_a_deleted_notice_category_leaves_the_notice_lists(client, site):
    category = NoticeCategory.objects.create(name="临时分类", slug="tmp-cat")
    notice_list = site["notice_lists"][0].url
    client.get(notice_list)
    assert "临时分类" in client.get(notice_list).content.decode()

    category.delete()

    assert "临时分类" not in client.get(notice_list).content.decode()
