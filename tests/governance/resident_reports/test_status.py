"""The reporter follows a report: private link, lookup by number and phone, rating, reopening,
and the messages the outbox carries to them."""

import pytest

from governance.events.factories import make_category
from governance.events.models import Event, EventState, OutboxMessage, OutboxStatus, Rating
from governance.events.services import workflow
from governance.events.services.outbox import outbox_deliver
from tests.governance.events.admin_helpers import STREET, WORKER
from tests.governance.permission_world import build_world
from tests.governance.resident_reports.helpers import post_report

pytestmark = pytest.mark.django_db
LOOKUP = "/report/track/"


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def filed(world, client, clock):
    """A report at 华府1号网格 and its private link."""
    response = post_report(client, world, make_category(), place="华府1号网格")
    link = response["Location"].split("?")[0]
    return Event.objects.get(), link


def resolve(world, event, result="杂物已清理，通道已畅通"):
    worker = world.users[WORKER]
    workflow.event_accept(event, by=worker)
    workflow.event_resolve(event, by=worker, result=result)


def test_status__the_private_link_shows_the_number_and_the_state(world, client, filed):
    event, link = filed

    response = client.get(link + "?sent=1")

    page = response.content.decode()
    assert response.status_code == 200
    assert event.number in page and "已收到您的反映" in page and "待受理" in page
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "same-origin"
    assert "noindex" in response["X-Robots-Tag"]


def test_status__thanks_a_reader_without_cookies_too(client, filed):
    # The response cache drops query parameters no app named, for readers without cookies.
    _event, link = filed
    client.cookies.clear()

    response = client.get(link + "?sent=1")

    assert "已收到您的反映" in response.content.decode()


def test_status__a_wrong_link_is_not_found(client, filed):
    assert client.get("/report/t/not-a-token/").status_code == 404
    assert client.get("/report/t/" + "x" * 500 + "/").status_code == 404


def test_status__shows_replies_but_no_internal_notes_or_staff_names(world, client, filed):
    event, link = filed
    worker = world.users[WORKER]
    worker.first_name, worker.last_name = "网格员", "张三丰"
    worker.save()
    workflow.event_accept(event, by=worker)
    workflow.event_escalate(event, by=worker, reason="内部备注：业主难沟通")
    workflow.event_accept(event, by=world.users[STREET])
    workflow.event_reply(event, by=world.users[STREET], text="已联系物业，三日内清理")

    page = client.get(link).content.decode()

    assert "已联系物业，三日内清理" in page and "已转上级办理" in page
    assert "业主难沟通" not in page and "张三丰" not in page
    assert "13800001234" not in page and "李四" not in page


def test_status__the_resident_rates_a_resolved_report(world, client, filed):
    event, link = filed
    resolve(world, event)

    page = client.get(link).content.decode()
    assert "杂物已清理，通道已畅通" in page and "评价办理结果" in page

    response = client.post(link, {"form": "rate", "answer": "fairly", "comment": "还算及时"})

    event.refresh_from_db()
    assert response.status_code == 302
    assert event.state == EventState.CLOSED and event.rating == Rating.SATISFIED
    assert event.rating_note == "还算及时"
    after = client.get(link).content.decode()
    # The resident's own words, not the five-point scale's (基本满意 is stored as 4, 满意).
    assert "评价办理结果" not in after and "<dd>基本满意</dd>" in after


def test_status__rating_twice_is_refused_with_a_message(world, client, filed):
    event, link = filed
    resolve(world, event)
    client.post(link, {"form": "rate", "answer": "satisfied"})

    response = client.post(link, {"form": "rate", "answer": "dissatisfied"}, follow=True)

    event.refresh_from_db()
    assert event.rating == Rating.VERY_SATISFIED
    assert "已评价过" in response.content.decode()


def test_status__a_rating_before_resolution_is_refused(world, client, filed):
    event, link = filed

    response = client.post(link, {"form": "rate", "answer": "satisfied"}, follow=True)

    event.refresh_from_db()
    assert event.rating is None and event.state == EventState.PENDING
    assert response.status_code == 200


