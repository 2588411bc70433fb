"""Exact totals of the tally entries per node × kind × month, moved in the same transaction as
every write, so that figures read a handful of rows instead of scanning the entries.

An entry counts at its own grid and at every ancestor: a node's rows total its whole subtree,
so a district's year of one kind is twelve rows however many entries lie below, and a write
moves one row per level of the tree (five at most). Rows are keyed by the month an entry's
period starts in and the month it ends in. For a period of whole months (a month, quarter or
year), "the entry's whole period lies inside" is then a condition on those two months alone,
so the summary answers `TallyEntry.objects.within(period)` exactly, entries spanning months
included; any other period reads the entries (`governance.selectors.tallies_within`).

The entries' writes (save, delete, bulk_create, bulk_update, update, queryset delete: the admin,
the API, the spreadsheet import and the demo alike) call `record_change`; a grid move shifts
the moved subtree's totals from the old ancestors to the new ones (`grid_moved`). Writes that
bypass the ORM (COPY, raw SQL) are followed by `manage.py rebuild_tally_summaries`.

A spreadsheet import gathers its changes for the whole file (`changes_gathered`) and moves the
summary once at its end: its chunks would otherwise lock ancestors' rows chunk by chunk, in an
order no other import shares, and two imports at once could deadlock.
"""

import datetime
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection, models, transaction
from django.db.models import Q, Sum
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from .grids import Grid, grid_moved

# An entry as the summary sees it: grid id, kind id, period start, period end, value.
ROW_FIELDS = ("grid_id", "kind_id", "period_start", "period_end", "value")
# Rows per INSERT … ON CONFLICT: six parameters each, far below any database's limit.
CHUNK = 500

