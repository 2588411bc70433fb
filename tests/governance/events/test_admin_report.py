"""随手记 through HTTP: the grid from the user's scope or found from the building."""

import pytest
from django.urls import reverse

from governance.events.factories import make_category
from governance.events.models import Event, EventSource, EventState
from tests.governance.events.admin_helpers import ANALYST, STREET, WORKER
from tests.governance.permission_world import build_world

pytestmark = pytest.mark.django_db
URL = "/admin/events/report/"


@pytest.fixture
def world(db):
    world = build_world()
    world.nodes["g1111"].coverage = "33号楼\n35号楼"
    world.nodes["g1111"].save()
    world.nodes["g1112"].coverage = "36号楼"
    world.nodes["g1112"].save()
    return world


@pytest.fixture
def category(db):
    return make_category("市容环境")


def test_report__has_its_address():
    assert reverse("events_quick_report") == URL


def test_report__a_worker_reports_at_their_own_grid(world, client, clock, category, jpeg_with_gps):
    client.force_login(world.users[WORKER])
    form = client.get(URL).context["form"]
    assert form.fields["grid"].initial == world.nodes["g1111"].pk
    assert set(form.fields["grid"].queryset) == {world.nodes["g1111"]}

    response = client.post(
        URL,
        {
            "category": category.pk,
            "title": "楼道堆物",
            "priority": "normal",
            "grid": world.nodes["g1111"].pk,
            "photos": jpeg_with_gps(),
        },
    )

    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/admin/events/{event.pk}/"
    assert event.state == EventState.PENDING and event.source == EventSource.QUICK_NOTE
    assert event.attachments.count() == 1 and event.reported_by == world.users[WORKER]


def test_report__resolved_on_the_spot(world, client, clock, category):
    client.force_login(world.users[WORKER])

    client.post(
        URL,
        {
            "category": category.pk,
            "title": "井盖松动",
            "priority": "normal",
            "grid": world.nodes["g1111"].pk,
            "resolved": "on",
            "result": "已复位",
        },
    )

    event = Event.objects.get()
    assert event.state == EventState.RESOLVED and event.handled_on_the_spot
    assert event.resolution == "已复位"


def test_report__on_the_spot_needs_a_result(world, client, clock, category):
    client.force_login(world.users[WORKER])
    data = {"category": category.pk, "title": "井盖松动", "priority": "normal"}
    data |= {"grid": world.nodes["g1111"].pk, "resolved": "on", "result": ""}
    assert client.post(URL, data).status_code == 400
    assert not Event.objects.exists()


def test_report__grid_found_from_the_building_like_the_contact_card(world, client, clock, category):
    client.force_login(world.users[STREET])
    data = {"category": category.pk, "title": "楼道堆物", "priority": "normal"}

    client.post(URL, data | {"address": "36号楼"})
    assert Event.objects.get().grid == world.nodes["g1112"]

    response = client.post(URL, data | {"address": "99号楼"})
    assert response.status_code == 400
    assert "99号楼" in response.content.decode()
    response = client.post(URL, data | {"address": "号楼"})
    assert response.status_code == 400 and "华府1号网格" in response.content.decode()


def test_report__a_grid_outside_my_scope_is_refused(world, client, clock, category):
    client.force_login(world.users[WORKER])
    data = {"category": category.pk, "title": "楼道堆物", "priority": "normal"}
    response = client.post(URL, data | {"grid": world.nodes["g1121"].pk})
    assert response.status_code == 400
    response = client.post(URL, data | {"grid": "", "address": "36号楼"})
    assert response.status_code == 400
    assert not Event.objects.exists()


def test_report__a_residents_call_keeps_the_reporter_shown_only_to_who_may_see_it(
    world, client, clock, category
):
    """Found by an outside tester: nothing in the product could record a reporter."""
    client.force_login(world.users[WORKER])
    client.post(
        URL,
        {
            "category": category.pk,
            "title": "楼下噪音扰民",
            "priority": "normal",
            "grid": world.nodes["g1111"].pk,
            "source": "resident",
            "reporter_name": "王小明",
            "reporter_phone": "13812345678",
        },
    )
    event = Event.objects.get()
    assert (event.source, event.reporter_phone) == (EventSource.RESIDENT, "13812345678")

    page = client.get(f"/admin/events/{event.pk}/").content.decode()
    assert "王小明" in page and "13812345678" in page
    client.force_login(world.users[ANALYST])
    page = client.get(f"/admin/events/{event.pk}/").content.decode()
    assert "13812345678" not in page and "王小明" not in page and "138****5678" in page


def test_report__a_bad_phone_is_refused_in_chinese(world, client, clock, category):
    client.force_login(world.users[WORKER])
    response = client.post(
        URL,
        {
            "category": category.pk,
            "title": "噪音",
            "priority": "normal",
            "grid": world.nodes["g1111"].pk,
            "reporter_phone": "<script>",
        },
    )
    assert response.status_code == 400 and "电话号码只能包含" in response.content.decode()
    assert not Event.objects.exists()


def test_report__an_analyst_is_turned_away_not_given_a_form_with_nothing_to_choose(
    world, client, category
):
    """Found by an outside tester: the form opened with an empty grid list."""
    client.force_login(world.users[ANALYST])
    # Wagtail answers a refused admin page with a message on the dashboard.
    assert client.get(URL)["Location"] == "/admin/"
    response = client.post(URL, {"category": category.pk, "title": "x", "address": "33号楼"})
    assert response.status_code == 302 and not Event.objects.exists()
