"""Shared by the report form's tests: the permission world with 华府1号网格 covering two
buildings (the form finds the grid from the building typed)."""

import pytest

from tests.governance.permission_world import build_world


@pytest.fixture
def covered_world(db):
    world = build_world()
    world.nodes["g1111"].coverage = "33号楼\n35号楼"
    world.nodes["g1111"].save()
    return world
