"""Vector charts for PDF reports, drawn by pygal as inline SVG (no hand-written chart maths)."""

import math

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


# The plot's width in the report's SVG, less pygal's margins and axis labels.
PLOT_WIDTH = 620


def count_ticks(values) -> list[int]:
    """Whole-number ticks for counts, the last at or above the largest value (pygal would label
    1.2, 1.4 … on a small scale, and let a bar of 29 rise past its top line of 28)."""
    top = math.ceil(max([0, *values]))
    step = max(1, math.ceil(top / 5))
    return list(range(0, top + step + 1, step))


def label_margin(labels, font_size: int) -> int:
    """pygal sizes label room for Latin text (about 0.6 em a character); a Chinese character
    is a full em, so names would be cut off without the difference as extra margin."""
    longest = max((len(label) for label in labels), default=0)
    return math.ceil(longest * font_size * 0.45)


def labels_collide(labels, font_size: int, width: int = PLOT_WIDTH) -> bool:
    """Whether the widest label (a full em a Chinese character) is wider than its bar's room."""
    longest = max((len(label) for label in labels), default=0)
    return bool(labels) and longest * font_size > width / len(labels)


def bar_chart(title: str, labels: list[str], values: list[int]) -> str:
    font_size = CHART_STYLE.label_font_size
    rotate = labels_collide(labels, font_size)
    ticks = count_ticks(values)
    chart = pygal.Bar(
        style=CHART_STYLE,
        width=700,
        # Rotated names need the room of their length below the plot (pygal counts Latin widths).
        height=320 + (label_margin(labels, font_size) if rotate else 0),
        show_legend=False,
        print_values=True,
        x_label_rotation=45 if rotate else 0,
        margin_bottom=label_margin(labels, font_size) if rotate else None,
        margin_right=label_margin(labels, font_size) if rotate else None,
        y_labels=ticks,
        range=(0, ticks[-1]),
        # No script tags: the PDF needs none and the fetcher would refuse them anyway.
        js=[],
        disable_xml_declaration=True,
    )
    chart.title = title
    chart.x_labels = labels
    chart.add(title, values)
    return chart.render(is_unicode=True)
