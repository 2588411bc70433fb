"""Shared by the governance apps' tests: the workflow clock held still, a phone's photo."""

import datetime

import pytest
from django.utils import timezone

from governance.events.services import workflow


class Clock:
    """The workflow's clock, held still and moved by hand."""

    def __init__(self, at):
        self.at = at

    def __call__(self):
        return self.at

    def advance(self, **delta):
        self.at += datetime.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    # A Monday in an ordinary working week (2026-11-23).
    fixed = Clock(timezone.make_aware(datetime.datetime(2026, 11, 23, 9, 0)))
    monkeypatch.setattr(workflow, "now", fixed)
    return fixed


@pytest.fixture
def jpeg_with_gps():
    """A JPEG as a phone writes it: with the camera and the GPS position in its EXIF."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    def make(name="现场.jpg"):
        image = Image.new("RGB", (64, 48), (200, 30, 30))
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x0112] = 1  # Orientation
        gps = exif.get_ifd(0x8825)
        gps[1], gps[2] = "N", (34.0, 45.0, 30.0)
        gps[3], gps[4] = "E", (113.0, 39.0, 12.0)
        out = io.BytesIO()
        image.save(out, "JPEG", exif=exif)
        return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")

    return make
