"""The tally summary equals the live aggregate after any sequence of writes, and the figures read
from it equal the ones read from the entries."""

import datetime
import random

import pytest
from django.core.management import CommandError, call_command
from django.db import models
from django.db.models import F, ProtectedError
from django.urls import reverse

from governance.factories import TallyEntryFactory, TallyKindFactory, make_grid, make_tree
from governance.models import Grid, GridLevel, TallyEntry, TallyKind, TallySummary
from governance.periods import Period
from governance.selectors import rollup_table, rollup_total
from governance.services.imports import registry_import
from governance.spreadsheets.reading import read_spreadsheet
from tests.governance.spreadsheets import xlsx_bytes

MONTHS = [Period.month(2026, month) for month in range(1, 7)]
PERIODS = [
    Period.parse("2026"),
    Period.parse("2026-Q1"),
    Period.parse("2026-Q2"),
    Period.parse("2026-03"),
    Period.parse("2026-02-01..2026-04-30"),  # whole months, not a calendar period
    Period.parse("2026-01-10..2026-03-20"),  # days: read from the entries
]


def live_table() -> dict:
    """{(node, kind, start month, end month): (value, entries)} from the entries, every node
    counting its whole subtree."""
    ids_by_path = dict(Grid.objects.values_list("path", "pk"))
    table: dict[tuple, list[int]] = {}
    rows = TallyEntry.objects.values_list(
        "grid__path", "kind_id", "period_start", "period_end", "value"
    )
    for path, kind_id, start, end, value in rows:
        for length in range(Grid.steplen, len(path) + 1, Grid.steplen):
            key = (ids_by_path[path[:length]], kind_id, start.replace(day=1), end.replace(day=1))
            cell = table.setdefault(key, [0, 0])
            cell[0] += value
            cell[1] += 1
    return {key: tuple(cell) for key, cell in table.items()}


def summary_table() -> dict:
    rows = TallySummary.objects.values_list(
        "node_id", "kind_id", "month", "end_month", "value", "entries"
    )
    return {
        (node, kind, month, end): (value, count) for node, kind, month, end, value, count in rows
    }


def live_total(node: Grid, kind: TallyKind, period: Period) -> int:
    return sum(
        TallyEntry.objects.within(period)
        .in_subtree(node)
        .filter(kind=kind)
        .values_list("value", flat=True)
    )


def assert_exact():
    assert summary_table() == live_table()


def random_period(rng: random.Random) -> tuple[datetime.date, datetime.date]:
    month = rng.choice(MONTHS)
    shape = rng.random()
    if shape < 0.7:
        return month.start, month.end
    if shape < 0.85:  # spans into the next month
        return month.start.replace(day=rng.randint(1, 28)), month.end + datetime.timedelta(days=9)
    day = rng.randint(1, 20)
    return month.start.replace(day=day), month.start.replace(day=day + rng.randint(0, 7))


