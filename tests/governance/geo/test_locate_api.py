"""The map's two reads: a subtree's boundaries and which grid holds a point."""

import pytest

from governance.factories import make_grid
from governance.geo.china import wgs84_to_gcj02
from governance.geo.features import subtree_boundaries
from tests.governance.geo.shapes import square

pytestmark = pytest.mark.django_db


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
    assert [step["name"] for step in body["breadcrumbs"]] == [
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


@pytest.mark.parametrize("query", [{"lat": "abc", "lon": "113"}, {"lat": "91", "lon": "113"}])
def test_bad_coordinates_are_a_chinese_400(client, mapped_tree, query):
    response = client.get("/api/registry/grids/locate/", query)
    assert response.status_code == 400
    assert "纬度" in response.json()["detail"] or "lat" in response.json()["detail"]


def test_a_gcj02_point_is_shifted_back_before_the_lookup(client, mapped_tree):
    longitude, latitude = wgs84_to_gcj02(113.6395, 34.7250)
    response = client.get(
        "/api/registry/grids/locate/", {"lat": latitude, "lon": longitude, "datum": "GCJ02"}
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


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/registry/grids.geojson", 422),
        ("/api/registry/grids.geojson?within=999999", 404),
        ("/api/registry/grids/locate/?lon=113.6", 422),
    ],
)
def test_missing_or_unknown_parameters(client, mapped_tree, path, status):
    assert client.get(path).status_code == status


def test_a_subtrees_boundaries_are_built_once_until_the_registry_changes(
    mapped_tree, django_assert_num_queries
):
    community = mapped_tree["community"]
    first = subtree_boundaries(community)
    with django_assert_num_queries(0):
        assert subtree_boundaries(community) == first
    west = mapped_tree["west"]
    west.name = "华府社区一号网格"
    west.save()
    names = [f["properties"]["name"] for f in subtree_boundaries(community)["features"]]
    assert "华府社区一号网格" in names


def test_the_boundaries_are_lightened_for_maps(mapped_tree):
    community = mapped_tree["community"]
    wiggly = [[113.63 + i * 0.0001, 34.72 + (i % 2) * 0.0000001] for i in range(100)]
    ring = [*wiggly, [113.64, 34.73], [113.63, 34.73], wiggly[0]]
    community.boundary = {"type": "Polygon", "coordinates": [ring]}
    community.save()
    feature = subtree_boundaries(community)["features"][0]
    assert len(feature["geometry"]["coordinates"][0]) < 10
