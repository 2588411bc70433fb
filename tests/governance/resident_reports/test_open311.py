"""Open311 GeoReport v2, called as a client written from the spec would call it."""

import io

import pytest
from django.core.management import call_command
from PIL import Image

from governance.events.factories import make_category
from governance.events.models import CategoryAttribute, Event, EventAttachment, EventSource
from governance.events.services import workflow
from governance.resident_reports.models import Open311Client
from tests.governance.events.admin_helpers import WORKER
from tests.governance.permission_world import build_world

pytestmark = pytest.mark.django_db
BASE = "/api/open311/v2/"


@pytest.fixture
def world(db):
    world = build_world()
    grid = world.nodes["g1111"]
    grid.coverage = "33号楼"
    grid.boundary = {
        "type": "Polygon",
        "coordinates": [[[113.60, 34.70], [113.70, 34.70], [113.70, 34.80], [113.60, 34.80]]],
    }
    grid.save()
    return world


@pytest.fixture
def light(db):
    parent = make_category("设施维修", code="facilities")
    category = make_category("路灯不亮", code="street-light", parent=parent)
    CategoryAttribute.objects.create(
        category=category, code="pole", description="灯杆编号", required=True
    )
    CategoryAttribute.objects.create(
        category=category,
        code="state",
        description="灯的状态",
        datatype="singlevaluelist",
        values="dark=全灭\nflicker=闪烁",
    )
    make_category("内部巡查", code="internal", is_public=False)
    return category


@pytest.fixture
def api_key(db, capsys):
    call_command("open311_key", "郑好办小程序")
    return capsys.readouterr().out.strip().splitlines()[-1]


def post(client, key, **fields):
    data = {
        "api_key": key,
        "service_code": "street-light",
        "address_string": "33号楼",
        "description": "33号楼门口路灯不亮",
        "attribute[pole]": "ZZ-0042",
        "attribute[state]": "dark",
        "phone": "13800001234",
        "first_name": "四",
        "last_name": "李",
    }
    data.update(fields)
    return client.post(BASE + "requests.json", {k: v for k, v in data.items() if v is not None})


def test_open311_key__prints_the_key_on_its_last_line_and_keeps_only_its_hash(api_key):
    client = Open311Client.objects.get()
    assert client.name == "郑好办小程序" and len(api_key) >= 30
    assert api_key not in client.key_hash and client.key_hint == api_key[-4:]


def test_open311__a_client_lists_services_posts_reads_back_and_follows_the_token(
    world, light, api_key, client, clock
):
    services = client.get(BASE + "services.json").json()
    assert [s["service_code"] for s in services] == ["facilities", "street-light"]
    street_light = services[1]
    assert street_light["metadata"] is True and street_light["group"] == "设施维修"

    definition = client.get(BASE + "services/street-light.json").json()
    assert [a["code"] for a in definition["attributes"]] == ["pole", "state"]
    assert definition["attributes"][1]["values"] == [
        {"key": "dark", "name": "全灭"},
        {"key": "flicker", "name": "闪烁"},
    ]

    created = post(client, api_key)
    assert created.status_code == 200, created.content
    [answer] = created.json()
    request_id, token = answer["service_request_id"], answer["token"]

    [read] = client.get(f"{BASE}requests/{request_id}.json").json()
    assert read["status"] == "open" and read["service_code"] == "street-light"
    assert read["address"] == "华府1号网格" and read["address_id"] == world.nodes["g1111"].code
    assert read["description"] == "" and read["lat"] is None

    [followed] = client.get(f"{BASE}tokens/{token}.json").json()
    assert followed["service_request_id"] == request_id

    event = Event.objects.get(number=request_id)
    assert event.source == EventSource.API and event.reporter_name == "李四"
    assert "灯杆编号：ZZ-0042" in event.description and "灯的状态：全灭" in event.description


