"""The event page through HTTP: what it shows to whom, and each move's form."""

import pytest
from django.test import Client
from django.urls import reverse

from governance.events.factories import DepartmentFactory
from governance.events.models import EventMove, EventState, MoveAction, ReplyTemplate
from governance.events.services import workflow
from tests.governance.events.admin_helpers import ANALYST, COMMUNITY, STREET, WORKER, report
from tests.governance.permission_world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def event(world, clock):
    return report(
        world,
        title="消防通道堵塞",
        address="华府小区3号楼",
        reporter_name="王小明",
        reporter_phone="13912345678",
    )


def page(event):
    return reverse("events_event", args=[event.pk])


def post(client, event, action, data=None, **extra):
    data = {"version": event.version, **{f"{action}-{k}": v for k, v in (data or {}).items()}}
    return client.post(reverse("events_move", args=[event.pk, action]), data, **extra)


def test_page__shows_details_timeline_and_only_allowed_moves(world, client, event):
    client.force_login(world.users[WORKER])

    response = client.get(page(event))

    html = response.content.decode()
    assert response.status_code == 200
    assert "消防通道堵塞" in html and "华府小区3号楼" in html
    assert "已上报" in html or "上报" in html
    actions = [form.action for form in response.context["forms"]]
    assert set(actions) == set(workflow.available_moves(world.users[WORKER], event))
    assert MoveAction.ACCEPT in actions and MoveAction.RESOLVE not in actions
    assert f"/move/{MoveAction.RESOLVE}/" not in html


def test_page__reporter_contact_in_full_for_the_worker(world, client, event):
    client.force_login(world.users[WORKER])
    html = client.get(page(event)).content.decode()
    assert "13912345678" in html and "王小明" in html


def test_page__reporter_contact_masked_for_an_analyst(world, client, event):
    client.force_login(world.users[ANALYST])

    response = client.get(page(event))

    html = response.content.decode()
    assert response.status_code == 200
    assert "13912345678" not in html and "王小明" not in html
    assert event.masked_reporter_phone in html
    assert response.context["forms"] == []


def test_page__events_i_may_not_see_and_forged_ids_are_not_found(world, client, clock):
    elsewhere = report(world, "g1121", by=STREET)
    client.force_login(world.users[WORKER])

    assert client.get(page(elsewhere)).status_code == 404
    assert client.get("/admin/events/99999999/").status_code == 404
    assert client.get("/admin/events/abc/").status_code == 404
    assert client.get(f"/admin/events/{2**70}/").status_code == 404
    assert post(client, elsewhere, "accept").status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.state == EventState.PENDING


def test_move__unknown_action_is_not_found(world, client, event):
    client.force_login(world.users[WORKER])
    assert post(client, event, "explode").status_code == 404


def test_move__needs_post_and_csrf(world, client, event):
    client.force_login(world.users[WORKER])
    url = reverse("events_move", args=[event.pk, "accept"])
    assert client.get(url).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.users[WORKER])
    assert strict.post(url, {"version": event.version}).status_code == 403
    event.refresh_from_db()
    assert event.state == EventState.PENDING


def test_accept__happy_path(world, client, event):
    client.force_login(world.users[WORKER])

    response = post(client, event, "accept", {"note": "马上去"}, follow=True)

    event.refresh_from_db()
    assert event.state == EventState.ACCEPTED
    assert response.redirect_chain[-1][0] == page(event)
    assert "受理" in response.content.decode()


def test_accept__refused_when_already_accepted_409_and_nothing_changes(world, client, event):
    client.force_login(world.users[WORKER])
    stale_version = event.version
    workflow.event_accept(event, by=world.users[COMMUNITY])
    moves = EventMove.objects.count()

    response = client.post(
        reverse("events_move", args=[event.pk, "accept"]), {"version": stale_version}
    )

    assert response.status_code == 409
    assert (
        "重新加载" in response.content.decode()
        or "刷新" in response.content.decode()
        or (event.number in response.content.decode())
    )
    assert EventMove.objects.count() == moves


def test_move_refused_by_state_is_409_with_a_message(world, client, event):
    client.force_login(world.users[WORKER])
    # Resolving a pending event: the form is posted although the page did not offer it.
    response = post(client, event, "resolve", {"note": "已清理"})

    assert response.status_code == 409
    assert event.number in response.content.decode()
    event.refresh_from_db()
    assert event.state == EventState.PENDING


def test_move_outside_my_nodes_is_403(world, client, event):
    workflow.event_escalate(event, by=world.users[WORKER], reason="需社区协调")
    client.force_login(world.users[WORKER])

    response = post(client, event, "accept")

    assert response.status_code == 403
    event.refresh_from_db()
    assert event.state == EventState.PENDING and event.handling_grid == world.nodes["c111"]


def test_reject__needs_a_reason(world, client, event):
    client.force_login(world.users[WORKER])
    assert post(client, event, "reject", {"note": ""}).status_code == 400
    assert post(client, event, "reject", {"note": "不属实"}).status_code == 302
    event.refresh_from_db()
    assert event.state == EventState.REJECTED and event.rejection_reason == "不属实"


