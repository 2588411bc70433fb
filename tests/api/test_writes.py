"""Writes through Wagtail's pages API with a token: a field that cannot be written is refused
by name, and nothing is changed."""

import pytest
from wagtail.models import APIToken, Page

from content.models import CommunityPage


@pytest.fixture
def bearer(admin_user):
    return {"HTTP_AUTHORIZATION": f"Bearer {APIToken.create_token(user=admin_user, name='t')[1]}"}


def patch(client, page, body, bearer):
    return client.patch(f"/api/pages/{page.pk}/", body, content_type="application/json", **bearer)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body, field",
    [
        ({"brand_name": "改过的品牌", "title": "改过的标题"}, "brand_name"),
        ({"id": 1, "title": "改过的标题"}, "id"),
        ({"title": "改过的标题", "meta": {"slug": "gai-guo"}}, "meta.slug"),
        ({"titel": "改过的标题"}, "titel"),
    ],
)
def test_patch__refuses_a_field_that_cannot_be_written_by_name_and_changes_nothing(
    client, world, bearer, body, field
):
    page = world["site"]["communities"][0]
    revisions = page.revisions.count()

    response = patch(client, page, body, bearer)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    detail = response.json()["detail"]
    assert field in detail and "不可写入" in detail
    page.refresh_from_db()
    assert page.title != "改过的标题" and page.revisions.count() == revisions
    assert page.get_latest_revision_as_object().title == page.title


@pytest.mark.django_db
def test_patch__still_writes_the_writable_fields(client, world, bearer):
    page = world["site"]["communities"][0]

    response = patch(client, page, {"title": "新标题", "meta": {"action": "publish"}}, bearer)

    assert response.status_code == 200, response.content
    assert CommunityPage.objects.get(pk=page.pk).title == "新标题"


@pytest.mark.django_db
def test_create__refuses_a_field_that_cannot_be_written_and_creates_nothing(client, world, bearer):
    parent = world["site"]["communities"][0]
    before = Page.objects.count()

    response = client.post(
        "/api/pages/",
        {
            "title": "新通知栏目",
            "intro": "<p>简介</p>",
            "meta": {"type": "content.NoticeIndexPage", "parent_id": parent.pk},
        },
        content_type="application/json",
        **bearer,
    )

    assert response.status_code == 400 and "intro" in response.json()["detail"]
    assert Page.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["[]", '"标题"', "5"])
def test_a_write_body_that_is_not_a_json_object_gets_a_400_not_a_500(client, world, bearer, body):
    page = world["site"]["communities"][0]

    response = patch(client, page, body, bearer)

    assert response.status_code == 400
    assert response.json()["detail"] == "请求体必须是一个 JSON 对象。"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page_type, parent, fields",
    [
        ("content.NoticePage", "notice_lists", "body, category"),
        ("content.CommunityPage", "streets", "grid"),
    ],
)
def test_create__refuses_a_page_type_whose_required_fields_it_cannot_write(
    client, world, bearer, page_type, parent, fields
):
    """Found by fuzzing the writes: the database refused the row, a 500."""
    before = Page.objects.count()

    response = client.post(
        "/api/pages/",
        {"title": "新页面", "meta": {"type": page_type, "parent_id": world["site"][parent][0].pk}},
        content_type="application/json",
        **bearer,
    )

    assert response.status_code == 400
    assert response.json()["detail"] == (
        f"无法通过 API 创建 {page_type}：它需要的字段 {fields} 不能通过 API 写入。"
    )
    assert Page.objects.count() == before


@pytest.mark.django_db
def test_create__offers_only_the_page_types_it_can_create(client, world, bearer):
    spec = client.get("/api/openapi.json").json()
    offered = {
        member["$ref"].rsplit("/", 1)[1]
        for member in spec["paths"]["/api/pages/"]["post"]["requestBody"]["content"][
            "application/json"
        ]["schema"]["oneOf"]
    }
    parent = world["site"]["communities"][0]

    created = client.post(
        "/api/pages/",
        {
            "title": "办事指南栏目",
            "meta": {"type": "content.NoticeIndexPage", "parent_id": parent.pk},
        },
        content_type="application/json",
        **bearer,
    )

    assert "NoticeIndexPageCreateSchema" in offered and "NoticePageCreateSchema" not in offered
    assert created.status_code == 201


@pytest.mark.django_db
def test_the_document_says_write_bodies_take_no_other_fields(client):
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]

    for name in ["CommunityPagePatchSchema", "CommunityPagePatchMetaSchema", "SiteInputSchema"]:
        assert schemas[name]["additionalProperties"] is False, name
    assert "additionalProperties" not in schemas["ProblemDetail"]


@pytest.mark.django_db
@pytest.mark.parametrize("page_id", ["1.5e-3", "abc"])
def test_patch__a_page_id_that_is_not_a_number_gets_a_422_not_a_500(client, world, bearer, page_id):
    """Found by the write fuzz: Wagtail looked the raw id up before validating it."""
    response = client.patch(
        f"/api/pages/{page_id}/", {"title": "新标题"}, content_type="application/json", **bearer
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["path", "page_id"]


@pytest.mark.django_db
def test_patch__without_a_token_gets_401_whatever_the_page_id(client, world):
    response = client.patch("/api/pages/abc/", {"title": "新标题"}, content_type="application/json")

    assert response.status_code == 401
