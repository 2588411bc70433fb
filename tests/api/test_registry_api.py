import pytest
from django.core.cache import cache
from django.test import override_settings

from governance.factories import (
    AmenityFactory,
    ServicePointFactory,
    VolunteerTeamFactory,
    make_grid,
)


@pytest.mark.django_db
def test_a_front_end_renders_brand_page_guide_and_contact_cards_from_the_api_alone(client, world):
    # 1. Find the community's brand page and its fields.
    pages = client.get("/api/pages/", {"type": "content.CommunityPage", "search": "测试"}).json()
    summary = next(
        item for item in pages["items"] if item["title"] == world["site"]["communities"][0].title
    )
    brand = client.get(summary["meta"]["detail_url"].split("testserver")[-1]).json()
    assert brand["brand_name"] == "有事好商量" and brand["slogan"] == "邻里协商"
    assert "议事会" in str(brand["story"]) and brand["brand_colour"].startswith("#")
    code = brand["grid_code"]
    # 2. Its service guide page (child of the brand page) and the service circle.
    children = client.get(
        "/api/pages/", {"child_of": brand["id"], "type": "content.ServiceGuidePage"}
    ).json()
    guide = client.get(f"/api/pages/{children['items'][0]['id']}/").json()
    assert guide["community_grid_code"] == code
    points = client.get("/api/registry/service-points/", {"within": code}).json()
    assert points["items"][0]["name"] == "驿站甲" and points["items"][0]["walking_minutes"] == 5
    assert points["items"][0]["services"] == ["热饭"]
    # 3. The contact cards.
    cards = client.get(f"/api/registry/grids/{code}/contact-cards/").json()
    first = cards[0]
    assert first["hotline"] == "0371-60001234"
    assert [c["role"] for c in first["contacts"]] == ["网格长", "社区民警"]
    # 4. Its notices.
    notices = client.get("/api/pages/", {"type": "content.NoticePage", "search": "停水"}).json()
    assert notices["items"][0]["title"] == "停水通知"


@pytest.mark.django_db
def test_geojson_teams_rollups(client, world):
    district = world["tree"]["district"][0].code

    geo = client.get("/api/registry/service-points.geojson", {"within": district}).json()
    teams = client.get("/api/registry/teams/", {"within": district}).json()
    rollup = client.get("/api/registry/rollups/", {"grid": district, "period": "2026-Q3"}).json()

    assert geo["type"] == "FeatureCollection"
    assert geo["features"][0]["geometry"] == {"type": "Point", "coordinates": [113.62, 34.75]}
    assert teams["items"][0]["name"] == "巡逻队" and "leader" not in teams["items"][0]
    row = next(r for r in rollup["kinds"] if r["kind"] == "上报事件")
    assert row["total"] == 12 and [m["value"] for m in row["by_month"]] == [7, 5, 0]


@pytest.mark.django_db
def test_bad_input_gets_a_4xx_with_a_message(client, world):
    assert (
        client.get("/api/registry/rollups/", {"grid": "410103", "period": "十月"}).status_code
        == 404
    )
    bad_period = client.get(
        "/api/registry/rollups/", {"grid": world["tree"]["district"][0].code, "period": "十月"}
    )
    assert bad_period.status_code == 400 and "不是有效的统计期" in bad_period.content.decode()
    assert client.get("/api/registry/service-points/", {"ring": 7}).status_code == 400
    assert client.get("/api/registry/grids/", {"limit": 1000}).status_code == 400
    assert client.get("/api/registry/grids/", {"level": 9}).status_code == 422


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/registry/grids/?limit=100",
        "/api/registry/service-points/?limit=100",
        "/api/registry/teams/?limit=100",
        "/api/pages/?limit=100",
    ],
)
def test_lists_use_a_constant_number_of_queries(client, world, url, django_assert_max_num_queries):
    client.get(url)
    tree = world["tree"]
    for index in range(30):
        grid = make_grid(tree["community"][1], name=f"新增网格{index}")
        ServicePointFactory(grid=grid).amenities.set([AmenityFactory(name="饮水")])
        VolunteerTeamFactory(grid=grid)

    cache.clear()  # measure the work behind the answer, not the response cache

    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_conditional_requests_get_304(client, world):
    first = client.get("/api/registry/grids/")
    etag, modified = first["ETag"], first["Last-Modified"]

    again = client.get("/api/registry/grids/", HTTP_IF_NONE_MATCH=etag)
    since = client.get("/api/registry/grids/", HTTP_IF_MODIFIED_SINCE=modified)

    assert again.status_code == 304 and since.status_code == 304
    make_grid(world["tree"]["community"][1], name="又一个网格")
    assert client.get("/api/registry/grids/", HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.django_db
@override_settings(API_CORS_ALLOWED_ORIGINS=["https://screen.example.cn"])
def test_cors_only_for_known_origins(client, world):
    allowed = client.get("/api/registry/tally-kinds/", HTTP_ORIGIN="https://screen.example.cn")
    other = client.get("/api/registry/tally-kinds/", HTTP_ORIGIN="https://evil.example")
    preflight = client.options(
        "/api/registry/tally-kinds/", HTTP_ORIGIN="https://screen.example.cn"
    )

    assert allowed["Access-Control-Allow-Origin"] == "https://screen.example.cn"
    assert "Access-Control-Allow-Origin" not in other
    assert preflight.status_code == 204


@pytest.mark.django_db
def test_anonymous_writes_are_refused(client, world):
    home = world["site"]["home"]

    create = client.post(
        "/api/pages/",
        {
            "data": {
                "title": "匿名",
                "meta": {"type": "content.NoticeIndexPage", "parent_id": home.pk},
            }
        },
        content_type="application/json",
    )
    delete = client.delete(f"/api/pages/{home.pk}/actions/delete/")

    assert create.status_code == 401 and delete.status_code == 401


@pytest.mark.django_db
def test_openapi_documents_pages_and_registry_with_examples(client):
    spec = client.get("/api/openapi.json").json()
    docs = client.get("/api/docs/")

    assert (
        "/api/pages/" in spec["paths"]
        and "/api/registry/grids/{code}/contact-cards/" in spec["paths"]
    )
    assert spec["components"]["schemas"]["ContactOut"]["properties"]["phone"]["examples"]
    assert docs.status_code == 200 and "cdn." not in docs.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/images/?offset=76476678473841147904",
        "/api/registry/grids/?offset=76476678473841147904",
        "/api/pages/99999999999999999999/",
        "/api/registry/teams/?limit=-99999999999999999999",
    ],
)
def test_numbers_too_large_for_the_database_get_a_400_not_a_500(client, url):
    """Found by the schemathesis fuzz run: SQLite raised 'datatype mismatch'."""
    response = client.get(url)

    assert response.status_code == 400
    assert "数值过大" in response.json()["detail"]