def test_assign__offers_only_those_who_may_handle(world, client, event):
    workflow.event_accept(event, by=world.users[WORKER])
    client.force_login(world.users[COMMUNITY])
    form = client.get(page(event)).context["forms"]
    assign = next(f for f in form if f.action == MoveAction.ASSIGN)
    choices = set(assign.fields["assignee"].queryset)
    assert world.users[WORKER] in choices and world.users[ANALYST] not in choices

    refused = post(client, event, "assign", {"assignee": world.users[ANALYST].pk})
    assert refused.status_code == 400
    assert post(client, event, "assign", {"assignee": world.users[WORKER].pk}).status_code == 302
    event.refresh_from_db()
    assert event.assignee == world.users[WORKER] and event.state == EventState.IN_PROGRESS


def test_escalate_send_down_and_return(world, client, event):
    client.force_login(world.users[WORKER])
    assert post(client, event, "escalate", {"note": ""}).status_code == 400
    assert post(client, event, "escalate", {"note": "需社区协调"}).status_code == 302
    event.refresh_from_db()
    assert event.handling_grid == world.nodes["c111"]

    client.force_login(world.users[COMMUNITY])
    assert post(client, event, "return", {"note": "网格可自行处置"}).status_code == 302
    event.refresh_from_db()
    assert event.handling_grid == world.nodes["g1111"]

    workflow.event_escalate(event, by=world.users[WORKER], reason="再次上报")
    event.refresh_from_db()
    bad = post(client, event, "send_down", {"target": world.nodes["g1112"].pk})
    assert bad.status_code == 400
    assert post(client, event, "send_down", {"target": world.nodes["g1111"].pk}).status_code == 302
    event.refresh_from_db()
    assert event.handling_grid == world.nodes["g1111"] and event.state == EventState.PENDING


def test_send_to_department(world, client, event):
    department = DepartmentFactory(district=world.nodes["d1"], name="城管局")
    other = DepartmentFactory(district=world.nodes["d2"], name="外区城管")
    for _step in range(2):
        workflow.event_escalate(event, by=world.users[STREET], reason="上报")
    event.refresh_from_db()
    client.force_login(world.users[STREET])

    assert (
        post(client, event, "to_department", {"department": other.pk, "note": "执法"}).status_code
        == 400
    )
    assert (
        post(
            client, event, "to_department", {"department": department.pk, "note": "执法"}
        ).status_code
        == 302
    )
    event.refresh_from_db()
    assert event.handling_department == department


def test_resolve_with_photos_reply_rate_reopen_close(world, client, event, jpeg_with_gps):
    worker = world.users[WORKER]
    workflow.event_accept(event, by=worker)
    client.force_login(worker)

    response = post(client, event, "resolve", {"note": "已清理通道", "photos": jpeg_with_gps()})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.state == EventState.RESOLVED
    resolution = event.moves.get(action=MoveAction.RESOLVE)
    assert resolution.attachments.count() == 1

    template = ReplyTemplate.objects.create(title="已办结", text="您反映的问题已处理，感谢监督。")
    assert post(client, event, "reply", {"template": template.pk, "note": ""}).status_code == 302
    assert event.moves.filter(action=MoveAction.REPLY, note=template.text).exists()
    assert post(client, event, "reply", {"note": ""}).status_code == 400

    event.refresh_from_db()
    assert post(client, event, "reopen", {"note": "居民反映仍堵塞"}).status_code == 302
    event.refresh_from_db()
    assert event.state == EventState.ACCEPTED
    workflow.event_resolve(event, by=worker, result="再次清理")
    event.refresh_from_db()
    assert post(client, event, "rate", {"rating": "5"}).status_code == 302
    event.refresh_from_db()
    assert event.state == EventState.CLOSED and event.rating == 5


def test_close(world, client, event):
    worker = world.users[WORKER]
    workflow.event_accept(event, by=worker)
    workflow.event_resolve(event, by=worker, result="已清理")
    event.refresh_from_db()
    client.force_login(worker)
    assert post(client, event, "close", {"note": ""}).status_code == 302
    event.refresh_from_db()
    assert event.state == EventState.CLOSED


def test_mark_duplicate_by_number_and_possible_duplicates_shown(world, client, event, clock):
    clock.advance(hours=2)
    same = {"category": event.category}
    twin = report(world, title="消防通道被堵", address="华府小区3号楼", **same)
    unrelated = report(world, title="路灯不亮", address="华府小区9号楼", **same)
    hidden = report(world, "g1121", by=STREET, title="消防通道堵塞", **same)
    clock.advance(days=30)
    too_late = report(world, title="消防通道堵塞", address="华府小区3号楼", **same)
    client.force_login(world.users[WORKER])

    shown = client.get(page(twin)).context["duplicates"]
    assert event in shown and unrelated not in shown and hidden not in shown
    assert too_late not in shown

    assert post(client, twin, "duplicate", {"original": hidden.number}).status_code == 400
    assert post(client, twin, "duplicate", {"original": event.number}).status_code == 302
    twin.refresh_from_db()
    assert twin.state == EventState.DUPLICATE and twin.duplicate_of == event
