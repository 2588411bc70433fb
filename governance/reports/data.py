"""What each report block shows, gathered from the registry in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.db.models.functions import Substr
from django.utils.module_loading import import_string

from governance.models import (
    Grid,
    Person,
    ServicePoint,
    TallyEntry,
    TallySummary,
    VolunteerTeam,
)
from governance.periods import Period
from governance.reports.charts import bar_chart
from governance.selectors import rollup_table


@dataclass
class BlockData:
    type: str
    heading: str
    context: dict = field(default_factory=dict)
    # The template of a block an app adds (reports/blocks.py, extra_blocks).
    template: str = ""


def children_totals(node: Grid, period: Period, kinds) -> tuple[list[Grid], dict]:
    """{(child id, kind id): total} over each child's subtree, in two queries (plus one per
    kind computed from records, whose historical entries are added to the records' count)."""
    children = list(node.get_children().order_by("path"))
    prefix_length = len(node.path) + Grid.steplen
    by_path = {child.path: child for child in children}
    if period.is_whole_months:
        totals = summary_by_child(children, period, kinds)
    else:
        totals = entries_by_child(node, by_path, period, kinds)
    for kind in kinds:
        if kind.figure is None:
            continue
        for path, count in kind.figure.by_child(node.path, prefix_length, period).items():
            if child := by_path.get(path):
                totals[(child.pk, kind.pk)] = totals.get((child.pk, kind.pk), 0) + count
    return children, totals


def summary_by_child(children: list[Grid], period: Period, kinds) -> dict:
    """Each child's summary rows are its subtree's totals."""
    rows = (
        TallySummary.objects.within(period)
        .filter(node__in=children, kind__in=kinds)
        .values("node", "kind")
        .annotate(total=Sum("value"))
        .order_by()
    )
    return {(row["node"], row["kind"]): row["total"] for row in rows}


def entries_by_child(node: Grid, by_path: dict[str, Grid], period: Period, kinds) -> dict:
    """The entries grouped by the child whose path begins theirs, for periods the summary
    does not hold."""
    rows = (
        TallyEntry.objects.within(period)
        .in_subtree(node)
        .filter(kind__in=kinds)
        .annotate(child_path=Substr("grid__path", 1, len(node.path) + Grid.steplen))
        .values("child_path", "kind")
        .annotate(total=Sum("value"))
        .order_by()
    )
    totals = {}
    for row in rows:
        child = by_path.get(row["child_path"])
        if child is not None:
            totals[(child.pk, row["kind"])] = row["total"]
    return totals


def tally_table(node, period, value) -> dict:
    kinds = list(value["kinds"])
    if value["columns"] == "children":
        children, totals = children_totals(node, period, kinds)
        header = [child.name for child in children]
        rows = [
            (kind, [totals.get((child.pk, kind.pk), 0) for child in children]) for kind in kinds
        ]
    else:
        table = rollup_table(node, period, kinds=kinds)
        header = [f"{month.month}月" for month in table.months]
        rows = [(row.kind, row.by_month) for row in table.rows]
    table_rows = [{"kind": kind, "values": values, "total": sum(values)} for kind, values in rows]
    # Many columns (grids below) do not fit across A4: print them down the page instead.
    by_label = [(label, [row["values"][i] for row in table_rows]) for i, label in enumerate(header)]
    return {
        "header": header,
        "rows": table_rows,
        "transpose": len(header) > 8,
        "by_label": by_label,
    }


def tally_chart(node, period, value) -> dict:
    kind = value["kind"]
    if value["axis"] == "children":
        children, totals = children_totals(node, period, [kind])
        labels = [child.name for child in children]
        values = [totals.get((child.pk, kind.pk), 0) for child in children]
    else:
        table = rollup_table(node, period, kinds=[kind])
        labels = [f"{month.month}月" for month in table.months]
        values = table.rows[0].by_month
    return {"svg": bar_chart(f"{kind.name}（{kind.unit}）", labels, values), "kind": kind}


def roster(node, period, value) -> dict:
    people = (
        Person.objects.active()
        .in_subtree(node)
        .filter(role__name=value["role_name"])
        .select_related("grid", "role")
        .order_by("grid__path", "name")
    )
    # Only public phones go into a report that may leave the office.
    return {"people": [(p, p.public_phone or p.masked_phone) for p in people]}


def teams(node, period, value) -> dict:
    return {
        "teams": list(
            VolunteerTeam.objects.active()
            .in_subtree(node)
            .select_related("team_type", "grid")
            .order_by("grid__path", "name")
        )
    }


def service_points(node, period, value) -> dict:
    counts = (
        ServicePoint.objects.active()
        .in_subtree(node)
        .values("kind__name", "kind__sort_order")
        .annotate(count=Count("pk"))
        .order_by("kind__sort_order", "kind__name")
    )
    return {"counts": [(row["kind__name"], row["count"]) for row in counts]}


GATHERERS = {
    "tally_table": tally_table,
    "tally_chart": tally_chart,
    "roster": roster,
    "teams": teams,
    "service_points": service_points,
}


def gather(layout, node: Grid, period: Period) -> list[BlockData]:
    blocks = []
    for block in layout.blocks:
        value = block.value
        template = getattr(block.block, "report_template", "")
        if template:
            gatherer = import_string(block.block.report_gatherer)
        else:
            gatherer = GATHERERS.get(block.block_type)
        context = gatherer(node, period, value) if gatherer else {"text": value.get("text")}
        blocks.append(BlockData(block.block_type, value.get("heading", ""), context, template))
    return blocks