def test_open311__requests_filter_and_map_states_to_open_and_closed(
    world, light, api_key, client, clock
):
    first = post(client, api_key).json()[0]["service_request_id"]
    second = post(client, api_key).json()[0]["service_request_id"]
    event = Event.objects.get(number=first)
    workflow.event_accept(event, by=world.users[WORKER])
    workflow.event_resolve(event, by=world.users[WORKER], result="已更换灯泡")

    closed = client.get(BASE + "requests.json", {"status": "closed"}).json()
    listed = client.get(BASE + "requests.json", {"service_request_id": f"{first},{second}"}).json()
    dated = client.get(
        BASE + "requests.json",
        {"start_date": "2026-11-23", "end_date": "2026-11-23T23:59:59+08:00"},
    ).json()

    assert [(r["service_request_id"], r["status_notes"]) for r in closed] == [(first, "已办结")]
    assert {r["service_request_id"] for r in listed} == {first, second}
    assert len(dated) == 2
    assert client.get(BASE + "requests.json", {"service_code": "internal"}).json() == []


def test_open311__a_point_inside_a_grid_finds_it(world, light, api_key, client, clock):
    response = post(client, api_key, address_string=None, lat="34.75", long="113.65")

    assert response.status_code == 200
    assert Event.objects.get().grid == world.nodes["g1111"]


def test_open311__media_photos_are_kept_without_exif(
    world, light, api_key, client, clock, jpeg_with_gps
):
    response = post(client, api_key, media=jpeg_with_gps())

    assert response.status_code == 200
    data = EventAttachment.objects.get().file.read()
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()


@pytest.mark.parametrize(
    ("fields", "status", "words"),
    [
        ({"api_key": "wrong"}, 403, "api_key"),
        ({"api_key": None}, 403, "api_key"),
        ({"service_code": "internal"}, 400, "service_code"),
        ({"service_code": "nothing"}, 400, "service_code"),
        ({"address_string": "火星"}, 400, "address_id"),
        ({"address_string": None, "lat": "1", "long": "1"}, 400, "address_id"),
        ({"address_id": "999"}, 400, "address_id"),
        ({"attribute[pole]": None}, 400, "attribute[pole]"),
        ({"attribute[state]": "purple"}, 400, "dark"),
        ({"description": ""}, 400, "描述"),
        ({"description": "灯" * 10_000}, 400, "最多 2000"),
        ({"phone": "abc"}, 400, "电话号码"),
    ],
)
def test_open311__refusals_are_spec_errors_and_keep_nothing(
    world, light, api_key, client, clock, fields, status, words
):
    response = post(client, api_key, **fields)

    assert response.status_code == status
    [problem] = response.json()
    assert problem["code"] == status and words in problem["description"]
    assert not Event.objects.exists()


def test_open311__unknown_ids_and_tokens_are_404s(world, light, client):
    assert client.get(BASE + "requests/SJ20260101-9999.json").status_code == 404
    assert client.get(BASE + "tokens/nope.json").status_code == 404
    assert client.get(BASE + "services/nothing.json").status_code == 404
    assert client.get(BASE + "services/internal.json").status_code == 404
    assert client.get(BASE + "requests.json", {"status": "maybe"}).status_code == 400
    assert client.get(BASE + "requests.json", {"start_date": "yesterday"}).status_code == 400


def test_open311__dates_with_odd_offsets_or_far_years_are_answered(world, light, client):
    # Python reads "-20:16" as an offset; PostgreSQL refuses it unless it is converted first.
    far = {"start_date": "1073-06-28T06:49:50+07:41", "end_date": "9818-02-28T18:20:58-20:16"}
    edge = {"start_date": "0001-01-01T00:00:00+01:00"}

    assert client.get(BASE + "requests.json", far).status_code == 200
    assert client.get(BASE + "requests.json", edge).status_code == 400


def test_open311__staff_events_are_not_listed(world, light, client, clock):
    workflow.event_report(
        by=world.users[WORKER], grid=world.nodes["g1111"], category=light, title="巡查发现"
    )

    assert client.get(BASE + "requests.json").json() == []


def test_open311__a_client_is_limited_per_hour(world, light, api_key, client, clock, settings):
    settings.OPEN311_REQUESTS_PER_HOUR = 1
    assert post(client, api_key).status_code == 200

    assert post(client, api_key).status_code == 429
