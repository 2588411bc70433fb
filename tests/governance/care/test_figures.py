"""走访人次 (care.visits) counted from the visit records: by month, by child node, the day the
records start, and as a computed tally kind."""

import datetime

import pytest

from governance import figures
from governance.care.factories import add_to_group, make_household, make_resident, make_visit
from governance.demo import COMPUTED_KINDS
from governance.factories import TallyKindFactory
from governance.models import Grid
from governance.periods import Period
from governance.selectors import rollup_table
from tests.governance.care.ledger_world import at
from tests.governance.permission_world import build_world

pytestmark = pytest.mark.django_db

Q2 = Period.quarter(2026, 2)


@pytest.fixture
def world():
    world = build_world()
    n = world.nodes
    first = make_resident(make_household(n["g1111"]), name="王秀英")
    second = make_resident(make_household(n["g1121"]), name="李建国")
    add_to_group(first, "低保", start=datetime.date(2026, 1, 1))
    make_visit(first, at=at("2026-03-31", 23))  # before the quarter
    make_visit(first, at=at("2026-04-01", 0))  # local midnight: April
    make_visit(first, at=at("2026-04-20"), method="phone")
    make_visit(second, at=at("2026-05-02"))
    make_visit(second, at=at("2026-06-30", 23))
    make_visit(second, at=at("2026-07-01", 0))  # after the quarter
    # An erased resident's visits stay, and still count where they were made.
    erased = make_resident(make_household(n["g1112"]), name="张桂兰")
    make_visit(erased, at=at("2026-05-15"))
    erased.delete()
    return world


def test_figure__registered_by_the_care_app_and_named_in_the_demo():
    figure = figures.get("care.visits")

    assert figure is not None and str(figure.label)
    assert COMPUTED_KINDS["走访重点人群"] == "care.visits"


def test_figure__visits_by_local_month(world):
    figure = figures.get("care.visits")
    d1 = world.nodes["d1"]

    assert figure.by_month([d1.path], Q2) == {
        datetime.date(2026, 4, 1): 2,
        datetime.date(2026, 5, 1): 2,
        datetime.date(2026, 6, 1): 1,
    }
    assert figure.total([world.nodes["c112"].path], Q2) == 2
    assert figure.total([world.nodes["d2"].path], Q2) == 0


def test_figure__visits_by_child_node(world):
    figure = figures.get("care.visits")
    street = world.nodes["s11"]

    counts = figure.by_child(street.path, len(street.path) + Grid.steplen, Q2)

    assert counts == {world.nodes["c111"].path: 3, world.nodes["c112"].path: 2}


def test_figure__records_start_at_the_first_visit_of_the_district(world):
    figure = figures.get("care.visits")

    assert figure.records_start(world.nodes["d1"].path) == datetime.date(2026, 3, 31)
    assert figure.records_start(world.nodes["d2"].path) is None


def test_rollup__a_kind_computed_from_visits_counts_the_records(world):
    kind = TallyKindFactory(name="走访重点人群", unit="人次", computed_from="care.visits")

    table = rollup_table(world.nodes["d1"], Q2, kinds=[kind])

    assert [(row.kind.name, row.by_month, row.total) for row in table.rows] == [
        ("走访重点人群", [2, 2, 1], 5)
    ]
