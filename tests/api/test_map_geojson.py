"""The service points' GeoJSON is bounded: a map asks by bbox or subtree, and a request that
matches more than the maximum is refused with a message saying how to narrow it."""

import pytest

from governance.api import map_bounds
from governance.factories import AmenityFactory, ServicePointFactory

GEOJSON = "/api/registry/service-points.geojson"


def points_at(grid, *coordinates):
    return [
        ServicePointFactory(grid=grid, name=f"点{lon},{lat}", longitude=lon, latitude=lat)
        for lon, lat in coordinates
    ]


def names(response) -> set[str]:
    assert response.status_code == 200, response.content.decode()
    return {feature["properties"]["name"] for feature in response.json()["features"]}


@pytest.mark.django_db
def test_bbox_returns_the_points_inside_it(client, tree):
    grid = tree["grid"][0]
    points_at(grid, (113.60, 34.70), (113.65, 34.75), (113.70, 34.80), (113.80, 34.75))
    ServicePointFactory(grid=grid, name="没有坐标")

    inside = names(client.get(GEOJSON, {"bbox": "113.6,34.7,113.7,34.8"}))

    assert inside == {"点113.6,34.7", "点113.65,34.75", "点113.7,34.8"}


@pytest.mark.django_db
def test_within_and_bbox_narrow_together(client, tree):
    first, second = tree["grid"][:2]
    points_at(first, (113.61, 34.71), (113.90, 34.90))
    points_at(second, (113.62, 34.72))

    assert names(client.get(GEOJSON, {"within": first.code})) == {
        "点113.61,34.71",
        "点113.9,34.9",
    }
    assert names(client.get(GEOJSON, {"within": first.code, "bbox": "113.6,34.7,113.7,34.8"})) == {
        "点113.61,34.71"
    }


@pytest.mark.django_db
def test_more_than_the_maximum_is_refused_with_what_to_add(client, tree, monkeypatch):
    monkeypatch.setattr(map_bounds, "MAX_MAP_FEATURES", 2)
    first, second = tree["grid"][:2]
    points_at(first, (113.61, 34.71), (113.62, 34.72))
    points_at(second, (113.63, 34.73))

    everything = client.get(GEOJSON)
    one_grid = client.get(GEOJSON, {"within": first.code})
    small_box = client.get(GEOJSON, {"bbox": "113.6,34.7,113.615,34.715"})

    assert everything.status_code == 400
    detail = everything.json()["detail"]
    assert "超过 2 个" in detail and "within" in detail and "bbox" in detail
    assert len(names(one_grid)) == 2
    assert names(small_box) == {"点113.61,34.71"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bbox",
    [
        "113.6,34.7,113.7",
        "113.6,34.7,113.7,34.8,1",
        "东,34.7,113.7,34.8",
        "113.6,34.7,113.7,nan",
        "1e2,34.7,113.7,34.8",
        "113.6;34.7;113.7;34.8",
        "181,34.7,182,34.8",
        "113.6,-91,113.7,34.8",
        "113.7,34.7,113.6,34.8",
        "113.6,34.8,113.7,34.7",
    ],
)
def test_a_malformed_bbox_gets_a_400_in_chinese(client, tree, bbox):
    response = client.get(GEOJSON, {"bbox": bbox})

    assert response.status_code == 400
    assert "bbox=" in response.json()["detail"] and "经度" in response.json()["detail"]


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_points(
    client, tree, django_assert_num_queries, settings
):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    grid = tree["grid"][0]
    amenity = AmenityFactory()
    url = f"{GEOJSON}?within={tree['district'][0].code}&bbox=113,34,114,35"
    points_at(grid, (113.61, 34.71))
    with django_assert_num_queries(3) as few:
        client.get(url)

    for point in points_at(grid, *((113.6 + n / 100, 34.7) for n in range(20))):
        point.amenities.add(amenity)

    with django_assert_num_queries(len(few.captured_queries)):
        assert len(client.get(url).json()["features"]) == 21


@pytest.mark.django_db
def test_the_document_states_the_maximum_and_the_box(client):
    document = client.get("/api/openapi.json").json()
    operation = document["paths"]["/api/registry/service-points.geojson"]["get"]
    schemas = document["components"]["schemas"]

    features = schemas["FeatureCollectionOut"]["properties"]["features"]
    bbox = next(p for p in operation["parameters"] if p["name"] == "bbox")
    assert features["maxItems"] == map_bounds.MAX_MAP_FEATURES
    assert f"At most {map_bounds.MAX_MAP_FEATURES} features" in operation["description"]
    assert "400" in operation["responses"]
    assert "minimum longitude" in bbox["description"]
    assert bbox["schema"]["pattern"] == map_bounds.BBOX_OR_EMPTY
