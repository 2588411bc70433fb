import io
import itertools
import math

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone
from shapely.geometry import Point
from shapely.ops import unary_union

from governance.events.models import DONE_STATES, Department, Event, EventCategory, EventState
from governance.geo.shapes import overlap_square_metres, to_shape
from governance.models import Grid, GridLevel, Person, ServicePoint, TallyEntry, VolunteerTeam
from governance.models.grids import validate_boundary


def snapshot():
    return {
        "grids": list(Grid.objects.values_list("code", "path", "name")),
        "people": sorted(Person.objects.values_list("grid__code", "role__name", "name", "phone")),
        "teams": sorted(VolunteerTeam.objects.values_list("grid__code", "name")),
        "tallies": TallyEntry.objects.count(),
        "events": sorted(Event.objects.values_list("number", "state", "version")),
        "categories": sorted(EventCategory.objects.values_list("code", "path")),
        "departments": sorted(Department.objects.values_list("name", "members__username")),
    }


@pytest.mark.django_db
def test_seed_demo__twice_leaves_the_same_data():
    call_command("seed_demo", stdout=io.StringIO())
    first = snapshot()
    call_command("seed_demo", stdout=io.StringIO())

    assert snapshot() == first


@pytest.mark.django_db
def test_seed_demo__builds_the_places_of_the_seed_reports(client):
    call_command("seed_demo", stdout=io.StringIO())

    districts = set(Grid.objects.at_level(GridLevel.DISTRICT).values_list("name", "code"))
    assert {("二七区", "410103"), ("中原区", "410102")} <= districts
    huafu_5 = Grid.objects.get(name="华府社区5号网格")
    assert huafu_5.households == 372
    assert Grid.objects.subtree(huafu_5, include_self=False).filter(level=GridLevel.MICRO).exists()
    assert client.get("/").status_code == 200
    assert client.login(username="admin", password="changeme")


@pytest.mark.django_db
def test_seed_demo__event_tallies_add_up(client):
    call_command("seed_demo", stdout=io.StringIO())

    totals = dict(TallyEntry.objects.values_list("kind__name").annotate(Sum("value")))

    assert totals["上报事件"] == totals["自行处置事件"] + totals["闭环流转事件"] > 0


@pytest.mark.django_db
def test_seed_demo__an_editors_dashboard_is_headed_with_the_product_name_not_localhost(client):
    call_command("seed_demo", stdout=io.StringIO())
    client.login(username="huafu_editor", password="changeme")

    html = client.get("/admin/").content.decode()
    heading = html.split('<h1 class="w-h1 w-mt-0">', 1)[1].split("</h1>", 1)[0].strip()

    assert heading == "网格通"


