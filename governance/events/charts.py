"""The dashboard's event charts: pygal SVG drawn on the server and inlined (no chart CDN, no
script), each bar a link into the filtered inbox."""

import re

import pygal
from django.utils.translation import gettext as _
from pygal.style import Style

from governance.reports.charts import CHART_STYLE, count_ticks, label_margin

# Larger type than the PDFs': the SVG scales down to a 360-px phone screen.
DASHBOARD_STYLE = Style(
    font_family=CHART_STYLE.font_family,
    background="transparent",
    plot_background="transparent",
    foreground=CHART_STYLE.foreground,
    foreground_strong=CHART_STYLE.foreground_strong,
    foreground_subtle=CHART_STYLE.foreground_subtle,
    colors=CHART_STYLE.colors,
    title_font_size=18,
    label_font_size=15,
    major_label_font_size=15,
    value_font_size=14,
    legend_font_size=15,
)


def linked(values, urls) -> list[dict]:
    return [
        {"value": value, "xlink": {"href": url, "target": "_top"}}
        for value, url in zip(values, urls, strict=True)
    ]


# pygal writes its config into a <script> even with js=[]: the admin's CSP allows no inline
# script, and the charts need none.
SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)


def render(chart) -> str:
    return SCRIPT.sub("", chart.render(is_unicode=True))


def options(**extra) -> dict:
    return {
        "style": DASHBOARD_STYLE,
        "width": 420,
        "height": 320,
        "js": [],
        "disable_xml_declaration": True,
        "legend_at_bottom": True,
        "print_values": True,
        "print_zeroes": False,
        "no_data_text": _("No events yet"),
        "margin": 8,
        **extra,
    }


def monthly_chart(title: str, labels, series: list[tuple[str, list[int], list[str]]]) -> str:
    """Bars per month, one series each (reported, resolved)."""
    chart = pygal.Bar(
        **options(
            legend_at_bottom_columns=len(series),
            y_labels=count_ticks([v for _n, values, _u in series for v in values]),
        )
    )
    chart.title = title
    chart.x_labels = labels
    for name, values, urls in series:
        chart.add(name, linked(values, urls))
    return render(chart)


def rates_chart(title: str, labels, series: list[tuple[str, list, list[str]]]) -> str:
    """Percentages per node, side by side, in horizontal bars so long names stay whole."""
    chart = pygal.HorizontalBar(
        **options(
            height=max(220, 70 + 52 * len(labels)),
            range=(0, 100),
            y_labels=[0, 25, 50, 75, 100],
            margin_right=24,
            margin_left=label_margin(labels, DASHBOARD_STYLE.label_font_size),
            value_formatter=lambda value: f"{value:g}%",
            legend_at_bottom_columns=len(series),
        )
    )
    chart.title = title
    chart.x_labels = labels
    for name, values, urls in series:
        chart.add(name, linked([None if v is None else round(v * 100, 1) for v in values], urls))
    return render(chart)


def age_chart(title: str, labels, values: list[int], urls: list[str]) -> str:
    chart = pygal.Bar(**options(show_legend=False, y_labels=count_ticks(values)))
    chart.title = title
    chart.x_labels = labels
    chart.add(title, linked(values, urls))
    return render(chart)
