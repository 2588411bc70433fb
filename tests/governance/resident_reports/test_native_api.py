"""`/api/reports/{token}/`: a mini program shows the reporter the timeline, and rates or
reopens, with the token the report was given."""

import pytest
from django.test import Client

from governance.events.factories import make_category
from governance.events.models import Event, EventState, Rating
from governance.events.services import workflow
from tests.governance.events.admin_helpers import WORKER
from tests.governance.permission_world import build_world
from tests.governance.resident_reports.helpers import post_report

pytestmark = pytest.mark.django_db
API = "/api/reports/"


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def token(world, clock):
    response = post_report(Client(), world, make_category(), place="华府1号网格")
    return response["Location"].split("?")[0].rstrip("/").rsplit("/", 1)[-1]


def resolve(world):
    event = Event.objects.get()
    workflow.event_accept(event, by=world.users[WORKER])
    workflow.event_resolve(event, by=world.users[WORKER], result="杂物已清理")
    return event


def post_json(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_native__the_status_is_the_reporters_timeline_and_never_cached(world, token, client):
    before = client.get(f"{API}{token}/")
    resolve(world)
    after = client.get(f"{API}{token}/").json()

    assert before.status_code == 200 and "no-store" in before["Cache-Control"]
    assert before.json()["state"] == "pending" and before.json()["may_rate"] is False
    assert after["state"] == "resolved" and after["may_rate"] is True
    assert "杂物已清理" in [step["reply"] for step in after["steps"]]
    body = before.content.decode()
    assert "李四" not in body and "13800001234" not in body


def test_native__the_reporter_rates_once(world, token, client):
    early = post_json(client, f"{API}{token}/rating/", {"answer": "satisfied"})
    resolve(world)

    rated = post_json(client, f"{API}{token}/rating/", {"answer": "fairly", "comment": "还行"})
    again = post_json(client, f"{API}{token}/rating/", {"answer": "satisfied"})

    event = Event.objects.get()
    assert early.status_code == 409 and "不能执行“评价”" in early.json()["detail"]
    assert rated.status_code == 200 and rated.json()["rating"] == "基本满意"
    assert again.status_code == 409 and "评价" in again.json()["detail"]
    assert event.rating == Rating.SATISFIED and event.rating_note == "还行"


def test_native__the_reporter_reopens_with_a_reason(world, token, client):
    early = post_json(client, f"{API}{token}/reopen/", {"reason": "还没人来"})
    resolve(world)

    blank = post_json(client, f"{API}{token}/reopen/", {"reason": ""})
    reopened = post_json(client, f"{API}{token}/reopen/", {"reason": "杂物又堆回来了"})

    # Not yet resolved: refused for its state, not for a reopening window it never had.
    assert early.status_code == 409 and "待受理" in early.json()["detail"]
    assert "天" not in early.json()["detail"]
    assert blank.status_code in (400, 422)
    assert reopened.status_code == 200 and reopened.json()["state"] == EventState.ACCEPTED
    assert Event.objects.get().reopened_count == 1


def test_native__unknown_or_forged_tokens_and_answers_are_refused(world, token, client):
    resolve(world)

    assert client.get(f"{API}nope/").status_code == 404
    assert client.get(f"{API}{'x' * 500}/").status_code == 404
    assert post_json(client, f"{API}{token}/rating/", {"answer": "great"}).status_code in (400, 422)
    assert post_json(client, f"{API}nope/rating/", {"answer": "satisfied"}).status_code == 404
    assert Event.objects.get().rating is None
