import pytest

from content.factories import add_notice
from governance.factories import ServicePointFactory

GEOJSON = "/api/registry/service-points.geojson"


@pytest.mark.django_db
@pytest.mark.parametrize("url", [GEOJSON, "/api/registry/grids/", "/api/pages/?limit=20"])
def test_anonymous_reads_are_served_from_the_cache(client, world, url, django_assert_num_queries):
    first = client.get(url)

    with django_assert_num_queries(0):
        second = client.get(url)

    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["ETag"] == first["ETag"]


@pytest.mark.django_db
def test_a_registry_change_shows_at_once(client, world):
    client.get(GEOJSON)

    ServicePointFactory(
        grid=world["tree"]["grid"][1], name="新开的药店", latitude=34.7, longitude=113.6
    )

    names = [f["properties"]["name"] for f in client.get(GEOJSON).json()["features"]]
    assert "新开的药店" in names


@pytest.mark.django_db
def test_a_published_notice_shows_at_once(client, world):
    url = "/api/pages/?type=content.NoticePage&fields=title"
    client.get(url)

    add_notice(world["site"]["notice_lists"][0], "刚发布的通知")

    titles = [item["title"] for item in client.get(url).json()["items"]]
    assert "刚发布的通知" in titles


@pytest.mark.django_db
def test_calls_with_credentials_or_a_session_are_never_cached(client, world, admin_user):
    with_token = client.get("/api/registry/grids/", HTTP_AUTHORIZATION="Bearer x")
    client.force_login(admin_user)
    with_session = client.get("/api/registry/grids/")

    assert "X-Page-Cache" not in with_token
    assert "X-Page-Cache" not in with_session


@pytest.mark.django_db
def test_errors_are_not_cached(client, world):
    url = "/api/registry/service-points/?ring=7"

    first, second = client.get(url), client.get(url)

    assert first.status_code == second.status_code == 400
    assert "X-Page-Cache" not in second


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["order=random", "limit=3&ord%65r=random"])
def test_shuffled_lists_are_not_cached(client, world, query):
    url = f"/api/pages/?{query}"

    client.get(url)

    assert "X-Page-Cache" not in client.get(url)


@pytest.mark.django_db
def test_long_and_odd_addresses_make_short_cache_keys(client, world, recwarn):
    url = "/api/registry/grids/?search=" + "%E5%81%9C%0A" * 100

    first, second = client.get(url), client.get(url)

    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert not [w for w in recwarn if "Cache key" in str(w.message)]