class Writer:
    """Random writes through every door the entries have."""

    def __init__(self, rng, kinds):
        self.rng, self.kinds = rng, kinds

    def grid(self) -> Grid:
        return self.rng.choice(list(Grid.objects.all()))

    def entry(self) -> TallyEntry | None:
        pks = list(TallyEntry.objects.values_list("pk", flat=True))
        return TallyEntry.objects.get(pk=self.rng.choice(pks)) if pks else None

    def free(self, kind, grid, start, end, leave_out=None) -> bool:
        taken = TallyEntry.objects.filter(
            kind=kind, grid=grid, period_start=start, period_end=end
        ).exclude(pk=getattr(leave_out, "pk", None))
        return not taken.exists()

    def create(self):
        kind, grid = self.rng.choice(self.kinds), self.grid()
        start, end = random_period(self.rng)
        if self.free(kind, grid, start, end):
            TallyEntry(
                kind=kind,
                grid=grid,
                period_start=start,
                period_end=end,
                value=self.rng.randint(0, 40),
            ).save()

    def edit(self):
        entry = self.entry()
        if entry is None:
            return
        change = self.rng.choice(["value", "kind", "grid", "period"])
        if change == "value":
            entry.value = self.rng.randint(0, 40)
        elif change == "kind":
            entry.kind = self.rng.choice(self.kinds)
        elif change == "grid":
            entry.grid = self.grid()
        else:
            entry.period_start, entry.period_end = random_period(self.rng)
        if self.free(entry.kind, entry.grid, entry.period_start, entry.period_end, entry):
            entry.save()

    def edit_some_fields(self):
        entry = self.entry()
        if entry is not None:
            entry.value = self.rng.randint(0, 40)
            entry.save(update_fields=["value", "updated_at"])

    def delete(self):
        if entry := self.entry():
            entry.delete()

    def delete_many(self):
        TallyEntry.objects.filter(
            grid__path__startswith=self.grid().path, kind=self.rng.choice(self.kinds)
        ).delete()

    def update_many(self):
        TallyEntry.objects.filter(kind=self.rng.choice(self.kinds)).filter(
            grid__path__startswith=self.grid().path
        ).update(value=F("value") + 1)

    def bulk_update(self):
        entries = list(TallyEntry.objects.order_by("?")[:5])
        for entry in entries:
            entry.value = self.rng.randint(0, 40)
        TallyEntry.objects.bulk_update(entries, ["value"])

    def bulk_create(self):
        kind, start, end = self.rng.choice(self.kinds), *random_period(self.rng)
        grids = self.rng.sample(list(Grid.objects.all()), 4)
        TallyEntry.objects.bulk_create(
            TallyEntry(kind=kind, grid=g, period_start=start, period_end=end, value=3)
            for g in grids
            if self.free(kind, g, start, end)
        )

    def spreadsheet(self):
        """New rows and changed values through the registry import."""
        kind = self.rng.choice(self.kinds)
        month = self.rng.choice(MONTHS)
        rows = [
            [grid.code, kind.name, month.key, self.rng.randint(0, 40)]
            for grid in self.rng.sample(list(Grid.objects.all()), 3)
        ]
        sheet = read_spreadsheet(
            xlsx_bytes(["网格编码", "统计项", "统计期", "数值"], rows), "t.xlsx"
        )
        report = registry_import(type_key="tallies", sheet=sheet, user=None, dry_run=False)
        assert report.ok, report.lines()

    def dry_run(self):
        kind = self.rng.choice(self.kinds)
        rows = [[self.grid().code, kind.name, "2026-05", 99]]
        sheet = read_spreadsheet(
            xlsx_bytes(["网格编码", "统计项", "统计期", "数值"], rows), "t.xlsx"
        )
        registry_import(type_key="tallies", sheet=sheet, user=None, dry_run=True)

    def move(self):
        """A third-level grid (with its micro grids) or a community to another parent."""
        level = self.rng.choice([GridLevel.GRID, GridLevel.COMMUNITY])
        node = self.rng.choice(list(Grid.objects.filter(level=level)))
        parents = Grid.objects.filter(level=level - 1).exclude(pk=node.get_parent().pk)
        node.move(self.rng.choice(list(parents)), "last-child")

    def step(self):
        operations = [
            (self.create, 30),
            (self.edit, 25),
            (self.edit_some_fields, 5),
            (self.delete, 8),
            (self.delete_many, 3),
            (self.update_many, 4),
            (self.bulk_update, 4),
            (self.bulk_create, 4),
            (self.spreadsheet, 3),
            (self.dry_run, 2),
            (self.move, 5),
        ]
        operation = self.rng.choices(
            [op for op, _ in operations], weights=[w for _, w in operations]
        )[0]
        operation()
        return operation.__name__


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2])
def test_summary__equals_the_live_aggregate_after_any_sequence_of_writes(seed):
    make_tree(streets=2, communities=2, grids=2, micros=1)
    kinds = [TallyKindFactory(name=f"统计{i}") for i in range(3)]
    writer = Writer(random.Random(seed), kinds)
    done = set()
    for step in range(120):
        done.add(name := writer.step())
        assert summary_table() == live_table(), f"after step {step}: {name}"
    # Every door was tried, and the summary is as a rebuild would write it.
    assert len(done) == 11
    assert TallySummary.objects.exists()
    call_command("rebuild_tally_summaries", "--check", stdout=open("/dev/null", "w"))
    for node in Grid.objects.all():
        for kind in kinds:
            for period in PERIODS:
                assert rollup_total(node, kind, period) == live_total(node, kind, period)


