"""PDF reports: the monthly report of a street with 200 grids against WeasyPrint alone rendering
the same final HTML (our data gathering and templating overhead), and the quarterly report of a
district with 2,000 grids (pages, seconds, peak memory)."""

import statistics
import tracemalloc

from bench.data import bulk_tallies, bulk_tree
from bench.harness import median_seconds
from governance.models import Grid, GridLevel, ReportLayout, TallyKind
from governance.periods import Period
from governance.services.reports import render_pdf, report_build, report_html


def tallied_tree(code, streets, communities, grids, months):
    district = bulk_tree(code=code, streets=streets, communities=communities, grids=grids, micros=0)
    kinds = list(TallyKind.objects.all())
    grid_ids = list(
        Grid.objects.subtree(district).filter(level=GridLevel.GRID).values_list("pk", flat=True)
    )
    bulk_tallies(grid_ids, kinds, months)
    return district, len(grid_ids)


def run():
    layout_month = ReportLayout.objects.get(name="社区月度工作报告")
    layout_quarter = ReportLayout.objects.get(name="街道季度工作汇总")
    month = Period.month(2026, 10)

    district, grids = tallied_tree("419801", 1, 20, 10, [month])
    street = Grid.objects.get(code="419801001")
    html = report_html(layout=layout_month, node=street, period=month)
    # Alternate the two so that drift in the machine's speed hits both alike.
    ours, alone, ratios = [], [], []
    for _ in range(7):
        ours_seconds, built = median_seconds(
            lambda: report_build(layout=layout_month, node=street, period=month, user=None),
            repeat=1,
        )
        alone_seconds, _ = median_seconds(lambda: render_pdf(html), repeat=1)
        ours.append(ours_seconds)
        alone.append(alone_seconds)
        ratios.append(ours_seconds / alone_seconds)
    ratio = statistics.median(ratios)
    html_seconds, _ = median_seconds(
        lambda: report_html(layout=layout_month, node=street, period=month), repeat=7
    )
    print(f"  of which data gathering and templating (report_html): {html_seconds * 1000:.0f} ms")
    print(
        f"monthly report, street with {grids} grids: ours {statistics.median(ours):.2f} s · "
        f"WeasyPrint alone on the same HTML {statistics.median(alone):.2f} s · "
        f"ours/alone = {ratio:.2f}× (overhead {ratio - 1:.0%}), {built.page_count} pages"
    )

    quarter = Period.quarter(2026, 3)
    months = [Period.month(2026, m) for m in (7, 8, 9)]
    district, grids = tallied_tree("419802", 10, 20, 10, months)
    seconds, built = median_seconds(
        lambda: report_build(layout=layout_quarter, node=district, period=quarter, user=None)
    )
    tracemalloc.start()
    report_build(layout=layout_quarter, node=district, period=quarter, user=None)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"quarterly report, district with {grids:,} grids: {built.page_count} pages, "
        f"{seconds:.1f} s, peak Python memory {peak / 1e6:.0f} MB"
    )
