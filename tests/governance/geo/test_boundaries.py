"""What makes a boundary acceptable, said in Chinese, and the extent the map looks up by."""

import pytest
from django.core.exceptions import ValidationError

from governance.factories import make_grid
from governance.geo.china import gcj02_to_wgs84, wgs84_to_gcj02
from governance.geo.lattice import key_of_extent, keys_at
from governance.models import Grid
from tests.governance.geo.shapes import square

pytestmark = pytest.mark.django_db

BOWTIE = {
    "type": "Polygon",
    "coordinates": [
        [[113.63, 34.72], [113.64, 34.73], [113.64, 34.72], [113.63, 34.73], [113.63, 34.72]]
    ],
}


def field_error(grid) -> str:
    with pytest.raises(ValidationError) as refused:
        grid.full_clean()
    return " ".join(refused.value.message_dict["boundary"])


def test_a_self_intersecting_boundary_is_refused_saying_where():
    district = make_grid(name="二七区")
    district.boundary = BOWTIE
    message = field_error(district)
    assert "边线自相交" in message
    assert "113.635000" in message


def test_overlapping_parts_are_named_as_such_not_as_a_crossed_edge():
    district = make_grid(name="二七区")
    district.boundary = {
        "type": "MultiPolygon",
        "coordinates": [
            square(113.60, 34.70, 0.02)["coordinates"],
            square(113.61, 34.71, 0.02)["coordinates"],
        ],
    }
    assert "各部分相互重叠" in field_error(district)


@pytest.mark.parametrize(
    "boundary",
    [
        {"type": "Point", "coordinates": [113.6, 34.7]},
        {"type": "Polygon", "coordinates": [[[113.6, 34.7], [113.6, 34.7], [113.6, 34.7]]]},
        {"type": "Polygon", "coordinates": [[[113.6, 134.7], [113.7, 34.7], [113.7, 34.8]]]},
        {"type": "Polygon", "coordinates": [[["a", "b"]]]},
        {"type": "Polygon", "coordinates": [[[True, False], [1, 1], [1, 0], [True, False]]]},
        {"type": "Polygon", "coordinates": "nothing"},
    ],
)
def test_nonsense_is_refused_in_chinese(boundary):
    district = make_grid(name="二七区")
    district.boundary = boundary
    message = field_error(district)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)


def test_a_grid_straying_outside_its_parent_is_refused():
    street = make_grid(
        make_grid(name="二七区"), name="人和路街道", boundary=square(113.62, 34.71, 0.04)
    )
    community = make_grid(street, name="华府社区", boundary=square(113.63, 34.72, 0.02))
    community.boundary = square(113.65, 34.72, 0.02)  # half of it east of the street
    message = field_error(community)
    assert "超出人和路街道的边界" in message


def test_a_few_metres_over_the_parents_edge_is_tolerated():
    street = make_grid(
        make_grid(name="二七区"), name="人和路街道", boundary=square(113.62, 34.71, 0.04)
    )
    community = make_grid(street, name="华府社区")
    community.boundary = square(113.62 - 0.0001, 34.72, 0.01)  # about 9 m west of the line
    community.full_clean()


def test_a_new_grid_outside_its_parent_is_refused_on_creation():
    street = make_grid(
        make_grid(name="二七区"), name="人和路街道", boundary=square(113.62, 34.71, 0.04)
    )
    with pytest.raises(ValidationError):
        make_grid(street, name="华府社区", boundary=square(113.70, 34.72, 0.02))
    assert not Grid.objects.filter(name="华府社区").exists()


def test_the_extent_follows_the_boundary():
    district = make_grid(name="二七区", boundary=square(113.60, 34.70, 0.08))
    assert (district.extent_west, district.extent_north) == (113.60, pytest.approx(34.78))
    assert district.lattice_key in keys_at(113.64, 34.74)
    district.boundary = None
    district.save()
    district.refresh_from_db()
    assert district.extent_west is None and district.lattice_key == ""


def test_a_point_in_the_extent_always_finds_the_extents_key():
    for west, south, size in [(113.6, 34.7, 0.003), (113.6399, 34.7199, 0.0002), (100, 20, 30)]:
        key = key_of_extent(west, south, west + size, south + size)
        assert key in keys_at(west + size / 2, south + size / 2)


def test_gcj02_round_trip_and_no_shift_outside_china():
    shifted = wgs84_to_gcj02(113.64, 34.72)
    assert shifted != (113.64, 34.72)
    assert gcj02_to_wgs84(*shifted) == (
        pytest.approx(113.64, abs=1e-7),
        pytest.approx(34.72, abs=1e-7),
    )
    assert wgs84_to_gcj02(2.35, 48.85) == (2.35, 48.85)
