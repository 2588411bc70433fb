"""The visit form of the phone: recording a visit moves the resident's due date; one action
raises an event that carries the visit's context but not the resident's name."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.care.factories import add_to_group, make_household, make_resident
from governance.care.models import Resident, Visit
from governance.events.factories import make_category
from governance.events.models import Event, EventSource
from governance.models import AccessRole, RegistryLogEntry
from tests.governance.care.care_world import build_care_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_care_world()


@pytest.fixture
def worker_client(client, world):
    client.force_login(world.users[AccessRole.GRID_WORKER])
    return client


def visit_url(resident):
    return reverse("care_visit_new", args=[resident.pk])


def now_text():
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def test_form_offers_only_the_methods_the_groups_count(worker_client, world):
    resident = make_resident(make_household(world.nodes["g1111"]), name="孙特困")
    add_to_group(resident, "特困")  # home visits only
    page = worker_client.get(visit_url(resident)).content.decode()
    assert 'value="home"' in page and 'value="phone"' not in page
    answer = worker_client.post(
        visit_url(resident), {"visited_at": now_text(), "method": "phone", "findings": "电话"}
    )
    assert answer.status_code == 400
    assert not Visit.objects.exists()


def test_a_visit_moves_the_due_date(worker_client, world):
    resident = world.residents["g1111"]
    answer = worker_client.post(
        visit_url(resident),
        {"visited_at": now_text(), "method": "home", "findings": "身体尚好", "needs": ""},
    )
    assert answer.status_code == 302
    resident.refresh_from_db()
    assert resident.last_visited_on == timezone.localdate()
    assert resident.next_visit_due == timezone.localdate() + datetime.timedelta(days=7)
    visit = Visit.objects.get()
    assert visit.visited_by == world.users[AccessRole.GRID_WORKER]
    assert visit.grid == resident.grid


def test_raising_an_event_carries_the_visit(worker_client, world):
    resident = world.residents["g1111"]
    category = make_category("设施维修")
    answer = worker_client.post(
        visit_url(resident),
        {
            "visited_at": now_text(),
            "method": "home",
            "findings": "家中电路老化，插座发烫",
            "needs": "希望更换电线",
            "category": category.pk,
            "event_title": "独居老人家中电路老化",
        },
    )
    event = Event.objects.get()
    assert answer.status_code == 302 and answer.url == reverse("events_event", args=[event.pk])
    assert Visit.objects.get().event == event
    assert event.source == EventSource.VISIT and event.grid == resident.grid
    assert "插座发烫" in event.description and "希望更换电线" in event.description
    assert resident.household.address in event.address
    assert resident.name not in event.description and resident.masked_name in event.description


def test_an_event_needs_its_category_and_title(worker_client, world):
    answer = worker_client.post(
        visit_url(world.residents["g1111"]),
        {"visited_at": now_text(), "method": "home", "findings": "x", "event_title": "电线老化"},
    )
    assert answer.status_code == 400
    assert "请选择事件类别" in answer.content.decode()
    assert not Visit.objects.exists() and not Event.objects.exists()


def test_a_visit_in_the_future_is_refused(worker_client, world):
    later = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    answer = worker_client.post(
        visit_url(world.residents["g1111"]),
        {"visited_at": later, "method": "home", "findings": "x"},
    )
    assert answer.status_code == 400 and not Visit.objects.exists()


@pytest.mark.parametrize("forged", ["999999", "abc", "1e3", "-1", "99999999999999999999999"])
def test_forged_ids_are_not_found(worker_client, forged):
    assert worker_client.get(f"/admin/care/visits/new/{forged}/").status_code == 404


def test_someone_elses_resident_is_not_found(worker_client, world):
    assert worker_client.get(visit_url(world.residents["g1112"])).status_code == 404


def test_erasing_a_resident_keeps_counts_and_scrubs_the_audit_trail(
    client, world, django_capture_on_commit_callbacks
):
    editor = world.users[AccessRole.COMMUNITY_EDITOR]
    client.force_login(editor)
    resident = world.residents["g1111"]
    Visit.objects.create(
        resident=resident,
        grid=resident.grid,
        visited_at=timezone.now(),
        method="home",
        findings="说了家里的事",
    )
    client.post(
        reverse("wagtailsnippets_care_resident:edit", args=[resident.pk]),
        {
            "name": "新名字",
            "relation": "head",
            "household": resident.household_id,
            "id_number": resident.id_number,
            "phone": "",
            "notes": "",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        },
    )
    assert Resident.objects.get(pk=resident.pk).name == "新名字"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("wagtailsnippets_care_resident:delete", args=[resident.pk]))
    assert not Resident.objects.filter(pk=resident.pk).exists()
    visit = Visit.objects.get()
    assert visit.resident is None and visit.findings == ""
    logged = " ".join(f"{entry.label} {entry.data}" for entry in RegistryLogEntry.objects.all())
    assert "新名字" not in logged and "居民g1111" not in logged


def test_a_double_tap_records_the_visit_once(worker_client, world):
    resident = world.residents["g1111"]
    form = {"visited_at": now_text(), "method": "home", "findings": "身体尚好"}
    first = worker_client.post(visit_url(resident), form)
    second = worker_client.post(visit_url(resident), form)
    assert first.status_code == second.status_code == 302
    assert Visit.objects.filter(resident=resident).count() == 1


def test_a_filled_in_event_is_never_dropped(worker_client, world):
    category = make_category("设施维修")
    worker_client.post(
        visit_url(world.residents["g1111"]),
        {
            "visited_at": now_text(),
            "method": "home",
            "findings": "楼道灯坏了",
            "category": category.pk,
            "event_title": "楼道灯不亮",
        },
    )
    assert Event.objects.get().title == "楼道灯不亮"


def test_the_visit_listing_offers_no_add_form_without_a_resident(client, world):
    client.force_login(world.users[AccessRole.COMMUNITY_EDITOR])
    assert client.get(reverse("wagtailsnippets_care_visit:add")).status_code in (302, 403)
    listing = client.get(reverse("wagtailsnippets_care_visit:list")).content.decode()
    assert reverse("wagtailsnippets_care_visit:add") not in listing
