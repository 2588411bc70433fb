"""Drawing a grid's boundary in the admin: the map field, what it draws beside the shape, and what
the server says about the shape (in Chinese, on the field) and about overlaps (after the save)."""

import json

import pytest
from django.urls import reverse

from governance.models import Grid
from tests.governance.geo.shapes import mapped_tree, square
from tests.governance.permission_world import build_world
from tests.governance.test_admin_registry import GRID_ADMIN, grid_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return mapped_tree()


def edit_form(client, grid):
    return client.get(reverse(f"{GRID_ADMIN}:edit", args=[grid.pk])).content.decode()


def json_script(html: str, element_id: str):
    start = html.index(f'id="{element_id}"')
    body = html[html.index(">", start) + 1 : html.index("</script>", start)]
    return json.loads(body)


def edit_data(grid, **overrides):
    data = grid_form_data(
        name=grid.name,
        code=grid.code,
        level=str(grid.level),
        kind=grid.kind,
        boundary=json.dumps(grid.boundary) if grid.boundary else "",
    )
    data.update(overrides)
    return data


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_form_draws_the_boundary_with_the_parent_and_the_siblings(admin_client, tree):
    html = edit_form(admin_client, tree["west"])

    assert "data-boundary-field" in html
    assert "leaflet/draw/leaflet.draw.js" in html and "governance/js/boundary-widget.js" in html
    # The raw GeoJSON stays in the form, inside a <details> for experts: open until the map's
    # script folds it, so without the script the textarea is the field.
    assert '<details class="boundary-field__raw" open' in html
    raw = html.split("data-boundary-raw", 1)[1].split("</details>", 1)[0]
    assert 'name="boundary"' in raw and "113.63" in raw
    reference = json_script(html, "id_boundary-reference")
    roles = {f["properties"]["name"]: f["properties"]["role"] for f in reference["features"]}
    assert roles == {"华府社区": "parent", "华府2号网格": "sibling", "华府菜市场": "sibling"}
    assert json_script(html, "id_boundary-map-config")["base"] == "offline"


def test_a_new_grid_under_a_parent_sees_the_parent_and_its_grids(admin_client, tree):
    url = reverse(f"{GRID_ADMIN}:add") + f"?parent={tree['community'].pk}"

    html = admin_client.get(url).content.decode()

    features = json_script(html, "id_boundary-reference")["features"]
    names = [feature["properties"]["name"] for feature in features]
    assert names == ["华府社区", "华府1号网格", "华府2号网格", "华府菜市场"]


def test_a_forged_parent_outside_the_users_grids_draws_nothing(client, tree):
    world = build_world()
    client.force_login(world.users["community_editor"])
    url = reverse(f"{GRID_ADMIN}:add") + f"?parent={tree['community'].pk}"

    html = client.get(url).content.decode()

    assert json_script(html, "id_boundary-reference")["features"] == []
    assert "华府菜市场" not in html


def test_a_drawn_boundary_is_saved_with_its_extent_and_found_by_the_locate_api(
    admin_client, client, tree
):
    drawn = square(113.641, 34.721, 0.008)

    response = admin_client.post(
        reverse(f"{GRID_ADMIN}:edit", args=[tree["east"].pk]),
        edit_data(tree["east"], boundary=json.dumps(drawn)),
    )

    assert response.status_code == 302
    east = Grid.objects.get(pk=tree["east"].pk)
    assert east.boundary == drawn
    assert (east.extent_west, east.extent_north) == pytest.approx((113.641, 34.729))
    located = client.get("/api/registry/grids/locate/", {"lat": "34.7285", "lon": "113.6485"})
    assert located.json()["code"] == east.code


def test_an_empty_boundary_is_saved_as_none(admin_client, tree):
    response = admin_client.post(
        reverse(f"{GRID_ADMIN}:edit", args=[tree["east"].pk]), edit_data(tree["east"], boundary="")
    )

    assert response.status_code == 302
    east = Grid.objects.get(pk=tree["east"].pk)
    assert east.boundary is None and east.extent_west is None


def bowtie():
    return {
        "type": "Polygon",
        "coordinates": [
            [
                [113.641, 34.721],
                [113.649, 34.729],
                [113.649, 34.721],
                [113.641, 34.725],
                [113.641, 34.721],
            ]
        ],
    }


def boundary_errors(response) -> list[str]:
    return [str(error) for error in response.context["form"].errors.get("boundary", [])]


def test_a_self_crossing_boundary_is_refused_on_the_field_in_chinese(admin_client, tree):
    response = admin_client.post(
        reverse(f"{GRID_ADMIN}:edit", args=[tree["east"].pk]),
        edit_data(tree["east"], boundary=json.dumps(bowtie())),
    )

    assert response.status_code == 200
    [error] = boundary_errors(response)
    assert error.startswith("边界不是有效的多边形：边线自相交") and "113.6436" in error
    assert Grid.objects.get(pk=tree["east"].pk).boundary == tree["east"].boundary


def test_a_boundary_outside_the_parent_is_refused_on_the_field_in_chinese(admin_client, tree):
    response = admin_client.post(
        reverse(f"{GRID_ADMIN}:edit", args=[tree["east"].pk]),
        edit_data(tree["east"], boundary=json.dumps(square(113.645, 34.72, 0.03))),
    )

    assert response.status_code == 200
    [error] = boundary_errors(response)
    assert "超出华府社区的边界" in error and "米" in error


