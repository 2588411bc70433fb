"""我的待办 through HTTP: scope, the link contract's filters, search, query budget, bulk assign."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.events.factories import DepartmentFactory, make_category
from governance.events.models import Event, EventSource, EventState
from governance.events.services import workflow
from tests.governance.events.admin_helpers import ANALYST, COMMUNITY, STREET, WORKER, report
from tests.governance.permission_world import build_world

pytestmark = pytest.mark.django_db
INBOX = "/admin/events/inbox/"


@pytest.fixture
def world(db):
    return build_world()


def numbers(response):
    return {event.number for event in response.context["rows"]}


def test_inbox__has_its_stable_address():
    assert reverse("events_inbox") == INBOX


def test_inbox__shows_open_events_at_my_nodes_by_deadline(world, client, clock):
    mine = report(world, title="消防通道堵塞")
    clock.advance(hours=1)
    later = report(world, title="楼道堆物")
    elsewhere = report(world, "g1121", by=STREET, title="路灯不亮")
    done = report(world, title="已办好")
    workflow.event_accept(done, by=world.users[WORKER])
    workflow.event_resolve(done, by=world.users[WORKER], result="已清理")

    client.force_login(world.users[WORKER])
    response = client.get(INBOX)

    assert response.status_code == 200
    assert [e.number for e in response.context["rows"]] == [mine.number, later.number]
    assert elsewhere.number not in response.content.decode()
    assert "我的待办" in response.content.decode()


def test_inbox__marks_overdue_events(world, client, clock):
    event = report(world)
    clock.advance(days=10)

    client.force_login(world.users[WORKER])
    response = client.get(INBOX, {"overdue": "1"})

    assert numbers(response) == {event.number}
    assert "events-overdue" in response.content.decode()
    assert "已超期" in response.content.decode()


def test_inbox__filters_by_the_link_contract(world, client, clock):
    fire = make_category("消防安全")
    sub = fire.add_child(instance=type(fire)(name="消防通道", code="fire-exit"))
    a = report(world, category=sub, source=EventSource.HOTLINE, title="通道堵塞")
    b = report(world, "g1112", by=COMMUNITY, title="井盖缺失")
    workflow.event_accept(b, by=world.users[COMMUNITY])
    clock.advance(days=10)
    c = report(world, "g1121", by=STREET, title="占道经营")
    client.force_login(world.users[STREET])

    def get(**query):
        return numbers(client.get(INBOX, query))

    assert get() == {a.number, b.number, c.number}
    assert get(state="accepted") == {b.number}
    assert get(category=str(fire.pk)) == {a.number}
    assert get(source="hotline") == {a.number}
    assert get(level="4") == {a.number, b.number, c.number}
    assert get(level="3") == set()
    assert get(grid="410101001001002") == {b.number}
    assert get(grid="410101001001") == {a.number, b.number}
    assert get(period="2026-11") == {a.number, b.number}
    assert get(period="2026-Q4") == {a.number, b.number, c.number}
    assert get(period="2027") == set()
    assert get(overdue="1") == {a.number, b.number}


def test_inbox__bad_filters_say_so_and_show_nothing(world, client, clock):
    report(world)
    client.force_login(world.users[WORKER])

    response = client.get(INBOX, {"grid": "999"}, follow=True)
    assert numbers(response) == set()
    assert "999" in response.content.decode()
    assert client.get(INBOX, {"period": "2026-13"}).status_code == 200
    assert client.get(INBOX, {"category": "x", "level": "a", "p": "zz"}).status_code == 200


def test_inbox__searches_chinese_number_address_and_words(world, client, clock):
    a = report(world, title="消防通道堵塞", address="华府小区3号楼")
    b = report(world, title="楼道堆物", description="纸箱堆满楼梯")
    client.force_login(world.users[WORKER])

    assert numbers(client.get(INBOX, {"q": "3号楼"})) == {a.number}
    assert numbers(client.get(INBOX, {"q": "纸箱"})) == {b.number}
    assert numbers(client.get(INBOX, {"q": b.number})) == {b.number}
    assert numbers(client.get(INBOX, {"q": "楼道 纸箱"})) == {b.number}


def test_inbox__all_events_lists_what_i_may_see(world, client, clock):
    below = report(world, "g1111")
    workflow.event_escalate(below, by=world.users[WORKER], reason="需社区协调")
    closed = report(world, "g1111", title="已处置")
    workflow.event_reject(closed, by=world.users[WORKER], reason="不属实")
    client.force_login(world.users[WORKER])

    assert numbers(client.get(INBOX)) == set()
    assert numbers(client.get(INBOX, {"scope": "all"})) == {below.number, closed.number}


def test_inbox__an_analyst_handles_nothing_but_sees_all(world, client, clock):
    event = report(world)
    client.force_login(world.users[ANALYST])

    assert numbers(client.get(INBOX)) == set()
    assert numbers(client.get(INBOX, {"scope": "all"})) == {event.number}


def test_inbox__department_members_see_events_sent_to_them(world, client, clock):
    member = world.users[ANALYST]
    department = DepartmentFactory(district=world.nodes["d1"])
    department.members.add(member)
    event = report(world, "g1111", by=STREET)
    for _step in range(2):
        workflow.event_escalate(event, by=world.users[STREET], reason="需上级协调")
    workflow.event_send_to_department(
        event, by=world.users[STREET], department=department, reason="需城管执法"
    )
    client.force_login(member)

    assert numbers(client.get(INBOX)) == {event.number}


@pytest.mark.parametrize("scope", ["", "all"])
def test_inbox__query_count_does_not_grow_with_rows(world, client, clock, scope):
    category = make_category()
    client.force_login(world.users[STREET])
    client.get(INBOX)  # the first request of a session loads what later ones find cached

    department = DepartmentFactory(district=world.nodes["d1"])
    street = world.users[STREET]

    def count(events):
        # Some rows name an assignee, some a department: their names are read once per page.
        for index in range(events - Event.objects.count()):
            event = report(world, "g1111" if index % 2 else "g1112", by=STREET, category=category)
            if index % 3 == 1:
                workflow.event_accept(event, by=street)
                workflow.event_assign(event, by=street, assignee=street)
            elif index % 3 == 2:
                for _step in range(2):
                    workflow.event_escalate(event, by=street, reason="需上级协调")
                workflow.event_send_to_department(
                    event, by=street, department=department, reason="需城管执法"
                )
        with CaptureQueriesContext(connection) as queries:
            response = client.get(INBOX, {"scope": scope} if scope else {})
        at_department = Event.objects.filter(handling_department=department).count()
        shown = events if scope else events - at_department
        assert len(response.context["rows"]) == shown
        return len(queries)

    assert count(5) == count(50)


def test_bulk_assign__assigns_each_and_says_why_others_were_refused(world, client, clock):
    street = world.users[STREET]
    worker = world.users[WORKER]
    ok = report(world, "g1111", by=STREET)
    workflow.event_accept(ok, by=street)
    pending = report(world, "g1111", by=STREET, title="还没受理")
    other_grid = report(world, "g1121", by=STREET, title="邻居网格")
    workflow.event_accept(other_grid, by=street)
    client.force_login(street)

    response = client.post(
        reverse("events_bulk_assign"),
        {
            "assignee": worker.pk,
            "event": [ok.pk, pending.pk, other_grid.pk, "999999", "x"],
            "query": "state=accepted",
        },
        follow=True,
    )

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"{INBOX}?state=accepted"
    assert "1 件事件已指派" in page
    assert pending.number in page and other_grid.number in page
    for event in (ok, pending, other_grid):
        event.refresh_from_db()
    assert ok.assignee == worker and ok.state == EventState.IN_PROGRESS
    assert pending.assignee is None and other_grid.assignee is None


def test_bulk_assign__never_touches_events_outside_my_nodes(world, client, clock):
    event = report(world, "g1121", by=STREET)
    workflow.event_accept(event, by=world.users[STREET])
    client.force_login(world.users[WORKER])

    client.post(
        reverse("events_bulk_assign"), {"assignee": world.users[WORKER].pk, "event": [event.pk]}
    )

    event.refresh_from_db()
    assert event.assignee is None


def test_inbox__needs_a_sign_in(client):
    response = client.get(INBOX)
    assert response.status_code == 302


@pytest.mark.parametrize(
    "query", [{"state": "bogus"}, {"state": "PENDING"}, {"source": "x"}, {"level": "9"}]
)
def test_inbox__an_unknown_filter_value_is_named_not_silently_empty(world, client, clock, query):
    """Found by an outside tester: an unknown state listed nothing and said nothing."""
    report(world)
    client.force_login(world.users[WORKER])

    response = client.get(INBOX, query, follow=True)

    assert numbers(response) == set()
    assert "无法识别筛选条件" in response.content.decode()


def test_inbox__state_open_lists_every_open_state(world, client, clock):
    event = report(world)
    client.force_login(world.users[WORKER])
    workflow.event_accept(event, by=world.users[WORKER])

    response = client.get(INBOX, {"scope": "all", "state": "open"})

    assert numbers(response) == {event.number}
    assert "无法识别" not in response.content.decode()


def test_inbox__rows_name_the_department_and_the_assignee(world, client, clock):
    street = world.users[STREET]
    street.first_name, street.last_name = "街道", "老王"
    street.save()
    department = DepartmentFactory(district=world.nodes["d1"], name="区城管局")
    assigned = report(world, "g1111", by=STREET, title="指派给老王")
    workflow.event_accept(assigned, by=street)
    workflow.event_assign(assigned, by=street, assignee=street)
    sent = report(world, "g1111", by=STREET, title="交给部门")
    for _step in range(2):
        workflow.event_escalate(sent, by=street, reason="需上级协调")
    workflow.event_send_to_department(sent, by=street, department=department, reason="需执法")
    client.force_login(street)

    rows = {row.number: row for row in client.get(INBOX, {"scope": "all"}).context["rows"]}

    assert rows[assigned.number].assignee == "街道 老王"
    assert rows[sent.number].handled_at == "区城管局"
    assert rows[sent.number].assignee == ""
