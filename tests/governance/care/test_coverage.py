"""走访覆盖率 from the ledger's clock, for subtrees and per child node, in fixed queries."""

import datetime

import pytest
from django.utils import timezone

from governance.care.factories import add_to_group, make_household, make_resident, make_visit
from governance.care.selectors import (
    Coverage,
    coverage_by_child,
    coverage_by_node,
    coverage_within,
)
from tests.governance.care.ledger_world import build_care_world, days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def care():
    return build_care_world()


def test_coverage__counts_in_time_against_the_ledger_today(care):
    n = care.nodes
    today = timezone.localdate()

    d1 = coverage_within([n["d1"].path], today)

    # covered, overdue and never visited are in the ledger; ended and plain are not.
    assert (d1.ledger, d1.covered, d1.coverage) == (3, 1, 0.3333)
    assert coverage_within([n["d2"].path], today) == Coverage(1, 0)
    assert coverage_within([""], today) == Coverage(4, 1)
    assert coverage_within([n["d1"].path, n["d2"].path], today).ledger == 4


def test_coverage__a_visit_due_today_still_counts_and_tomorrow_does_not(care):
    covered = care.fresh("covered")
    due = covered.next_visit_due
    path = care.nodes["g1111"].path

    assert coverage_within([path], due).covered == 1
    assert coverage_within([path], due + datetime.timedelta(days=1)).covered == 0


def test_coverage__an_empty_ledger_has_no_rate(care):
    cover = coverage_within([care.nodes["g1121"].path])

    assert (cover.ledger, cover.covered, cover.coverage) == (0, 0, None)


def test_coverage_by_child__one_row_per_child_in_path_order(care):
    n = care.nodes

    rows = coverage_by_child(n["c111"], timezone.localdate())

    assert [(grid.name, c.ledger, c.covered) for grid, c in rows] == [
        ("华府1号网格", 2, 1),
        ("华府2号网格", 1, 0),
    ]
    street = coverage_by_child(n["s11"])
    assert [(grid.name, c.ledger, c.covered) for grid, c in street] == [
        ("华府社区", 3, 1),
        ("邻居社区", 0, 0),
    ]


def test_coverage_by_node__several_subtrees_in_one_query(care, django_assert_num_queries):
    n = care.nodes
    with django_assert_num_queries(1):
        rows = coverage_by_node([n["c111"], n["s21"]])

    assert [(grid.name, c.ledger, c.covered) for grid, c in rows] == [
        ("华府社区", 3, 1),
        ("三街道", 1, 0),
    ]


@pytest.mark.parametrize("count", [5, 50])
def test_coverage__queries_do_not_grow_with_residents(care, count, django_assert_num_queries):
    grid = care.nodes["g1112"]
    for number in range(count):
        resident = make_resident(make_household(grid, room=f"9{number:02d}"), name="孙丽")
        add_to_group(resident, "低保")
        if number % 2:
            make_visit(resident, at=days_ago(1))
    community = care.nodes["c111"]

    with django_assert_num_queries(2):
        rows = coverage_by_child(community)
    with django_assert_num_queries(1):
        total = coverage_within([community.path])

    assert total.ledger == 3 + count
    assert total.covered == 1 + count // 2
    assert sum(c.ledger for _g, c in rows) == total.ledger
