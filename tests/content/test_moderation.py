"""Notices are moderated: community editors write and submit, their street's editors approve.
Neither the admin nor the API lets a community editor publish or delete a live notice."""

import json

import pytest
from django.urls import reverse
from wagtail.models import APIToken
from wagtail.test.utils.form_data import querydict_from_html

from content.factories import add_notice
from content.models import NoticePage


@pytest.fixture
def notice(site):
    return add_notice(site["notice_lists"][0], "停水通知", summary="周六停水")


@pytest.fixture
def draft(site):
    return add_notice(site["notice_lists"][0], "草稿通知", live=False)


def post_edit(client, page, action, **changes):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    # The attachments StreamField is drawn by JavaScript; the notices here have none.
    data["attachments-count"] = "0"
    data.update(changes)
    data[action] = "1"
    return client.post(url, data)


@pytest.mark.django_db
def test_community_editor__cannot_publish_from_the_admin(client, community_editor, draft):
    client.force_login(community_editor)

    post_edit(client, draft, "action-publish", title="想直接发布")

    draft.refresh_from_db()
    assert not draft.live
    assert draft.get_latest_revision().content["title"] == "想直接发布"


@pytest.mark.django_db
def test_community_editor__cannot_delete_a_live_notice_from_the_admin(
    client, community_editor, notice
):
    client.force_login(community_editor)

    client.post(reverse("wagtailadmin_pages:delete", args=[notice.pk]))

    assert NoticePage.objects.filter(pk=notice.pk, live=True).exists()


@pytest.mark.django_db
def test_community_editor__submits_a_notice_to_the_street_for_approval(
    client, community_editor, street_editor, draft
):
    client.force_login(community_editor)

    post_edit(client, draft, "action-submit", title="待审核的通知")

    draft.refresh_from_db()
    assert draft.workflow_in_progress and not draft.live
    task = draft.current_workflow_task.specific
    assert list(task.groups.values_list("user__username", flat=True)) == ["street_editor"]


@pytest.mark.django_db
def test_street_editor__approves_and_the_notice_goes_live(
    client, community_editor, street_editor, draft
):
    client.force_login(community_editor)
    post_edit(client, draft, "action-submit", title="审核后发布")
    task_state = draft.current_workflow_state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[draft.pk, "approve", task_state.pk])

    client.post(url, {"comment": ""})
    draft.refresh_from_db()
    assert not draft.live
    client.force_login(street_editor)
    client.post(url, {"comment": "同意发布"})

    draft.refresh_from_db()
    assert draft.live and draft.title == "审核后发布"


@pytest.mark.django_db
def test_community_editor__the_api_refuses_to_publish_or_delete_a_live_notice(
    client, community_editor, notice
):
    _token, key = APIToken.create_token(user=community_editor, name="测试")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    detail = f"/api/pages/{notice.pk}/"
    change = {"meta": {"type": "content.NoticePage", "action": "publish"}, "title": "篡改标题"}

    patched = client.patch(detail, json.dumps(change), content_type="application/json", **auth)
    published = client.post(f"/api/pages/{notice.pk}/actions/publish/", **auth)
    deleted = client.delete(detail, **auth)
    deleted_by_action = client.delete(f"/api/pages/{notice.pk}/actions/delete/", **auth)

    assert [patched.status_code, published.status_code] == [403, 403]
    assert [deleted.status_code, deleted_by_action.status_code] == [403, 403]
    notice.refresh_from_db()
    assert notice.live and notice.title == "停水通知"


@pytest.mark.django_db
def test_street_editor__publishes_through_the_api(client, street_editor, draft):
    _token, key = APIToken.create_token(user=street_editor, name="测试")

    response = client.post(
        f"/api/pages/{draft.pk}/actions/publish/", HTTP_AUTHORIZATION=f"Bearer {key}"
    )

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.live
