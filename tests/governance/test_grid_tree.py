import pytest
from django.core.exceptions import ValidationError

from governance.factories import make_grid
from governance.models import Grid, GridLevel
from governance.services.grids import grid_create


@pytest.mark.django_db
def test_grid_create__refuses_a_code_that_does_not_extend_the_parents():
    district = make_grid(name="二七区", code="410103")

    with pytest.raises(ValidationError) as error:
        grid_create(
            grid=Grid(name="人和路街道", code="410102001", level=GridLevel.STREET), parent=district
        )

    assert "必须以上级网格的编码“410103”开头" in " ".join(error.value.message_dict["code"])
    assert Grid.objects.count() == 1


@pytest.mark.django_db
def test_grid_create__refuses_the_wrong_level_under_a_parent():
    district = make_grid(name="二七区", code="410103")

    with pytest.raises(ValidationError) as error:
        grid_create(
            grid=Grid(name="华府社区", code="410103001001", level=GridLevel.COMMUNITY),
            parent=district,
        )

    messages = " ".join(error.value.message_dict["level"])
    assert "二七区" in messages and "街道（一级网格）" in messages


@pytest.mark.django_db
def test_grid_create__refuses_a_code_of_the_wrong_length():
    district = make_grid(name="二七区", code="410103")

    with pytest.raises(ValidationError) as error:
        grid_create(
            grid=Grid(name="人和路街道", code="4101030011", level=GridLevel.STREET), parent=district
        )

    assert "应为 9 位" in " ".join(error.value.message_dict["code"])


@pytest.mark.django_db
def test_grid_create__only_districts_at_the_top():
    with pytest.raises(ValidationError) as error:
        grid_create(
            grid=Grid(name="人和路街道", code="410103001", level=GridLevel.STREET), parent=None
        )

    assert "level" in error.value.message_dict


@pytest.mark.django_db
def test_grid_create__rejects_a_boundary_that_is_not_an_area():
    district = make_grid(name="二七区", code="410103")

    with pytest.raises(ValidationError) as error:
        grid_create(
            grid=Grid(
                name="人和路街道",
                code="410103001",
                level=GridLevel.STREET,
                boundary={"type": "Point", "coordinates": [113.6, 34.7]},
            ),
            parent=district,
        )

    assert "boundary" in error.value.message_dict


@pytest.mark.django_db
def test_subtree__is_one_query_and_holds_every_descendant(tree, django_assert_num_queries):
    street = tree["street"][0]

    with django_assert_num_queries(1):
        names = list(Grid.objects.subtree(street).values_list("name", flat=True))

    # street + 2 communities + 4 grids + 4 micro grids
    assert len(names) == 11
    assert all(name.startswith(("测试1", "网格")) for name in names)


@pytest.mark.django_db
def test_breadcrumbs__list_ancestors_from_the_top(tree):
    micro = tree["micro"][0]

    assert [node.level for node in micro.breadcrumbs()] == [1, 2, 3, 4]