@pytest.mark.django_db
def test_seed_demo__page_links_point_at_the_address_the_demo_is_served_at(client, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8791"
    call_command("seed_demo", stdout=io.StringIO())

    sitemap = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8791").content.decode()

    assert "<loc>http://127.0.0.1:8791/" in sitemap and "localhost" not in sitemap


@pytest.mark.django_db
def test_seed_demo__six_months_of_events_in_the_seeds_proportions():
    call_command("seed_demo", stdout=io.StringIO())

    events = Event.objects.all()
    done = events.filter(state__in=DONE_STATES)
    assert 300 <= events.count() <= 500
    # 412 solved = 335 on the spot + 77 along the loop: about one in five passed up.
    assert 0.14 <= done.filter(escalated=True).count() / done.count() <= 0.25
    assert done.filter(resolved_in_time=False).exists()
    assert events.filter(reopened_count__gt=0).exists()
    assert done.exclude(rating=None).count() / done.count() > 0.6
    oldest = events.order_by("reported_at").first().reported_at
    assert 150 <= (timezone.now() - oldest).days <= 183
    for title in ("消防通道堵塞", "停水", "行道树病虫害滴油", "楼道堆物", "路口安全隐患"):
        assert events.filter(title=title).exists(), title
    assert set(EventCategory.get_root_nodes().values_list("name", flat=True)) == {
        "市容环境",
        "消防安全",
        "治安",
        "矛盾纠纷",
        "设施维修",
        "民生诉求",
    }
    assert (
        events.filter(handling_department__isnull=False).exists()
        or events.filter(moves__action="to_department").exists()
    )


@pytest.mark.django_db
def test_seed_demo__the_demo_users_find_open_events_at_their_nodes():
    call_command("seed_demo", stdout=io.StringIO())

    open_at = {
        name: set(
            Event.objects.open().filter(handling_grid__name=name).values_list("title", flat=True)
        )
        for name in ("华府社区5号网格", "人和路街道")
    }

    assert {"楼道堆物", "消防通道堵塞"} <= open_at["华府社区5号网格"]
    assert {"路口安全隐患", "停水"} <= open_at["人和路街道"]
    assert Event.objects.open().filter(deadline__lt=timezone.now()).exists()
    assert Event.objects.filter(state=EventState.IN_PROGRESS).exists()
    assert Department.objects.filter(name="城管", members__username="erqi_chengguan").exists()


def metres_apart(latitude, longitude, other_latitude, other_longitude) -> float:
    """Great-circle distance (haversine), in metres."""
    lat1, lon1, lat2, lon2 = map(
        math.radians, map(float, (latitude, longitude, other_latitude, other_longitude))
    )
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


@pytest.mark.django_db
def test_seed_demo__draws_the_tree_and_the_service_points_on_the_map(client):
    # One seed for both halves: seeding is the slow part of these tests.
    call_command("seed_demo", stdout=io.StringIO())

    assert_the_tree_is_on_the_map(client)
    assert_service_points_stand_in_their_walking_rings(client)


def assert_the_tree_is_on_the_map(client):
    grids = list(Grid.objects.order_by("path"))
    by_path = {grid.path: grid for grid in grids}
    regular_children = {}
    for grid in grids:
        assert grid.boundary and grid.latitude is not None and grid.lattice_key, grid.name
        parent = by_path.get(grid.parent_path)
        validate_boundary(grid.boundary, parent=parent)  # valid, inside its parent
        assert to_shape(grid.boundary).covers(Point(float(grid.longitude), float(grid.latitude)))
        if not grid.is_exclusive:
            regular_children.setdefault(grid.parent_path, []).append(to_shape(grid.boundary))
    for parent_path, shapes in regular_children.items():
        for one, other in itertools.combinations(shapes, 2):
            assert overlap_square_metres(one, other) == 0
        if parent_path:  # the children cover their parent
            parent = to_shape(by_path[parent_path].boundary)
            assert unary_union(shapes).symmetric_difference(parent).area < 1e-3 * parent.area
    for grid in grids:
        if grid.level != GridLevel.GRID or grid.is_exclusive:
            continue
        response = client.get(
            "/api/registry/grids/locate/", {"lat": grid.latitude, "lon": grid.longitude}
        )
        assert response.status_code == 200, grid.name
        # The grid itself, or the micro grid of it that holds its centre.
        assert response.json()["code"].startswith(grid.code), grid.name
    assert Grid.objects.get(name="华府社区5号网格").boundary["type"] == "Polygon"
    for district in Grid.objects.at_level(GridLevel.DISTRICT):
        features = client.get("/api/registry/grids.geojson", {"within": district.code}).json()
        assert len(features["features"]) == Grid.objects.subtree(district).count()
        assert all(feature["geometry"] for feature in features["features"])


def assert_service_points_stand_in_their_walking_rings(client):
    rings = {5: (0, 400), 10: (400, 800), 15: (800, 1200)}
    communities = {grid.path: grid for grid in Grid.objects.at_level(GridLevel.COMMUNITY)}
    points = list(ServicePoint.objects.select_related("grid", "kind"))
    for point in points:
        community = communities[point.grid.path[: len(next(iter(communities)))]]
        distance = metres_apart(
            community.latitude, community.longitude, point.latitude, point.longitude
        )
        closest, farthest = rings[point.walking_minutes]
        assert closest <= distance <= farthest, (point.name, distance)
    assert any(point.kind.is_warm_station for point in points)
    market = ServicePoint.objects.get(name="华府农贸市场")
    assert market.grid.is_exclusive
    assert to_shape(market.grid.boundary).covers(
        Point(float(market.longitude), float(market.latitude))
    )
    huafu = Grid.objects.get(name="华府社区")
    response = client.get("/api/registry/service-points.geojson", {"within": huafu.code})
    features = response.json()["features"]
    assert len(features) == ServicePoint.objects.in_subtree(huafu).count() > 0
    assert all(feature["geometry"]["type"] == "Point" for feature in features)
    assert {"warm-station", "market"} <= {
        feature["properties"]["kind"]["slug"] for feature in features
    }
