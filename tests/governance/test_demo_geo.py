"""The demo's map fills in what is missing and never makes a family of grids overlap."""

import itertools

import pytest

from governance.demo_geo import seed_map
from governance.factories import make_grid
from governance.geo.shapes import overlap_square_metres, to_shape
from governance.models import Grid, GridKind, ServicePoint, ServicePointKind
from governance.models.grids import validate_boundary

pytestmark = pytest.mark.django_db


@pytest.fixture
def erqi():
    """A small 二七区: one street, one community with three grids and a market."""
    district = make_grid(name="二七区", code="410103")
    street = make_grid(district, name="人和路街道")
    community = make_grid(street, name="华府社区")
    grids = [make_grid(community, name=f"华府社区{n}号网格") for n in (1, 2, 3)]
    make_grid(community, name="华府农贸市场专属网格", code="410103001001901", kind=GridKind.MARKET)
    make_grid(grids[0], name="华府社区1号网格1号微网格")
    kind = ServicePointKind.objects.create(name="暖心驿站", slug="warm-station")
    ServicePoint.objects.create(name="华府暖心驿站", kind=kind, grid=grids[1], walking_minutes=5)
    return community


def test_every_grid_gets_a_boundary_inside_its_parent_and_a_second_run_changes_nothing(erqi):
    assert seed_map() > 0

    for grid in Grid.objects.all():
        parent = grid.get_parent()
        validate_boundary(grid.boundary, parent=parent)
        assert grid.latitude is not None and grid.lattice_key
    regular = [to_shape(g.boundary) for g in erqi.get_children() if not g.is_exclusive]
    assert all(overlap_square_metres(a, b) == 0 for a, b in itertools.combinations(regular, 2))
    assert ServicePoint.objects.get().latitude is not None
    assert seed_map() == 0


def test_a_drawn_boundary_is_kept_and_a_grid_added_beside_drawn_ones_is_left_to_draw(erqi):
    seed_map()
    first = Grid.objects.get(name="华府社区1号网格")
    drawn = first.boundary
    added = make_grid(erqi, name="华府社区4号网格")

    seed_map()

    assert Grid.objects.get(pk=first.pk).boundary == drawn
    assert Grid.objects.get(pk=added.pk).boundary is None


def test_districts_that_are_not_the_demos_are_left_alone(erqi):
    elsewhere = make_grid(name="某区", code="999001")

    seed_map()

    assert Grid.objects.get(pk=elsewhere.pk).boundary is None
