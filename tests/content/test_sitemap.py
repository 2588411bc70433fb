"""/sitemap.xml: cached under the page-tree version, an index of parts above a fixed size."""

import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.sitemaps.views import sitemap as wagtails_sitemap

from content.factories import add_notice, build_site, bulk_notices


@pytest.fixture
def site(tree):
    return build_site(tree["district"][0])


def locations(content: bytes) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", content.decode())


def page_reads(queries) -> list[str]:
    return [q["sql"] for q in queries if 'FROM "wagtailcore_page"' in q["sql"]]


@pytest.mark.django_db
def test_sitemap__a_small_site_gets_the_urlset_wagtail_renders(client, site):
    ours = client.get("/sitemap.xml")

    wagtails = wagtails_sitemap(RequestFactory().get("/sitemap.xml"))
    wagtails.render()

    assert ours.status_code == 200 and ours["Content-Type"] == "application/xml"
    assert ours.content == wagtails.content
    assert "<urlset" in ours.content.decode()
    assert ours["X-Robots-Tag"] == wagtails["X-Robots-Tag"]


@pytest.mark.django_db
def test_sitemap__above_the_limit_is_an_index_of_parts_listing_every_page(client, site, settings):
    settings.SITEMAP_MAX_URLS = 10
    bulk_notices(site["notice_lists"][0].specific, [(f"通知{n}", "<p>正文</p>") for n in range(15)])
    everything = locations(wagtails_sitemap(RequestFactory().get("/sitemap.xml")).render().content)

    index = client.get("/sitemap.xml")

    assert "<sitemapindex" in index.content.decode()
    parts = locations(index.content)
    assert parts == [f"http://testserver/sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
    listed = []
    for part in parts:
        answer = client.get(part.removeprefix("http://testserver"))
        assert answer.status_code == 200 and "<urlset" in answer.content.decode()
        assert 0 < len(locations(answer.content)) <= 10
        listed += locations(answer.content)
    assert listed == everything and len(everything) > 20
    assert client.get(f"/sitemap-{len(parts) + 1}.xml").status_code == 404
    assert client.get("/sitemap-0.xml").status_code == 404


@pytest.mark.django_db
def test_sitemap__a_small_site_has_no_parts(client, site):
    assert client.get("/sitemap-1.xml").status_code == 404


@pytest.mark.django_db
def test_sitemap__the_second_request_reads_no_page(client, site, settings):
    settings.SITEMAP_MAX_URLS = 10
    first = client.get("/sitemap.xml")

    with CaptureQueriesContext(connection) as queries:
        second = client.get("/sitemap.xml")
        part = client.get("/sitemap-2.xml")
        missing = client.get("/sitemap-99.xml")

    assert page_reads(queries) == []
    assert second.content == first.content
    assert part.status_code == 200 and missing.status_code == 404


@pytest.mark.django_db
def test_sitemap__a_publish_shows_at_once(client, site):
    before = client.get("/sitemap.xml").content.decode()

    notice = add_notice(site["notice_lists"][0], "新发布的通知")

    after = client.get("/sitemap.xml").content.decode()
    assert notice.slug not in before and notice.slug in after
