"""Wagtail's bulk-action pages (/admin/bulk/…?id=…) name only records the user may see."""

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from governance.events.models import OutboxMessage
from governance.models import AccessRole
from tests.governance.permission_world import build_world, person_on


def bulk_url(app_label, model_name, action, *objects):
    url = reverse("wagtail_bulk_action", args=[app_label, model_name, action])
    return url + "?" + "&".join(f"id={obj.pk}" for obj in objects)


@pytest.fixture
def world():
    return build_world()


@pytest.mark.django_db
def test_bulk_delete_of_people_outside_the_scope_names_none_of_them(client, world):
    outside = [
        person_on(world.nodes["g1112"], "邻格张三"),
        person_on(world.nodes["c112"], "邻社李四"),
    ]
    outside[1].phone = "13800005101"
    outside[1].save()
    client.force_login(world.users[AccessRole.GRID_WORKER])

    response = client.get(bulk_url("governance", "person", "delete", *outside))

    body = response.content.decode()
    assert response.status_code == 404
    for person in outside:
        assert person.name not in body
        assert person.phone not in body


@pytest.mark.django_db
def test_bulk_delete_with_ids_in_and_out_of_the_scope_lists_only_those_in_it(client, world):
    own = person_on(world.nodes["g1111"], "本格王五")
    outside = person_on(world.nodes["s12"], "远街赵六")
    client.force_login(world.users[AccessRole.COMMUNITY_EDITOR])

    response = client.get(bulk_url("governance", "person", "delete", own, outside))

    body = response.content.decode()
    assert response.status_code == 200
    assert own.name in body
    assert outside.name not in body


@pytest.mark.django_db
def test_bulk_delete_of_a_person_in_the_scope_still_deletes_it(client, world):
    own = person_on(world.nodes["g1111"], "本格王五")
    client.force_login(world.users[AccessRole.COMMUNITY_EDITOR])
    url = bulk_url("governance", "person", "delete", own)

    assert own.name in client.get(url).content.decode()
    response = client.post(url)

    assert response.status_code == 302
    assert not type(own).objects.filter(pk=own.pk).exists()


@pytest.mark.django_db
def test_bulk_delete_of_a_person_the_user_sees_but_may_not_delete_lists_it_as_refused(
    client, world
):
    own = person_on(world.nodes["g1111"], "本格王五")
    client.force_login(world.users[AccessRole.GRID_WORKER])

    response = client.get(bulk_url("governance", "person", "delete", own))

    assert response.status_code == 200
    assert own.name in response.content.decode()
    assert client.post(bulk_url("governance", "person", "delete", own)).status_code == 302
    assert type(own).objects.filter(pk=own.pk).exists()


@pytest.mark.django_db
def test_bulk_delete_of_outbox_messages_names_none_to_a_scoped_user(client, world):
    message = OutboxMessage.objects.create(
        channel="sms",
        recipient="13800005101",
        subject="Your report has been accepted",
        body="…",
        dedupe_key="bulk-test-1",
        created_at=timezone.now(),
    )
    client.force_login(world.users[AccessRole.DISTRICT_ADMIN])

    response = client.get(bulk_url("events", "outboxmessage", "delete", message))

    body = response.content.decode()
    assert response.status_code == 404
    assert "13800005101" not in body
    assert message.subject not in body


@pytest.mark.django_db
def test_bulk_page_actions_name_no_page_the_user_may_not_explore(client, world):
    root = Page.get_first_root_node()
    page = root.add_child(instance=Page(title="内部通知草稿甲", slug="bulk-scope-draft"))
    client.force_login(world.users[AccessRole.GRID_WORKER])

    for action in ("delete", "publish", "unpublish", "move"):
        response = client.get(bulk_url("wagtailcore", "page", action, page))
        assert response.status_code == 404, action
        assert page.title not in response.content.decode(), action


@pytest.mark.django_db
def test_a_superuser_still_sees_every_record(admin_client, world):
    outside = person_on(world.nodes["g1112"], "邻格张三")
    root = Page.get_first_root_node()
    page = root.add_child(instance=Page(title="内部通知草稿甲", slug="bulk-scope-draft"))

    response = admin_client.get(bulk_url("governance", "person", "delete", outside))
    assert response.status_code == 200
    assert outside.name in response.content.decode()
    response = admin_client.get(bulk_url("wagtailcore", "page", "delete", page))
    assert response.status_code == 200
    assert page.title in response.content.decode()


@pytest.mark.django_db
def test_a_forged_id_names_nothing(admin_client, world):
    url = reverse("wagtail_bulk_action", args=["governance", "person", "delete"])

    assert admin_client.get(url + "?id=abc").status_code == 404
    assert admin_client.get(url + "?id=1&id=99999999999999999999").status_code == 404