def test_status__reopening_sends_it_back_to_the_node_that_resolved_it(world, client, filed):
    event, link = filed
    resolve(world, event)

    client.post(link, {"form": "reopen", "reason": "杂物又堆回来了"})

    event.refresh_from_db()
    assert event.state == EventState.ACCEPTED and event.reopened_count == 1
    assert event.handling_grid == world.nodes["g1111"]


def test_status__reopening_after_the_window_is_refused(world, client, filed, clock, settings):
    event, link = filed
    resolve(world, event)
    clock.advance(days=settings.EVENT_REOPEN_DAYS + 1)

    page = client.get(link).content.decode()

    assert "申请重新办理" not in page
    client.post(link, {"form": "reopen", "reason": "又坏了"})
    event.refresh_from_db()
    assert event.state == EventState.RESOLVED


def test_lookup__number_and_last_four_digits_find_the_report(world, client, filed):
    event, _link = filed

    response = client.post(LOOKUP, {"number": event.number.lower(), "last_digits": "1234"})

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert event.number in page


def test_lookup__wrong_digits_find_nothing_and_the_page_needs_a_lookup(world, client, filed):
    event, _link = filed

    response = client.post(LOOKUP, {"number": event.number, "last_digits": "9999"})

    assert response.status_code == 404
    assert "没有找到" in response.content.decode()
    assert client.get(f"/report/track/{event.number}/")["Location"] == LOOKUP


def test_lookup__is_limited_per_address_and_per_number(world, client, filed, settings):
    event, _link = filed
    settings.RESIDENT_LOOKUP_PER_HOUR = 3
    for digits in ("0000", "0001", "0002"):
        client.post(LOOKUP, {"number": event.number, "last_digits": digits})

    right = client.post(LOOKUP, {"number": event.number, "last_digits": "1234"})
    other_address = client.post(
        LOOKUP, {"number": event.number, "last_digits": "1234"}, REMOTE_ADDR="10.9.9.9"
    )

    assert (
        right.status_code == 429
        and "稍后" in right.content.decode()
        or "一小时" in right.content.decode()
    )
    assert other_address.status_code == 429  # the number itself is locked too


def test_lookup__an_anonymous_report_is_only_found_by_its_link(world, client, clock):
    post_report(client, world, make_category(), anonymous="on")
    event = Event.objects.get()

    response = client.post(LOOKUP, {"number": event.number, "last_digits": "1234"})

    assert response.status_code == 404


def test_telling__the_reporter_hears_of_acceptance_resolution_and_reopening(
    world, client, filed, django_capture_on_commit_callbacks
):
    event, link = filed
    with django_capture_on_commit_callbacks(execute=True):
        resolve(world, event)
        client.post(link, {"form": "reopen", "reason": "没解决"})

    messages = list(OutboxMessage.objects.order_by("pk"))

    assert [m.recipient for m in messages] == ["13800001234"] * 3
    assert [m.channel for m in messages] == ["sms"] * 3
    assert "已受理" in messages[0].subject and event.number in messages[0].subject
    assert "评价" in messages[1].subject and "重新办理" in messages[2].subject
    assert "/report/track/" in messages[0].body


def test_telling__closing_without_a_rating_is_told_and_sms_is_recorded(
    world, client, filed, django_capture_on_commit_callbacks
):
    event, _link = filed
    with django_capture_on_commit_callbacks(execute=True):
        resolve(world, event)
        workflow.event_close(event)

    delivery = outbox_deliver(at=workflow.now())

    assert "未评价" in OutboxMessage.objects.order_by("pk").last().subject
    assert delivery.sent == 3
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.RECORDED}


def test_telling__anonymous_reporters_and_staff_reports_are_not_told(
    world, client, clock, django_capture_on_commit_callbacks
):
    post_report(client, world, make_category(), anonymous="on", place="华府1号网格")
    with django_capture_on_commit_callbacks(execute=True):
        resolve(world, Event.objects.get())
        staff_event = workflow.event_report(
            by=world.users[WORKER],
            grid=world.nodes["g1111"],
            category=make_category(),
            title="巡查发现",
            reporter_phone="13811112222",
        )
        resolve(world, staff_event)

    assert not OutboxMessage.objects.exists()
