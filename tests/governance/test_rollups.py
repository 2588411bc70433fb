import random

import pytest

from governance.factories import TallyEntryFactory, TallyKindFactory, make_tree
from governance.models import Grid, TallyEntry
from governance.periods import Period
from governance.selectors import rollup_table, rollup_total


def fill_random_tallies(grids, kinds, months, seed=1):
    rng = random.Random(seed)
    entries = []
    for grid in grids:
        for kind in kinds:
            for month in months:
                if rng.random() < 0.7:
                    entries.append(
                        TallyEntry(
                            kind=kind,
                            grid=grid,
                            period_start=month.start,
                            period_end=month.end,
                            value=rng.randint(0, 50),
                        )
                    )
    TallyEntry.objects.bulk_create(entries)
    return entries


def python_sum(entries, node, kind, period):
    return sum(
        e.value
        for e in entries
        if e.grid.path.startswith(node.path)
        and e.kind == kind
        and e.period_start >= period.start
        and e.period_end <= period.end
    )


@pytest.mark.django_db
def test_rollup__equals_the_sum_of_the_subtree_entries_on_a_generated_tree():
    tree = make_tree(streets=2, communities=2, grids=3, micros=2)
    grids = list(Grid.objects.all())
    kinds = [
        TallyKindFactory(name="网格议事会"),
        TallyKindFactory(name="走访重点人群", unit="人次"),
    ]
    months = [Period.month(2026, m) for m in range(1, 13)]
    entries = fill_random_tallies(grids, kinds, months)

    for node in [tree["district"][0], tree["street"][1], tree["community"][2], tree["micro"][3]]:
        for kind in kinds:
            for period in [Period.parse("2026"), Period.parse("2026-Q3"), Period.parse("2026-10")]:
                assert rollup_total(node, kind, period) == python_sum(entries, node, kind, period)


@pytest.mark.django_db
def test_rollup__ignores_entries_outside_the_period_and_subtree(tree):
    kind = TallyKindFactory(name="上报事件", unit="件")
    community, other = tree["community"][0], tree["community"][1]
    TallyEntryFactory(kind=kind, grid=tree["grid"][0], value=5, month=Period.month(2026, 10))
    TallyEntryFactory(kind=kind, grid=tree["grid"][0], value=7, month=Period.month(2026, 11))
    TallyEntryFactory(kind=kind, grid=other, value=100, month=Period.month(2026, 10))

    assert rollup_total(community, kind, Period.parse("2026-10")) == 5
    assert rollup_total(community, kind, Period.parse("2026-Q4")) == 12


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 4])
def test_rollup_table__query_count_does_not_grow_with_the_tree(size, django_assert_num_queries):
    tree = make_tree(streets=size, communities=size, grids=size)
    kinds = [TallyKindFactory(name=f"统计{i}") for i in range(3)]
    fill_random_tallies(list(Grid.objects.all()), kinds, [Period.month(2026, m) for m in (1, 2)])

    with django_assert_num_queries(2):
        table = rollup_table(tree["district"][0], Period.parse("2026"))

    assert len(table.rows) == 3
    assert len(table.months) == 12
    assert table.rows[0].total == sum(table.rows[0].by_month)
