"""Vector charts for PDF reports, drawn by pygal as inline SVG (no hand-written chart maths)."""

import pygal
from pygal.style import Style

CHART_STYLE = Style(
    font_family="'Noto Sans CJK SC', 'Noto Sans SC', sans-serif",
    background="white",
    plot_background="white",
    foreground="#1f2328",
    foreground_strong="#1f2328",
    foreground_subtle="#57606a",
    colors=("#b3261e", "#1d4e89", "#0b5d3b", "#8a4b00"),
    title_font_size=16,
    label_font_size=11,
    major_label_font_size=11,
    value_font_size=10,
)


def bar_chart(title: str, labels: list[str], values: list[int]) -> str:
    chart = pygal.Bar(
        style=CHART_STYLE,
        width=700,
        height=320,
        show_legend=False,
        print_values=True,
        x_label_rotation=30 if len(labels) > 8 else 0,
        # No script tags: the PDF needs none and the fetcher would refuse them anyway.
        js=[],
        disable_xml_declaration=True,
    )
    chart.title = title
    chart.x_labels = labels
    chart.add(title, values)
    return chart.render(is_unicode=True)
