"""GET /api/registry/event-stats/: public aggregates of the event records."""

import json

import pytest

from governance.events.factories import make_category, make_event
from governance.events.services import workflow
from governance.factories import make_grid
from tests.governance.events.figures_world import build_figures_world

URL = "/api/registry/event-stats/"


@pytest.fixture
def world(tree, clock, admin_user, django_user_model):
    return build_figures_world(tree, clock, admin_user, django_user_model)


def test_event_stats__figures_of_the_node_its_children_and_categories(client, world):
    street = world.tree["street"][0]

    answer = client.get(URL, {"grid": street.code, "period": "2026-11"})

    assert answer.status_code == 200
    data = answer.json()
    assert data["grid"] == {"code": street.code, "name": "测试1街道"}
    assert data["period"] == {"label": "2026年11月", "start": "2026-11-01", "end": "2026-11-30"}
    figures = data["figures"]
    assert (figures["reported"], figures["accepted"], figures["resolved"]) == (5, 3, 2)
    assert (figures["on_the_spot"], figures["along_the_loop"]) == (1, 1)
    assert figures["resolution_rate"] == 0.6667
    assert figures["timeliness_rate"] == 1.0
    assert figures["satisfaction_rate"] == 0.5
    assert figures["average_handling_hours"] == 4.0
    assert {row["state"]: row["count"] for row in figures["by_state"]}["rejected"] == 1
    assert next(r for r in figures["by_state"] if r["state"] == "closed")["label"] == "已关闭"
    assert [(c["grid"]["name"], c["figures"]["reported"]) for c in data["children"]] == [
        ("测试1-1社区", 3),
        ("测试1-2社区", 2),
    ]
    assert [(c["name"], c["count"]) for c in data["top_categories"]] == [
        ("市容环境", 3),
        ("消防安全", 2),
    ]


@pytest.mark.parametrize("period", ["2026-Q4", "2026"])
def test_event_stats__quarters_and_years(client, world, period):
    district = world.tree["district"][0]

    figures = client.get(URL, {"grid": district.code, "period": period}).json()["figures"]

    assert (figures["reported"], figures["resolved"]) == (7, 4)


def test_event_stats__never_names_a_reporter_an_event_or_a_worker(client, world):
    answer = client.get(URL, {"grid": world.tree["district"][0].code, "period": "2026"})

    text = json.dumps(answer.json(), ensure_ascii=False)
    for leak in ("13912345678", "楼道堆物", world.events["e1"].number, "figures_worker", "boss"):
        assert leak not in text


@pytest.mark.django_db
def test_event_stats__bad_code_or_period_gets_a_chinese_4xx(client, tree):
    district = tree["district"][0].code

    unknown = client.get(URL, {"grid": "410199", "period": "2026-10"})
    bad_period = client.get(URL, {"grid": district, "period": "十月"})
    range_period = client.get(URL, {"grid": district, "period": "2026-01-01..2026-06-30"})
    missing = client.get(URL, {"grid": district})

    assert unknown.status_code == 404 and "410199" in unknown.json()["detail"]
    assert bad_period.status_code == 400 and "不是有效的统计期" in bad_period.json()["detail"]
    assert range_period.status_code == 400
    assert missing.status_code == 422
    assert unknown["Content-Type"].startswith("application/problem+json")


@pytest.mark.django_db
def test_event_stats__is_declared_with_its_errors_in_the_openapi_document(client):
    spec = client.get("/api/openapi.json").json()

    operation = spec["paths"][URL]["get"]

    assert operation["operationId"] == "registry_event_stats"
    assert {"200", "400", "404", "422"} <= set(operation["responses"])
    assert "EventStatsOut" in spec["components"]["schemas"]


@pytest.mark.parametrize("events", [2, 20])
def test_event_stats__query_count_does_not_grow_with_the_events(
    client, tree, clock, events, django_assert_num_queries
):
    category = make_category()
    for index in range(events):
        make_event(grid=tree["grid"][index % len(tree["grid"])], category=category)

    # The node, its children, the grouped figures, the top categories.
    with django_assert_num_queries(4):
        answer = client.get(URL, {"grid": tree["district"][0].code, "period": "2026-11"})

    assert answer.json()["figures"]["reported"] == events


def test_event_stats__an_anonymous_answer_changes_with_the_next_move(client, world, settings):
    street = world.tree["street"][0]
    query = {"grid": street.code, "period": "2026-11"}
    first = client.get(URL, query).json()["figures"]
    assert client.get(URL, query).json()["figures"] == first

    workflow.event_accept(world.events["e4"], by=world.admin)

    assert client.get(URL, query).json()["figures"]["accepted"] == first["accepted"] + 1


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["9999-12", "9999", "9999-Q4"])
def test_event_stats__a_period_at_the_end_of_time_is_a_400_not_a_500(client, period):
    grid = make_grid(name="测试区")
    answer = client.get("/api/registry/event-stats/", {"grid": grid.code, "period": period})
    assert answer.status_code == 400
    assert "统计期" in answer.json()["detail"]
