"""Photos and files: re-encoded without EXIF or GPS, private, served only to who may see."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from governance.events.models import EventAttachment
from governance.events.services.attachments import attachment_add
from tests.governance.events.admin_helpers import STREET, WORKER, report
from tests.governance.permission_world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def test_upload_fixture_really_carries_gps(jpeg_with_gps):
    with Image.open(jpeg_with_gps()) as image:
        assert image.getexif().get_ifd(0x8825)


def test_photo__re_encoded_without_exif_or_gps(world, clock, jpeg_with_gps):
    event = report(world)

    attachment = attachment_add(event=event, upload=jpeg_with_gps(), by=world.users[WORKER])

    with attachment.file.open("rb") as stored:
        data = stored.read()
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG" and image.size == (64, 48)
        assert not image.getexif()
        assert "exif" not in image.info
    assert b"PhoneMaker" not in data
    assert attachment.is_image and attachment.content_type == "image/jpeg"
    assert attachment.original_name == "现场.jpg"
    assert "现场" not in attachment.file.name and "media" not in attachment.file.path


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("script.jpg", b"<script>alert(1)</script>"),
        ("page.html", b"<html></html>"),
        ("fake.pdf", b"MZ\x90\x00"),
    ],
)
def test_upload__refuses_what_is_not_a_photo_or_pdf(world, clock, name, content):
    event = report(world)
    with pytest.raises(ValidationError):
        attachment_add(event=event, upload=SimpleUploadedFile(name, content), by=None)
    assert not EventAttachment.objects.exists()


def test_upload__refuses_files_over_the_size_limit(world, clock, settings, jpeg_with_gps):
    settings.EVENT_ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(ValidationError):
        attachment_add(event=report(world), upload=jpeg_with_gps(), by=None)


def test_pdf__kept_as_it_is(world, clock):
    pdf = SimpleUploadedFile("通知.pdf", b"%PDF-1.4\n%%EOF\n")
    attachment = attachment_add(event=report(world), upload=pdf, by=None)
    assert attachment.content_type == "application/pdf" and not attachment.is_image


def test_file__served_only_to_those_who_may_see_the_event(world, client, clock, jpeg_with_gps):
    event = report(world)
    attachment = attachment_add(event=event, upload=jpeg_with_gps(), by=None)
    url = reverse("events_attachment", args=[attachment.pk])

    client.force_login(world.users[WORKER])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"

    elsewhere = report(world, "g1121", by=STREET)
    hidden = attachment_add(event=elsewhere, upload=jpeg_with_gps(), by=None)
    assert client.get(reverse("events_attachment", args=[hidden.pk])).status_code == 404
    assert client.get("/admin/events/attachments/abc/").status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_page__shows_the_reports_photos(world, client, clock, jpeg_with_gps):
    event = report(world)
    attachment = attachment_add(event=event, upload=jpeg_with_gps(), by=None)
    client.force_login(world.users[WORKER])
    html = client.get(reverse("events_event", args=[event.pk])).content.decode()
    assert reverse("events_attachment", args=[attachment.pk]) in html


def test_upload__a_decompression_bomb_is_named_for_its_pixels(world, clock):
    """Found by an outside tester: a 20000×20000 PNG of 48 KB was called "not a photo"."""
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, "PNG")
    bomb = SimpleUploadedFile("bomb.png", out.getvalue(), content_type="image/png")
    event = report(world)

    with pytest.raises(ValidationError, match="像素过多"):
        attachment_add(event=event, upload=bomb, by=world.users[WORKER])
    assert not EventAttachment.objects.exists()
