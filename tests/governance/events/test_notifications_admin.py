"""The admin's notification list: the user's own alerts, an unread count in the menu, read marks."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.events.factories import make_event
from governance.events.models import Notification
from governance.events.services.deadlines import deadlines_run
from governance.models import AccessRole
from tests.governance.permission_world import build_world

pytestmark = pytest.mark.django_db

WORKER, COMMUNITY = AccessRole.GRID_WORKER, AccessRole.COMMUNITY_EDITOR


def menu_label(client) -> str:
    html = client.get("/admin/").content.decode()
    props = html.split('<script id="wagtail-sidebar-props" type="application/json">', 1)[1]
    menu = json.loads(props.split("</script>", 1)[0])["modules"][1]["_args"][0]
    return next(
        item["_args"][0]["label"]
        for item in menu
        if item["_args"][0]["name"] == "event-notifications"
    )


@pytest.fixture
def alerted(db, clock):
    world = build_world()
    event = make_event(grid=world.nodes["g1111"], by=world.users[WORKER], title="楼道堆物")
    clock.at = timezone.make_aware(datetime.datetime(2026, 11, 26, 8, 0))
    deadlines_run()
    return world, event


def test_notifications__listed_with_the_unread_count_in_the_menu(client, alerted):
    world, event = alerted
    client.force_login(world.users[WORKER])

    html = client.get(reverse("events_notifications")).content.decode()

    assert "已超期" in html and "楼道堆物" in html
    assert menu_label(client) == "通知（1 条未读）"


def test_notifications__opening_one_marks_it_read_and_goes_to_the_event_page(client, alerted):
    world, event = alerted
    client.force_login(world.users[WORKER])
    notification = Notification.objects.get()

    response = client.get(reverse("events_notification_open", args=[notification.pk]))

    assert response["Location"] == f"/admin/events/{event.pk}/"
    notification.refresh_from_db()
    assert notification.is_read
    assert menu_label(client) == "通知"


def test_notifications__read_all_and_nobody_opens_anothers(client, alerted):
    world, _event = alerted
    notification = Notification.objects.get()
    client.force_login(world.users[COMMUNITY])
    assert (
        client.get(reverse("events_notification_open", args=[notification.pk])).status_code == 404
    )
    assert "楼道堆物" not in client.get(reverse("events_notifications")).content.decode()

    client.force_login(world.users[WORKER])
    client.post(reverse("events_notifications_read_all"))

    assert Notification.objects.unread().count() == 0
