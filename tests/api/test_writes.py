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
