"""Event figures from the records (governance/events/selectors.py), on a hand-built set."""

import datetime

import pytest

from governance.events.factories import make_category, make_event
from governance.events.selectors import (
    event_figures,
    figures_by_child,
    figures_by_node,
    open_by_age,
    overdue_events,
    reported_and_resolved_by_month,
    top_categories,
)
from governance.periods import Period
from tests.governance.events.figures_world import build_figures_world

NOVEMBER = Period.month(2026, 11)


@pytest.fixture
def world(tree, clock, admin_user, django_user_model):
    return build_figures_world(tree, clock, admin_user, django_user_model)


def test_event_figures__district_november_counts_and_rates(world):
    figures = event_figures(world.tree["district"][0], NOVEMBER)

    assert figures.reported == 6
    assert figures.by_state == {
        "closed": 2,
        "resolved": 1,
        "in_progress": 1,
        "pending": 1,
        "rejected": 1,
    }
    assert (figures.accepted, figures.resolved) == (4, 3)
    assert (figures.on_the_spot, figures.along_the_loop) == (2, 1)
    assert (figures.resolved_in_time, figures.rated, figures.satisfied) == (2, 2, 1)
    assert figures.open == 2
    assert figures.resolution_rate == 0.75
    assert figures.timeliness_rate == 0.6667
    assert figures.satisfaction_rate == 0.5
    assert figures.average_handling_hours == 84.7


def test_event_figures__an_event_counts_in_the_period_it_was_reported_in(world):
    district = world.tree["district"][0]

    october = event_figures(district, Period.month(2026, 10))
    december = event_figures(district, Period.month(2026, 12))
    year = event_figures(district, Period.year(2026))

    # e6 was resolved on 3 December but counts, resolved, in November's cohort.
    assert (october.reported, october.resolved) == (1, 1)
    assert december.reported == 0
    assert (year.reported, year.resolved) == (7, 4)


def test_event_figures__of_a_subtree_leave_out_the_rest(world):
    street_a, street_b = world.tree["street"]

    a = event_figures(street_a, NOVEMBER)
    b = event_figures(street_b, NOVEMBER)

    assert (a.reported, a.resolved, a.on_the_spot, a.along_the_loop) == (5, 2, 1, 1)
    assert a.timeliness_rate == 1.0
    assert (b.reported, b.resolved, b.resolved_in_time) == (1, 1, 0)
    assert b.timeliness_rate == 0.0


def test_event_figures__of_a_worker_are_their_assigned_and_resolved_events(world):
    figures = event_figures(world.tree["district"][0], NOVEMBER, worker=world.worker)

    # e3 is assigned to the worker, who resolved e1.
    assert figures.reported == 2
    assert figures.by_state == {"closed": 1, "in_progress": 1}
    assert figures.resolution_rate == 0.5


def test_event_figures__with_nothing_to_divide_the_rates_are_none(tree):
    figures = event_figures(tree["district"][0], NOVEMBER)

    assert figures.reported == 0
    assert figures.resolution_rate is None
    assert figures.timeliness_rate is None
    assert figures.satisfaction_rate is None
    assert figures.average_handling_hours is None


def test_figures_by_child__roll_each_child_subtree_up(world):
    street_a = world.tree["street"][0]

    rows = figures_by_child(street_a, NOVEMBER)

    assert [(grid.name, f.reported, f.resolved, f.accepted) for grid, f in rows] == [
        ("测试1-1社区", 3, 2, 3),
        ("测试1-2社区", 2, 0, 0),
    ]
    community = dict(rows)[world.tree["community"][0]]
    assert (community.resolution_rate, community.satisfaction_rate) == (0.6667, 0.5)


def test_figures_by_child__lists_events_reported_at_the_node_itself_first(world, clock):
    street_a = world.tree["street"][0]
    clock.at = clock.at.replace(month=11, day=20)
    make_event(grid=street_a, category=world.categories["city"], title="街道级事件")

    rows = figures_by_child(street_a, NOVEMBER)

    assert [(grid.name, f.reported) for grid, f in rows] == [
        ("测试1街道", 1),
        ("测试1-1社区", 3),
        ("测试1-2社区", 2),
    ]


def test_figures_by_child__children_add_up_to_the_node(world):
    district = world.tree["district"][0]
    total = event_figures(district, NOVEMBER)

    rows = figures_by_child(district, NOVEMBER)

    assert sum(f.reported for _g, f in rows) == total.reported
    assert sum(f.along_the_loop for _g, f in rows) == total.along_the_loop


def test_figures_by_node__groups_subtrees_at_different_depths(world):
    nodes = [world.tree["community"][0], world.tree["street"][1]]

    rows = figures_by_node(nodes, NOVEMBER)

    assert [(grid.name, f.reported) for grid, f in rows] == [("测试1-1社区", 3), ("测试2街道", 1)]


def test_top_categories__most_reported_first(world):
    top = top_categories([world.tree["district"][0].path], NOVEMBER)

    assert [(c.name, c.count) for c in top] == [("市容环境", 4), ("消防安全", 2)]
    assert top_categories([world.tree["district"][0].path], NOVEMBER, limit=1)[0].code == "city"


def test_reported_and_resolved_by_month__every_month_of_the_period(world):
    months = reported_and_resolved_by_month([""], Period.quarter(2026, 4))

    assert months == [
        (datetime.date(2026, 10, 1), 1, 1),
        (datetime.date(2026, 11, 1), 6, 3),
        (datetime.date(2026, 12, 1), 0, 0),
    ]


def test_open_by_age__buckets_open_events_by_days_since_reported(world, clock):
    # Ten days after November's events: e3 (in progress) and e4 (waiting) are open.
    buckets = open_by_age([""], clock.at)

    assert [(b.label, b.count) for b in buckets] == [
        ("≤1天", 0),
        ("1–3天", 0),
        ("3–7天", 0),
        ("7–30天", 2),
        (">30天", 0),
    ]


def test_overdue_events__open_past_their_deadline_without_the_reporter(world, clock):
    rows = overdue_events([""], NOVEMBER, clock.at)

    # Both had two working days at their grid; the same deadline, then the older first.
    assert [(row.number, row.title) for row in rows] == [
        (world.events["e3"].number, "消防通道堵塞"),
        (world.events["e4"].number, "路灯不亮"),
    ]
    assert {row.node for row in rows} == {"测试1-1社区2号网格", "测试1-2社区1号网格"}
    assert not hasattr(rows[0], "reporter_phone")


@pytest.mark.parametrize("events", [3, 30])
def test_figures__query_counts_do_not_grow_with_the_events(
    tree, clock, events, django_assert_num_queries
):
    category = make_category()
    for index in range(events):
        make_event(grid=tree["grid"][index % len(tree["grid"])], category=category)
    district = tree["district"][0]

    with django_assert_num_queries(1):
        event_figures(district, NOVEMBER)
    with django_assert_num_queries(2):
        figures_by_child(district, NOVEMBER)
    with django_assert_num_queries(1):
        figures_by_node(tree["street"], NOVEMBER)
    with django_assert_num_queries(1):
        top_categories([district.path], NOVEMBER)
    with django_assert_num_queries(1):
        open_by_age([district.path], clock.at)
