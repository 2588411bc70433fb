"""The tally kinds 上报/自行处置/闭环流转事件 come from the event records (governance/figures.py):
roll-ups, report blocks and the API's roll-up count the records; hand entry is refused except
for historical figures from before the records start."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from governance.demo import DEMO_EVENT_MONTHS, demo_year_months
from governance.factories import TallyEntryFactory, TallyKindFactory
from governance.figures import choices
from governance.models import TallyEntry, TallyKind
from governance.periods import Period
from governance.reports.data import children_totals
from governance.selectors import rollup_table, rollup_total
from tests.governance.events.figures_world import build_figures_world

NOVEMBER = Period.month(2026, 11)


@pytest.fixture
def world(tree, clock, admin_user, django_user_model):
    return build_figures_world(tree, clock, admin_user, django_user_model)


@pytest.fixture
def kinds(db):
    return {
        key: TallyKindFactory(name=name, unit="件", computed_from=f"events.{key}")
        for key, name in [
            ("reported", "上报事件"),
            ("on_the_spot", "自行处置事件"),
            ("along_the_loop", "闭环流转事件"),
        ]
    }


def test_figures__the_events_app_registers_its_three_at_ready():
    assert {key for key, _label in choices()} >= {
        "events.reported",
        "events.on_the_spot",
        "events.along_the_loop",
    }


def test_rollup__computed_kinds_count_the_records_by_month(world, kinds):
    district = world.tree["district"][0]

    table = rollup_table(district, Period.quarter(2026, 4), kinds=list(kinds.values()))

    assert [(row.kind.name, row.by_month, row.total) for row in table.rows] == [
        ("上报事件", [1, 6, 0], 7),
        ("自行处置事件", [1, 2, 0], 3),
        ("闭环流转事件", [0, 1, 0], 1),
    ]
    assert rollup_total(world.tree["street"][1], kinds["reported"], NOVEMBER) == 1


def test_children_totals__computed_kinds_by_child(world, kinds):
    district = world.tree["district"][0]
    street_a, street_b = world.tree["street"]

    children, totals = children_totals(district, NOVEMBER, list(kinds.values()))

    assert children == [street_a, street_b]
    assert totals[(street_a.pk, kinds["reported"].pk)] == 5
    assert totals[(street_b.pk, kinds["reported"].pk)] == 1
    assert totals[(street_a.pk, kinds["along_the_loop"].pk)] == 1
    assert (street_b.pk, kinds["along_the_loop"].pk) not in totals


def test_hand_entry__of_a_computed_kind_is_refused_once_records_exist(world, kinds):
    entry = TallyEntry(
        kind=kinds["reported"],
        grid=world.tree["grid"][0],
        period_start=NOVEMBER.start,
        period_end=NOVEMBER.end,
        value=12,
    )

    with pytest.raises(ValidationError) as refused:
        entry.full_clean()

    message = refused.value.message_dict["kind"][0]
    assert "上报事件" in message and "2026-10-15" in message


def test_historical_entry__before_the_records_start_is_accepted_and_added(world, kinds):
    grid = world.tree["grid"][0]
    entry = TallyEntry(
        kind=kinds["reported"],
        grid=grid,
        period_start=Period.month(2026, 9).start,
        period_end=Period.month(2026, 9).end,
        value=40,
    )
    entry.full_clean()
    entry.save()

    table = rollup_table(world.tree["district"][0], Period.year(2026), kinds=[kinds["reported"]])

    assert entry.is_historical
    assert table.rows[0].by_month[8:11] == [40, 1, 6]
    assert table.rows[0].total == 47


def test_hand_entry__of_a_computed_kind_without_records_is_historical(tree, kinds):
    entry = TallyEntry(
        kind=kinds["on_the_spot"],
        grid=tree["grid"][0],
        period_start=NOVEMBER.start,
        period_end=NOVEMBER.end,
        value=3,
    )

    entry.full_clean()

    assert entry.is_historical


def test_hand_entry__of_an_ordinary_kind_is_untouched(world):
    entry = TallyEntryFactory.build(
        kind=TallyKindFactory(name="网格议事会"), grid=world.tree["grid"][0], value=2
    )

    entry.full_clean()

    assert not entry.is_historical


def test_api_rollup__computed_kinds_are_marked_and_counted(client, world, kinds):
    district = world.tree["district"][0]

    data = client.get("/api/registry/rollups/", {"grid": district.code, "period": "2026-Q4"})

    rows = {row["kind"]: row for row in data.json()["kinds"]}
    assert rows["上报事件"]["from_records"] is True
    assert [m["value"] for m in rows["上报事件"]["by_month"]] == [1, 6, 0]
    assert rows["闭环流转事件"]["total"] == 1


@pytest.mark.django_db
def test_seed_demo__event_kinds_are_computed_with_typed_figures_only_before_the_events():
    call_command("seed_demo", stdout=io.StringIO())
    months = demo_year_months(timezone.localdate())

    computed = TallyKind.objects.exclude(computed_from="")
    entries = TallyEntry.objects.filter(kind__in=computed)

    assert set(computed.values_list("name", flat=True)) == {
        "上报事件",
        "自行处置事件",
        "闭环流转事件",
        "走访重点人群",  # from the care ledger's visits (governance/care/figures.py)
    }
    assert entries.exists()
    assert not entries.filter(period_end__gte=months[-DEMO_EVENT_MONTHS].start).exists()