def test_a_new_grid_outside_its_parent_is_refused_on_the_field_not_a_server_error(
    admin_client, tree
):
    response = admin_client.post(
        reverse(f"{GRID_ADMIN}:add"),
        grid_form_data(
            parent=tree["community"].pk,
            name="华府3号网格",
            code=tree["community"].code + "009",
            level="4",
            boundary=json.dumps(square(113.70, 34.80, 0.01)),
        ),
    )

    assert response.status_code == 200
    [error] = boundary_errors(response)
    assert "超出华府社区的边界" in error
    assert not Grid.objects.filter(name="华府3号网格").exists()


def test_a_new_grid_with_a_crossing_boundary_hears_it_once(admin_client, tree):
    response = admin_client.post(
        reverse(f"{GRID_ADMIN}:add"),
        grid_form_data(
            parent=tree["community"].pk,
            name="华府3号网格",
            code=tree["community"].code + "009",
            level="4",
            boundary=json.dumps(bowtie()),
        ),
    )

    assert response.status_code == 200
    assert len(boundary_errors(response)) == 1
    assert "边线自相交" in boundary_errors(response)[0]


def test_an_overlap_with_a_regular_sibling_is_saved_with_a_warning_naming_it(admin_client, tree):
    # 2号网格 grows 300 m west, over 1号网格 (and the market, which may overlap it).
    response = admin_client.post(
        reverse(f"{GRID_ADMIN}:edit", args=[tree["east"].pk]),
        edit_data(tree["east"], boundary=json.dumps(square(113.637, 34.72, 0.01))),
        follow=True,
    )

    assert response.status_code == 200
    [warning] = [m for m in messages_of(response) if "重叠" in m]
    assert "华府1号网格" in warning and "华府菜市场" not in warning
    assert Grid.objects.get(pk=tree["east"].pk).boundary == square(113.637, 34.72, 0.01)


def test_no_warning_for_neighbours_that_only_touch_or_an_exclusive_grid(admin_client, tree):
    response = admin_client.post(
        reverse(f"{GRID_ADMIN}:edit", args=[tree["market"].pk]),
        edit_data(tree["market"]),
        follow=True,
    )
    assert not [m for m in messages_of(response) if "重叠" in m]

    response = admin_client.post(
        reverse(f"{GRID_ADMIN}:edit", args=[tree["east"].pk]), edit_data(tree["east"]), follow=True
    )
    assert not [m for m in messages_of(response) if "重叠" in m]


def test_choosing_another_parent_asks_for_its_shapes(admin_client, tree):
    html = admin_client.get(reverse(f"{GRID_ADMIN}:add")).content.decode()
    assert 'data-parent-input="id_parent"' in html

    response = admin_client.get(
        reverse("governance_boundary_neighbours"), {"parent": tree["street"].pk}
    )

    assert response.status_code == 200
    roles = [
        (f["properties"]["name"], f["properties"]["role"]) for f in response.json()["features"]
    ]
    assert roles == [("人和路街道", "parent"), ("华府社区", "sibling")]


@pytest.mark.parametrize("parent", ["street", "abc", "99999999", ""])
def test_the_shapes_of_a_parent_outside_the_users_grids_are_not_found(client, tree, parent):
    world = build_world()
    client.force_login(world.users["community_editor"])
    value = str(tree[parent].pk) if parent in tree else parent

    response = client.get(reverse("governance_boundary_neighbours"), {"parent": value})

    assert response.status_code == 404
    assert "人和路街道" not in response.content.decode()


def test_a_new_grid_over_a_regular_sibling_is_created_with_the_warning(admin_client, tree):
    response = admin_client.post(
        reverse(f"{GRID_ADMIN}:add"),
        grid_form_data(
            parent=tree["community"].pk,
            name="华府3号网格",
            code=tree["community"].code + "009",
            level="4",
            boundary=json.dumps(square(113.635, 34.725, 0.01)),
        ),
        follow=True,
    )

    [warning] = [m for m in messages_of(response) if "重叠" in m]
    assert "华府1号网格" in warning and "华府2号网格" in warning
    assert Grid.objects.get(name="华府3号网格").extent_west == pytest.approx(113.635)


def seen_stamp(html: str) -> str:
    start = html.index('name="seen_updated_at"')
    value = html.index('value="', start) + len('value="')
    return html[value : html.index('"', value)]


def test_a_save_over_someone_elses_later_save_is_refused(admin_client, tree):
    """Two editors open the same grid; the first saves, the second's older form is refused
    instead of silently erasing the first one's boundary."""
    url = reverse(f"{GRID_ADMIN}:edit", args=[tree["east"].pk])
    first_opened = seen_stamp(edit_form(admin_client, tree["east"]))
    second_opened = seen_stamp(edit_form(admin_client, tree["east"]))
    first = square(113.641, 34.721, 0.008)
    second = square(113.642, 34.722, 0.006)

    saved = admin_client.post(
        url, edit_data(tree["east"], boundary=json.dumps(first), seen_updated_at=first_opened)
    )
    refused = admin_client.post(
        url, edit_data(tree["east"], boundary=json.dumps(second), seen_updated_at=second_opened)
    )

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert "其他人" in refused.content.decode()
    assert Grid.objects.get(pk=tree["east"].pk).boundary == first
