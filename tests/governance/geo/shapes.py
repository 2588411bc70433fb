"""Boundaries for the map tests: squares and a small mapped tree around 二七区."""

from governance.factories import make_grid
from governance.models import GridKind


def square(west, south, size):
    return {
        "type": "Polygon",
        "coordinates": [
            [
                [west, south],
                [west + size, south],
                [west + size, south + size],
                [west, south + size],
                [west, south],
            ]
        ],
    }


def mapped_tree():
    """二七区 ⊃ 人和路街道 ⊃ 华府社区 ⊃ two grids side by side (west, east) and a market that
    lies over both (an exclusive grid); 大学路街道 beside 人和路街道."""
    district = make_grid(name="二七区", code="410103", boundary=square(113.60, 34.70, 0.08))
    street = make_grid(district, name="人和路街道", boundary=square(113.62, 34.71, 0.04))
    other_street = make_grid(district, name="大学路街道", boundary=square(113.66, 34.71, 0.01))
    community = make_grid(street, name="华府社区", boundary=square(113.63, 34.72, 0.02))
    west = make_grid(community, name="华府1号网格", boundary=square(113.63, 34.72, 0.01))
    east = make_grid(community, name="华府2号网格", boundary=square(113.64, 34.72, 0.01))
    market = make_grid(
        community,
        name="华府菜市场",
        kind=GridKind.MARKET,
        boundary=square(113.638, 34.722, 0.004),
    )
    return {
        "district": district,
        "street": street,
        "other_street": other_street,
        "community": community,
        "west": west,
        "east": east,
        "market": market,
    }
