"""Colour scales of the grid map: five steps of one hue, darker where there is more.

Counts are cut into equal steps from 0 to the largest value on the map, so a street's map and
a community's each use the whole scale. Rates use fixed steps, so 85% is the same colour on
every map. Palettes are ColorBrewer's sequential ones (legible for the colour-blind, and in
grey on paper): red where more is worse, blue-green where more is better, blue otherwise.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass

from governance.geo.map_figures import MORE_IS_BETTER, MORE_IS_WORSE

PALETTES = {
    MORE_IS_WORSE: ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"),
    MORE_IS_BETTER: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    "neutral": ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"),
}
NO_DATA = "#d9d9d9"
STEPS = 5
# Rates below 60% are all equally a problem; above, every ten points counts.
RATE_BOUNDS = (0.6, 0.7, 0.8, 0.9)


@dataclass(frozen=True)
class Step:
    colour: str
    label: str


@dataclass(frozen=True)
class Scale:
    steps: tuple[Step, ...]
    # The lower bound of each step but the first.
    bounds: tuple[float, ...]

    def colour(self, value) -> str:
        if value is None:
            return NO_DATA
        index = sum(1 for bound in self.bounds if value >= bound)
        return self.steps[index].colour


def palette_of(direction: str, count: int) -> list[str]:
    """`count` colours spread over the palette, light to dark."""
    colours = PALETTES.get(direction, PALETTES["neutral"])
    if count == 1:
        return [colours[0]]
    return [colours[round(i * (len(colours) - 1) / (count - 1))] for i in range(count)]


def count_scale(values: Iterable, direction: str) -> Scale:
    """Whole numbers: 0 on its own (nothing there is news of its own), then 1 to the largest
    in up to four equal steps (1–10, 11–20, …)."""
    largest = max((int(value) for value in values if value is not None), default=0)
    width = math.ceil(largest / (STEPS - 1)) or 1
    ranges = [(0, 0)] + [
        (low, min(low + width - 1, largest)) for low in range(1, largest + 1, width)
    ]
    colours = palette_of(direction, len(ranges))
    steps = tuple(
        Step(colour, str(low) if low == high else f"{low}–{high}")
        for colour, (low, high) in zip(colours, ranges, strict=True)
    )
    return Scale(steps, tuple(low for low, _high in ranges[1:]))


def rate_scale(direction: str) -> Scale:
    colours = palette_of(direction, len(RATE_BOUNDS) + 1)
    edges = [f"{bound * 100:.0f}%" for bound in RATE_BOUNDS]
    labels = [f"<{edges[0]}"]
    labels += [f"{low}–{high}" for low, high in zip(edges, edges[1:], strict=False)]
    labels.append(f"≥{edges[-1]}")
    return Scale(
        tuple(Step(colour, label) for colour, label in zip(colours, labels, strict=True)),
        RATE_BOUNDS,
    )


def shown(value, *, is_rate: bool) -> str:
    """A value as the map's labels and table write it."""
    if value is None:
        return "—"
    if is_rate:
        return f"{value * 100:.1f}%"
    return str(int(value))