@pytest.mark.django_db
def test_rollup_table__months_of_the_summary_equal_the_entries(tree):
    kind = TallyKindFactory(name="入户走访")
    grid = tree["grid"][0]
    TallyEntryFactory(kind=kind, grid=grid, month=Period.month(2026, 2), value=5)
    TallyEntryFactory(
        kind=kind,
        grid=grid,
        period_start=datetime.date(2026, 2, 10),
        period_end=datetime.date(2026, 3, 9),
        value=7,
    )
    TallyEntryFactory(
        kind=kind,
        grid=tree["micro"][0],
        period_start=datetime.date(2026, 3, 1),
        period_end=datetime.date(2026, 3, 15),
        value=11,
    )

    district = tree["district"][0]
    q1 = rollup_table(district, Period.parse("2026-Q1"), kinds=[kind]).rows[0]
    february = rollup_table(district, Period.parse("2026-02"), kinds=[kind]).rows[0]
    days = rollup_table(district, Period.parse("2026-02-01..2026-03-10"), kinds=[kind]).rows[0]

    # Months are those the periods start in, as the entries were always grouped.
    assert q1.by_month == [0, 12, 11] and q1.total == 23
    assert february.by_month == [5] and february.total == 5  # the spanning one is outside
    assert days.by_month == [12, 0]


@pytest.mark.django_db
def test_rebuild_command__check_reports_differences_and_rebuild_repairs_them(tree, capsys):
    kind = TallyKindFactory(name="矛盾调解", unit="件")
    for grid in tree["grid"]:
        TallyEntryFactory(kind=kind, grid=grid, value=4)
    call_command("rebuild_tally_summaries", "--check")
    assert "汇总与台账一致" in capsys.readouterr().out

    district, community = tree["district"][0], tree["grid"][0].get_parent()
    TallySummary.objects.filter(node=district).update(value=F("value") + 1)
    TallySummary.objects.filter(node=community).delete()
    with pytest.raises(CommandError, match="2 行"):
        call_command("rebuild_tally_summaries", "--check")
    out = capsys.readouterr().out
    assert f"{district}，矛盾调解，2026-10：汇总 33（8 条），台账 32（8 条）" in out
    assert f"{community}，矛盾调解，2026-10：汇总 无，台账 8（2 条）" in out
    # The check changed nothing.
    assert TallySummary.objects.get(node=district).value == 33

    call_command("rebuild_tally_summaries")
    assert "已重建" in capsys.readouterr().out
    assert_exact()
    call_command("rebuild_tally_summaries", "--check")


@pytest.mark.django_db
def test_rebuild_command__counts_rows_written_around_the_orm(tree):
    kind = TallyKindFactory(name="巡查")
    month = Period.month(2026, 4)
    rows = [
        TallyEntry(kind=kind, grid=grid, period_start=month.start, period_end=month.end, value=2)
        for grid in tree["micro"]
    ]
    # Django's own bulk_create, as a COPY or raw SQL would: the summary sees none of it.
    models.QuerySet.bulk_create(TallyEntry.objects.all(), rows)
    assert summary_table() != live_table()

    call_command("rebuild_tally_summaries", stdout=open("/dev/null", "w"))

    assert_exact()
    assert rollup_total(tree["district"][0], kind, month) == 2 * len(tree["micro"])


@pytest.mark.django_db
def test_grids_and_kinds_with_entries_stay_protected_and_empty_ones_go(tree):
    kind, unused = TallyKindFactory(name="用过"), TallyKindFactory(name="没用过")
    TallyEntryFactory(kind=kind, grid=tree["micro"][0])
    empty = make_grid(tree["grid"][1], name="空微网格")

    with pytest.raises(ProtectedError):
        tree["grid"][0].get_parent().delete()
    with pytest.raises(ProtectedError):
        kind.delete()
    empty.delete()
    unused.delete()

    assert_exact()
    assert TallySummary.objects.filter(kind=kind).count() == 5  # micro grid and its 4 ancestors


@pytest.mark.django_db
def test_admin_tally_entry__changes_the_summary_and_the_rollup(admin_client, tree):
    kind = TallyKindFactory(name="走访重点人群", unit="人次")
    grid = tree["grid"][0]
    TallyEntryFactory(kind=kind, grid=grid, value=10)

    response = admin_client.post(
        reverse("wagtailsnippets_governance_tallyentry:add"),
        {
            "kind": kind.pk,
            "grid": tree["grid"][2].pk,
            "period_start": "2026-10-01",
            "period_end": "2026-10-31",
            "value": "6",
            "note": "",
        },
    )

    assert response.status_code == 302
    assert rollup_total(tree["district"][0], kind, Period.parse("2026")) == 16
    entry = TallyEntry.objects.get(grid=tree["grid"][2])
    delete = reverse("wagtailsnippets_governance_tallyentry:delete", args=[entry.pk])
    assert admin_client.post(delete).status_code == 302
    assert rollup_total(tree["district"][0], kind, Period.parse("2026")) == 10
    assert_exact()
