"""The map's two reads: a subtree's boundaries and which grid holds a point."""

import pytest

from governance.factories import make_grid
from governance.geo.china import wgs84_to_gcj02

pytestmark = pytest.mark.django_db


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


@pytest.fixture
def mapped_tree():
    district = make_grid(name="二七区", boundary=square(113.60, 34.70, 0.08))
    street = make_grid(district, name="人和路街道", boundary=square(113.62, 34.71, 0.04))
    community = make_grid(street, name="华府社区", boundary=square(113.63, 34.72, 0.02))
    west = make_grid(community, name="华府社区1号网格", boundary=square(113.63, 34.72, 0.01))
    east = make_grid(community, name="华府社区2号网格", boundary=square(113.64, 34.72, 0.01))
    return {
        "district": district,
        "street": street,
        "community": community,
        "west": west,
        "east": east,
    }


def test_locate_names_the_deepest_grid_and_its_path(client, mapped_tree):
    response = client.get("/api/registry/grids/locate/", {"lat": "34.725", "lon": "113.645"})
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == mapped_tree["east"].code
    assert [step["name"] for step in body["path"]] == [
        "二七区",
        "人和路街道",
        "华府社区",
        "华府社区2号网格",
    ]


def test_a_point_inside_the_community_but_no_grid_gives_the_community(client, mapped_tree):
    response = client.get("/api/registry/grids/locate/", {"lat": "34.735", "lon": "113.645"})
    assert response.json()["code"] == mapped_tree["community"].code


def test_outside_every_boundary_is_a_chinese_404(client, mapped_tree):
    response = client.get("/api/registry/grids/locate/", {"lat": "39.9", "lon": "116.4"})
    assert response.status_code == 404
    assert "没有" in response.json()["detail"]


@pytest.mark.parametrize("query", [{}, {"lat": "abc", "lon": "113"}, {"lat": "91", "lon": "113"}])
def test_bad_coordinates_are_a_chinese_400(client, mapped_tree, query):
    response = client.get("/api/registry/grids/locate/", query)
    assert response.status_code == 400
    assert "纬度" in response.json()["detail"] or "lat" in response.json()["detail"]


def test_a_gcj02_point_is_shifted_back_before_the_lookup(client, mapped_tree):
    longitude, latitude = wgs84_to_gcj02(113.6395, 34.7250)
    response = client.get(
        "/api/registry/grids/locate/", {"lat": latitude, "lon": longitude, "datum": "gcj02"}
    )
    assert response.json()["code"] == mapped_tree["west"].code


def test_the_boundaries_of_a_subtree(client, mapped_tree):
    response = client.get("/api/registry/grids.geojson", {"within": mapped_tree["community"].code})
    assert response.status_code == 200
    features = response.json()["features"]
    assert [f["properties"]["name"] for f in features] == [
        "华府社区",
        "华府社区1号网格",
        "华府社区2号网格",
    ]
    assert features[1]["properties"] == {
        "code": mapped_tree["west"].code,
        "name": "华府社区1号网格",
        "level": 4,
        "kind": "regular",
    }
    assert features[1]["geometry"]["type"] == "Polygon"


def test_the_boundaries_need_a_subtree(client, mapped_tree):
    response = client.get("/api/registry/grids.geojson")
    assert response.status_code == 400
