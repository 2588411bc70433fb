"""我要反映 through HTTP: what is kept, where it goes, and what is refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from governance.events.factories import make_category
from governance.events.forms import PhotosField
from governance.events.models import Event, EventAttachment, EventSource, EventState
from governance.resident_reports.models import ResidentReport
from tests.governance.resident_reports.helpers import REPORT, post_report, report_data, shown_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(covered_world):
    return covered_world


@pytest.fixture
def category(db):
    return make_category("市容环境")


def test_form__from_a_community_page_knows_the_community_and_lists_its_grids(
    world, category, client
):
    response = client.get(REPORT, {"community": world.nodes["c111"].code})

    page = response.content.decode()
    assert response.status_code == 200
    assert f'value="{world.nodes["c111"].code}" selected' in page
    assert "华府1号网格" in page and "邻居1号网格" not in page
    assert 'name="website"' in page and 'enctype="multipart/form-data"' in page


def test_form__a_report_becomes_an_event_at_the_grid_of_the_building(
    world, category, client, clock
):
    response = post_report(client, world, category, place="33号楼")

    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith("/report/t/") and response["Location"].endswith(
        "?sent=1"
    )
    assert event.grid == world.nodes["g1111"] and event.state == EventState.PENDING
    assert event.source == EventSource.RESIDENT and event.reported_by is None
    assert event.reporter_phone == "13800001234" and event.reporter_name == "李四"
    assert event.address == "33号楼" and event.title.startswith("3号楼楼道堆满杂物")
    token = response["Location"].split("/")[3]
    assert token not in ResidentReport.objects.get().token_hash


def test_form__an_unknown_building_goes_to_the_community(world, category, client, clock):
    post_report(client, world, category, place="不存在的楼")

    assert Event.objects.get().grid == world.nodes["c111"]


def test_form__a_shared_location_finds_the_grid_whose_boundary_holds_it(
    world, category, client, clock
):
    grid = world.nodes["g1112"]
    grid.boundary = {
        "type": "Polygon",
        "coordinates": [[[113.60, 34.70], [113.70, 34.70], [113.70, 34.80], [113.60, 34.80]]],
    }
    grid.save()

    post_report(client, world, category, place="", latitude="34.75", longitude="113.65")
    post_report(client, world, category, place="", latitude="1", longitude="1", address="10.0.0.9")

    assert [event.grid for event in Event.objects.order_by("pk")] == [grid, world.nodes["c111"]]


def test_form__anonymous_keeps_no_name_and_no_phone(world, category, client, clock):
    post_report(client, world, category, anonymous="on")

    event = Event.objects.get()
    assert event.reporter_phone == "" and event.reporter_name == ""
    assert ResidentReport.objects.get().is_anonymous


def test_form__photos_are_kept_without_their_exif(world, category, client, clock, jpeg_with_gps):
    post_report(client, world, category, photos=[jpeg_with_gps("我家门口.jpg")])

    attachment = EventAttachment.objects.get()
    data = attachment.file.read()
    assert b"PhoneMaker" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
    assert "我家" not in attachment.file.name


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("x.svg", SVG, content_type="image/svg+xml"), "不是照片"),
        (SimpleUploadedFile("x.jpg", b"", content_type="image/jpeg"), "空文件"),
        (SimpleUploadedFile("x.pdf", b"%PDF-1.4 ...", content_type="application/pdf"), "不是照片"),
        (SimpleUploadedFile("x.jpg", b"GIF89a<script>", content_type="image/jpeg"), "不是照片"),
    ],
)
def test_form__refuses_what_is_not_a_photo_and_keeps_nothing(
    world, category, client, upload, message
):
    response = post_report(client, world, category, photos=[upload])

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Event.objects.exists() and not EventAttachment.objects.exists()


def test_form__a_huge_description_is_named_and_nothing_is_kept(world, category, client):
    response = post_report(client, world, category, description="堆" * 10_000)

    assert response.status_code == 400
    assert "10000" in response.content.decode()
    assert not Event.objects.exists()


def test_form__invisible_and_control_characters_are_dropped(world, category, client, clock):
    post_report(client, world, category, description="\u202e楼道\x07堆物\u200b", name="\u202e王五")

    event = Event.objects.get()
    assert event.description == "楼道堆物" and event.reporter_name == "王五"


def test_form__a_null_character_is_refused_with_a_message(world, category, client):
    response = post_report(client, world, category, description="楼道\x00堆物")

    assert response.status_code == 400
    assert "不能包含 NUL" in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize("phone", ["call me", "１３８００００１２３４"])
def test_form__a_bad_phone_is_named(world, category, client, phone):
    # Full-width digits would count the same phone apart in the per-phone limit.
    response = post_report(client, world, category, phone=phone)

    assert response.status_code == 400
    assert "不是电话号码" in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        lambda: {"website": "http://spam.example"},
        lambda: {"shown": shown_ago(0)},
        lambda: {"shown": "forged"},
        lambda: {"shown": ""},
    ],
)
def test_form__robots_are_refused_and_nothing_is_kept(world, category, client, fields):
    response = post_report(client, world, category, **fields())

    assert response.status_code == 400
    assert not Event.objects.exists()


def test_form__a_category_residents_may_not_report_is_refused(world, client):
    internal = make_category("内部巡查", is_public=False)

    response = post_report(client, world, internal)

    assert response.status_code == 400
    assert not Event.objects.exists()


def test_form__limits_reports_per_address_and_per_phone(world, category, client, clock, settings):
    settings.RESIDENT_REPORT_PER_ADDRESS = 2
    settings.RESIDENT_REPORT_PER_PHONE = 1

    assert post_report(client, world, category).status_code == 302
    second_phone = post_report(client, world, category)
    other_phone = post_report(client, world, category, phone="13900005678")
    third_from_address = post_report(client, world, category, phone="13700009999")
    elsewhere = post_report(client, world, category, phone="13600001111", address="10.0.0.2")

    assert second_phone.status_code == 429 and "稍后再试" in second_phone.content.decode()
    assert other_phone.status_code == 302
    assert third_from_address.status_code == 429
    assert elsewhere.status_code == 302
    assert Event.objects.count() == 3


def test_form__a_missing_community_is_named(world, category, client):
    response = client.post(REPORT, report_data(world, category, community="999"))

    assert response.status_code == 400
    assert not Event.objects.exists()


def test_similar__the_form_asks_for_reports_like_it_and_gets_only_public_facts(
    world, category, client, clock
):
    post_report(client, world, category, place="华府1号网格")
    grid = world.nodes["g1111"].code

    found = client.get("/report/similar/", {"grid": grid, "category": category.pk}).json()
    other_kind = client.get("/report/similar/", {"grid": grid, "category": category.pk + 1})
    forged = client.get("/report/similar/", {"grid": "x" * 500, "category": "1e9"})

    [hint] = found["similar"]
    assert hint["number"] == Event.objects.get().number and hint["state"] == "待受理"
    assert set(hint) == {"number", "state", "reported_on"}
    assert other_kind.json() == {"similar": []}
    assert forged.status_code == 200 and forged.json() == {"similar": []}


def jpeg_file(name="现场.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_form__posts_of_any_kind_are_limited_per_address_before_photos_are_read(
    world, category, client, clock, settings, monkeypatch
):
    settings.RESIDENT_REPORT_ATTEMPTS_PER_ADDRESS = 3
    decoded = []
    real_prepare = PhotosField.prepare
    monkeypatch.setattr(
        PhotosField,
        "prepare",
        lambda field, files: decoded.append(files) or real_prepare(field, files),
    )

    invalid = [
        post_report(client, world, category, description="", photos=[jpeg_file()]) for _ in range(3)
    ]
    flooded = post_report(client, world, category, photos=[jpeg_file()])

    # Invalid forms are answered without decoding their photos; the fourth post is not read.
    assert [response.status_code for response in invalid] == [400, 400, 400]
    assert flooded.status_code == 429 and "请稍后再试" in flooded.content.decode()
    assert decoded == [] and not Event.objects.exists()


def test_form__the_same_form_posted_twice_files_one_report(world, category, client, clock):
    data = report_data(world, category)

    first = client.post(REPORT, data, REMOTE_ADDR="10.0.0.1")
    second = client.post(REPORT, data, REMOTE_ADDR="10.0.0.1")

    assert Event.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"]


def test_form__a_form_corrected_at_once_is_not_refused_as_too_fast(world, category, client, clock):
    data = report_data(world, category, description="")
    corrected = client.post(REPORT, data, REMOTE_ADDR="10.0.0.1")
    data["shown"] = corrected.context["form"]["shown"].value()
    data["description"] = "楼道灯坏了"

    sent = client.post(REPORT, data, REMOTE_ADDR="10.0.0.1")

    assert corrected.status_code == 400 and sent.status_code == 302


def test_form__a_photo_cut_short_is_refused_even_after_a_pdf_was_built(
    world, category, client, clock, monkeypatch
):
    # Importing WeasyPrint (what building a PDF does) switches Pillow to accept cut files.
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    buffer = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(buffer, "JPEG")
    whole = buffer.getvalue()
    cut = SimpleUploadedFile("现场.jpg", whole[: len(whole) * 2 // 3], content_type="image/jpeg")

    response = post_report(client, world, category, photos=[cut])

    assert response.status_code == 400 and "不是照片" in response.content.decode()
    assert not Event.objects.exists() and ImageFile.LOAD_TRUNCATED_IMAGES is True


def test_form__kinds_of_problem_are_named_with_their_group(world, category, client):
    make_category("垃圾清运", parent=category)

    page = client.get(REPORT).content.decode()

    assert ">市容环境 · 垃圾清运</option>" in page and ">市容环境</option>" in page
