"""需求 → 任务 → 项目 counted from the records: the figures of a subtree and of its children for
any period, and the three tally-kind figures (officials.needs, .tasks, .projects)."""

import datetime

import pytest
from django.utils import timezone

from governance import figures
from governance.factories import TallyKindFactory
from governance.models import Grid
from governance.officials.factories import make_need, make_project, make_task
from governance.officials.selectors.figures import (
    figures_by_child,
    figures_by_node,
    figures_within,
)
from governance.periods import Period
from governance.selectors import rollup_table
from tests.governance.officials.figures_world import build_lists_world

pytestmark = pytest.mark.django_db

Q2 = Period.quarter(2026, 2)
APRIL = Period.month(2026, 4)


@pytest.fixture
def world():
    return build_lists_world()


def counts(figures, *names):
    return tuple(getattr(figures, name) for name in names)


def test_figures__a_quarter_of_a_street(world):
    street = world.nodes["s11"]

    found = figures_within([street.path], Q2)

    assert counts(found, "needs", "needs_declined", "needs_awaiting") == (5, 1, 2)
    assert counts(found, "tasks", "tasks_done", "tasks_done_on_time", "tasks_overdue") == (
        4,
        2,
        1,
        1,
    )
    assert counts(found, "projects", "projects_done") == (2, 1)


def test_figures__a_month_a_year_and_a_range(world):
    street = world.nodes["s11"].path

    april = figures_within([street], APRIL)
    year = figures_within([street], Period.year(2026))
    days = figures_within([street], Period.parse("2026-03-31..2026-04-03"))

    assert counts(april, "needs", "tasks", "projects") == (3, 2, 1)
    assert counts(year, "needs", "tasks", "projects") == (7, 5, 2)
    assert counts(days, "needs", "tasks", "projects") == (2, 1, 0)


def test_figures__overdue_is_counted_on_the_day_given(world):
    street = world.nodes["s11"].path
    later = timezone.localdate() + datetime.timedelta(days=30)

    assert figures_within([street], Q2, today=later).tasks_overdue == 2


def test_figures__each_child_and_the_records_at_the_node_itself(world):
    community = world.nodes["c111"]

    rows = figures_by_child(community, Q2)

    assert [(grid.name, f.needs, f.tasks, f.projects) for grid, f in rows] == [
        ("华府社区", 1, 0, 0),  # collected at the community itself: listed first
        ("华府1号网格", 3, 2, 1),
        ("华府2号网格", 0, 1, 0),
    ]


def test_figures__children_of_a_street_every_child_listed(world):
    rows = figures_by_child(world.nodes["s11"], Q2)

    assert [(grid.name, f.needs, f.tasks_done, f.projects) for grid, f in rows] == [
        ("华府社区", 4, 2, 1),
        ("邻居社区", 1, 0, 1),
    ]


def test_figures__several_subtrees_at_once(world):
    n = world.nodes

    rows = figures_by_node([n["c112"], n["g1111"], n["d2"]], Q2)

    assert [(grid.name, f.needs, f.tasks, f.projects) for grid, f in rows] == [
        ("邻居社区", 1, 1, 1),
        ("华府1号网格", 3, 2, 1),
        ("二区", 1, 0, 0),
    ]


@pytest.mark.parametrize("records", [1, 12])
def test_figures__queries_do_not_grow_with_the_records_or_children(
    world, records, django_assert_num_queries
):
    n = world.nodes
    for index in range(records):
        grid = (n["g1111"], n["g1112"], n["g1121"])[index % 3]
        make_need(grid, collected_on=datetime.date(2026, 5, 1))
        make_task(grid, created_on=datetime.date(2026, 5, 1))
        make_project(grid, claimed_on=datetime.date(2026, 5, 1))

    with django_assert_num_queries(3):
        figures_within([n["d1"].path], Q2)
    with django_assert_num_queries(4):  # the children, then one grouped query per list
        figures_by_child(n["d1"], Q2)
    with django_assert_num_queries(3):
        figures_by_node([n["s11"], n["s12"]], Q2)


@pytest.mark.parametrize("key", ["officials.needs", "officials.tasks", "officials.projects"])
def test_tally_figures__registered_by_the_officials_app(key):
    figure = figures.get(key)

    assert figure is not None and str(figure.label)


def test_tally_figures__by_month_by_child_and_records_start(world):
    n = world.nodes
    needs, tasks, projects = (
        figures.get(f"officials.{name}") for name in ("needs", "tasks", "projects")
    )
    street = n["s11"]
    length = len(street.path) + Grid.steplen

    assert needs.by_month([n["d1"].path], Q2) == {
        datetime.date(2026, 4, 1): 3,
        datetime.date(2026, 5, 1): 1,
        datetime.date(2026, 6, 1): 1,
    }
    assert tasks.by_month([street.path], Q2) == {
        datetime.date(2026, 4, 1): 2,
        datetime.date(2026, 5, 1): 1,
        datetime.date(2026, 6, 1): 1,  # the cancelled task of June is left out
    }
    assert projects.total([street.path], Q2) == 2  # the dropped one is left out
    assert needs.by_child(street.path, length, Q2) == {n["c111"].path: 4, n["c112"].path: 1}
    assert tasks.by_child(street.path, length, Q2) == {n["c111"].path: 3, n["c112"].path: 1}
    assert needs.records_start(n["d1"].path) == datetime.date(2026, 3, 31)
    assert projects.records_start(n["d1"].path) == datetime.date(2026, 4, 5)
    assert tasks.records_start(n["d2"].path) is None


def test_tally_figures__a_kind_computed_from_the_lists_counts_the_records(world):
    kinds = [
        TallyKindFactory(name="收集群众需求", unit="个", computed_from="officials.needs"),
        TallyKindFactory(name="转化任务", unit="件", computed_from="officials.tasks"),
        TallyKindFactory(name="领题攻坚项目", unit="个", computed_from="officials.projects"),
    ]

    table = rollup_table(world.nodes["d1"], Q2, kinds=kinds)

    assert [(row.kind.name, row.by_month, row.total) for row in table.rows] == [
        ("收集群众需求", [3, 1, 1], 5),
        ("转化任务", [2, 1, 1], 4),
        ("领题攻坚项目", [1, 1, 0], 2),
    ]
