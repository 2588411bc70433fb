"""GET /api/registry/officials-stats/: the three lists' figures of a node and its children,
public aggregates like event-stats and care-stats."""

import datetime
import json

import pytest

from governance.officials.factories import make_need, make_project, make_task
from tests.governance.officials.figures_world import build_lists_world

pytestmark = pytest.mark.django_db

URL = "/api/registry/officials-stats/"


@pytest.fixture
def world():
    return build_lists_world()


def test_officials_stats__figures_of_the_node_and_its_children(client, world):
    street = world.nodes["s11"]

    answer = client.get(URL, {"grid": street.code, "period": "2026-Q2"})

    assert answer.status_code == 200
    data = answer.json()
    assert data["grid"] == {"code": street.code, "name": "一街道"}
    assert data["period"] == {"label": "2026年第2季度", "start": "2026-04-01", "end": "2026-06-30"}
    assert data["figures"] == {
        "needs": 5,
        "needs_declined": 1,
        "needs_awaiting": 2,
        "tasks": 4,
        "tasks_done": 2,
        "tasks_done_on_time": 1,
        "tasks_overdue": 1,
        "projects": 2,
        "projects_done": 1,
    }
    assert [
        (child["grid"]["name"], child["figures"]["needs"], child["figures"]["projects"])
        for child in data["children"]
    ] == [("华府社区", 4, 1), ("邻居社区", 1, 1)]


@pytest.mark.parametrize(
    ("period", "expected"), [("2026-04", (3, 2, 1)), ("2026", (7, 5, 2)), ("2026-q2", (5, 4, 2))]
)
def test_officials_stats__months_quarters_and_years(client, world, period, expected):
    figures = client.get(URL, {"grid": "410101", "period": period}).json()["figures"]

    assert (figures["needs"], figures["tasks"], figures["projects"]) == expected


def test_officials_stats__records_at_the_node_itself_come_first(client, world):
    children = client.get(URL, {"grid": "410101001001", "period": "2026-Q2"}).json()["children"]

    assert [(c["grid"]["name"], c["figures"]["needs"]) for c in children] == [
        ("华府社区", 1),
        ("华府1号网格", 3),
        ("华府2号网格", 0),
    ]


def test_officials_stats__names_no_need_task_or_person(client, world):
    text = json.dumps(client.get(URL, {"grid": "410101", "period": "2026"}).json())

    for leak in ("楼道灯不亮", "更换楼道灯", "楼道照明改造", "不属于社区职责", "李"):
        assert leak not in text


def test_officials_stats__bad_code_or_period_gets_a_chinese_4xx(client, world):
    unknown = client.get(URL, {"grid": "410199", "period": "2026-10"})
    bad_period = client.get(URL, {"grid": "410101", "period": "十月"})
    range_period = client.get(URL, {"grid": "410101", "period": "2026-01-01..2026-06-30"})
    end_of_time = client.get(URL, {"grid": "410101", "period": "9999"})
    missing = client.get(URL, {"grid": "410101"})

    assert unknown.status_code == 404 and "410199" in unknown.json()["detail"]
    assert unknown["Content-Type"].startswith("application/problem+json")
    assert bad_period.status_code == 400 and "不是有效的统计期" in bad_period.json()["detail"]
    assert range_period.status_code == 400
    assert end_of_time.status_code == 400 and "统计期" in end_of_time.json()["detail"]
    assert missing.status_code == 422


def test_officials_stats__is_declared_with_its_schema_and_errors_in_the_openapi_document(client):
    spec = client.get("/api/openapi.json").json()

    operation = spec["paths"][URL]["get"]

    assert operation["operationId"] == "registry_officials_stats"
    assert {"200", "400", "404", "422"} <= set(operation["responses"])
    schema = spec["components"]["schemas"]["ListFiguresOut"]
    assert {"needs", "tasks_overdue", "projects_done"} <= set(schema["properties"])


@pytest.mark.parametrize("records", [2, 20])
def test_officials_stats__query_count_does_not_grow_with_the_records(
    client, world, records, django_assert_num_queries
):
    grids = [world.nodes[key] for key in ("g1111", "g1112", "g1121")]
    for index in range(records):
        grid = grids[index % len(grids)]
        make_need(grid, collected_on=datetime.date(2026, 5, 2))
        make_task(grid, created_on=datetime.date(2026, 5, 2))
        make_project(grid, claimed_on=datetime.date(2026, 5, 2))

    # The node, its children, one grouped query per list.
    with django_assert_num_queries(5):
        answer = client.get(URL, {"grid": "410101", "period": "2026-05"})

    assert answer.json()["figures"]["projects"] == records + 1


def test_officials_stats__an_anonymous_answer_changes_with_the_next_record(client, world):
    query = {"grid": "410101001", "period": "2026-Q2"}
    first = client.get(URL, query).json()["figures"]
    assert client.get(URL, query).json()["figures"] == first

    make_need(world.nodes["g1112"], collected_on=datetime.date(2026, 4, 9))

    assert client.get(URL, query).json()["figures"]["needs"] == first["needs"] + 1