Key = tuple[int, int, datetime.date, datetime.date]  # node or grid, kind, month, end month


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def chunked(items: Sequence, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class TallyTotalsQuerySet(models.QuerySet):
    """Totals over tally entries or summary rows, which both name their figure `value`."""

    def month_of_row(self):
        raise NotImplementedError

    def totals_by_kind(self) -> dict[int, int]:
        """{kind id: total}: one aggregate query whatever the size of the tree."""
        rows = self.values("kind").annotate(total=Sum("value")).order_by()
        return {row["kind"]: row["total"] for row in rows}

    def totals_by_kind_and_month(self) -> dict[int, dict]:
        """{kind id: {first day of the month the period starts in: total}} in one query."""
        rows = (
            self.annotate(month_start=self.month_of_row())
            .values("kind", "month_start")
            .annotate(total=Sum("value"))
            .order_by()
        )
        table: dict[int, dict] = {}
        for row in rows:
            month = row["month_start"]
            month = month.date() if isinstance(month, datetime.datetime) else month
            table.setdefault(row["kind"], {})[month] = row["total"]
        return table


class TallySummaryQuerySet(TallyTotalsQuerySet):
    def month_of_row(self):
        return models.F("month")

    def within(self, period):
        """Rows of the entries whose whole period lies inside `period`, of whole months."""
        if not period.is_whole_months:
            raise ValueError(f"the summary holds whole months only, not {period.key}")
        return self.filter(month__gte=period.start, end_month__lte=first_of_month(period.end))

    def at(self, paths: Iterable[str]):
        """The rows of the nodes at `paths` (none inside another), which total their subtrees;
        the empty path is the whole tree, i.e. every district."""
        paths = set(paths)
        condition = Q(node__path__in=[path for path in paths if path])
        if "" in paths:
            condition |= Q(node__depth=1)
        return self.filter(condition)


class TallySummary(models.Model):
    # Derived data, rebuilt from the entries at will: its keys are not checked by the database
    # (Django still deletes the rows with their grid or kind), which halves a city's rebuild,
    # and the node needs no index of its own beside the key's, which starts with it.
    node = models.ForeignKey(
        Grid,
        verbose_name=_("grid"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    kind = models.ForeignKey(
        "governance.TallyKind",
        verbose_name=_("tally kind"),
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )
    month = models.DateField(_("month the period starts in"))
    end_month = models.DateField(_("month the period ends in"))
    value = models.BigIntegerField(_("value"))
    # Rows whose entries all went are deleted, so "any entry in the period" is "any row".
    entries = models.BigIntegerField(_("entries"))

    objects = TallySummaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("tally summary")
        verbose_name_plural = _("tally summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["node", "kind", "month", "end_month"], name="tally_summary_key"
            )
        ]

    def __str__(self):
        return f"{self.node_id} {self.kind_id} {self.month:%Y-%m}..{self.end_month:%Y-%m}"


_gathered: ContextVar[dict | None] = ContextVar("tally_summary_changes", default=None)


@contextmanager
def changes_gathered():
    """Inside a transaction: changes recorded inside are added up and applied once, in key
    order, on leaving without an error (and not at all when the transaction will roll back)."""
    gathered: dict[Key, list[int]] = {}
    token = _gathered.set(gathered)
    try:
        yield
    finally:
        _gathered.reset(token)
    if not transaction.get_rollback():
        move_nodes(gathered)


def record_change(*, removed: Iterable[tuple] = (), added: Iterable[tuple] = ()) -> None:
    """Moves the summary from the entries `removed` to the entries `added` (rows as
    ROW_FIELDS), in the caller's transaction."""
    gathered = _gathered.get()
    by_grid: dict[Key, list[int]] = {} if gathered is None else gathered
    for sign, rows in ((-1, removed), (1, added)):
        for grid_id, kind_id, start, end, value in rows:
            key = (grid_id, kind_id, first_of_month(start), first_of_month(end))
            change = by_grid.setdefault(key, [0, 0])
            change[0] += sign * value
            change[1] += sign
    if gathered is None:
        move_nodes(by_grid)


def move_nodes(by_grid: dict[Key, list[int]]) -> None:
    """Applies changes per grid to the grid and each of its ancestors."""
    by_grid = {key: change for key, change in by_grid.items() if change != [0, 0]}
    if not by_grid:
        return
    lineages = lineages_of({key[0] for key in by_grid})
    by_node: dict[Key, list[int]] = {}
    for (grid_id, *rest), (value, count) in by_grid.items():
        for node_id in lineages[grid_id]:
            change = by_node.setdefault((node_id, *rest), [0, 0])
            change[0] += value
            change[1] += count
    apply(by_node)


def lineages_of(grid_ids: set[int]) -> dict[int, list[int]]:
    """{grid id: ids of the grid and every ancestor}, in two queries per 500 grids."""
    lineages = {}
    for ids in chunked(sorted(grid_ids)):
        paths = dict(Grid.objects.filter(pk__in=ids).values_list("pk", "path"))
        prefixes = {prefix for path in paths.values() for prefix in lineage_paths(path)}
        ids_by_path = dict(
            Grid.objects.filter(path__in=prefixes).order_by().values_list("path", "pk")
        )
        for pk, path in paths.items():
            lineages[pk] = [ids_by_path[prefix] for prefix in lineage_paths(path)]
    return lineages


def lineage_paths(path: str) -> list[str]:
    return [path[:end] for end in range(Grid.steplen, len(path) + 1, Grid.steplen)]


def apply(changes: dict[Key, list[int]]) -> None:
    """Adds each change to its row, creating or deleting rows as they fill or empty. Keys are
    written in one order by every writer, so two concurrent writes wait for each other rather
    than deadlock."""
    items = sorted((key, change) for key, change in changes.items() if change != [0, 0])
    if not items:
        return
    table = connection.ops.quote_name(TallySummary._meta.db_table)
    adapt = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        for chunk in chunked(items):
            rows = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(chunk))
            params = [
                item
                for (node_id, kind_id, month, end_month), (value, count) in chunk
                for item in (node_id, kind_id, adapt(month), adapt(end_month), value, count)
            ]
            cursor.execute(
                f"INSERT INTO {table} (node_id, kind_id, month, end_month, value, entries) "
                f"VALUES {rows} ON CONFLICT (node_id, kind_id, month, end_month) DO UPDATE "
                f"SET value = {table}.value + excluded.value, "
                f"entries = {table}.entries + excluded.entries",
                params,
            )
    emptied = sorted({key[0] for key, change in items if change[1] < 0})
    for node_ids in chunked(emptied):
        TallySummary.objects.filter(entries=0, node_id__in=node_ids).delete()


@receiver(grid_moved)
def shift_moved_subtree(sender, node_id: int, old_ancestor_ids: list[int], **kwargs) -> None:
    """The moved node's rows are its subtree's totals: they leave the ancestors it left and join
    the ones it joined. The subtree's own rows stay, as its nodes keep their ids."""
    path = Grid.objects.values_list("path", flat=True).get(pk=node_id)
    new_ancestor_ids = set(
        Grid.objects.filter(path__in=lineage_paths(path)[:-1]).values_list("pk", flat=True)
    )
    leaving = set(old_ancestor_ids) - new_ancestor_ids
    joining = new_ancestor_ids - set(old_ancestor_ids)
    changes: dict[Key, list[int]] = {}
    rows = TallySummary.objects.filter(node_id=node_id).values_list(
        "kind_id", "month", "end_month", "value", "entries"
    )
    for kind_id, month, end_month, value, count in rows:
        for ancestor_id in leaving:
            changes[(ancestor_id, kind_id, month, end_month)] = [-value, -count]
        for ancestor_id in joining:
            changes[(ancestor_id, kind_id, month, end_month)] = [value, count]
    apply(changes)
