"""查找我的网格: how a resident writes a building or an address still finds the grid."""

import pytest

from governance.models import Grid

GRID = Grid(name="华府社区3号网格", code="410103001001003", coverage="31号楼\n33号楼\n华府路7号院")


@pytest.mark.parametrize(
    "typed",
    [
        "33号楼",
        "33栋",
        "33幢",
        "33座",
        "３３栋",
        " 33 号楼 ",
        "华府路",
        "华府路7号院",
        "华府小区33栋",
    ],
)
def test_matches_place__finds_the_grid(typed):
    assert GRID.matches_place(typed)


@pytest.mark.parametrize("typed", ["3号楼", "3栋", "333号楼", "34栋", "建设路", "", "  "])
def test_matches_place__does_not_find_another_building(typed):
    assert not GRID.matches_place(typed)
