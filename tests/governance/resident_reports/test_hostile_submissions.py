"""1,000 hostile submissions to 我要反映, generated here: no answer is a 5xx, a refused submission
leaves no event and no file behind, and a photo is kept only re-encoded, without its EXIF.

Each submission starts from a valid report and has up to four parts turned hostile (a slot
each: the description, the name, the phone, the place, the coordinates, the category, the
community and grid, the fill-time stamp, the honeypot, unknown fields, the photos); a few are
hostile as whole requests (raw bodies, too many fields or files, other methods). Every hostile
part says what a correct form does with it (accept it cleaned, or refuse the submission), so a
submission's expected answer is known before it is sent. A seeded `random.Random` draws them:
a failure names its submission's index, label and request, and replays with the same seed.

Besides the answers, a watcher on the database connection records every query parameter
holding a NUL character: SQLite stores it, but PostgreSQL (production) refuses it and the
request ends in a 500 there, so the run fails on it here too.
"""

import io
import os
import random
import re
import struct
import time
import traceback
import unicodedata
import urllib.parse
import zipfile
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import CharField
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from civicgrid.security.public_forms import SALT
from governance.events.factories import make_category
from governance.events.models import Event, EventAttachment
from governance.resident_reports.models import ResidentReport
from tests.governance.resident_reports.helpers import REPORT, shown_ago

pytestmark = [
    pytest.mark.django_db,
    # The 9500x9500 header is over Pillow's own warning threshold; the form refuses it.
    pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning"),
]

SEED = 20261123
SUBMISSIONS = 1000
PER_ADDRESS = 15
PER_PHONE = 8
FLOOD_ADDRESS = "203.0.113.66"
FLOOD_PHONE = "13512345678"
MAX_PHOTOS = 3

ACCEPT, REFUSE = "accept", "refuse"

# What must never be left in what a resident typed: C0 and C1 controls (tab and line breaks
# aside), DEL, direction marks, overrides and isolates, zero-width characters.
HOSTILE_CHARACTER = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff]"
)

DESCRIPTIONS = [
    "3号楼楼道堆满杂物，堵住了消防通道",
    "小区东门路灯不亮已经一周了",
    "5号楼下水道堵塞，污水漫到人行道",
    "广场舞音响晚上十点后还很响",
    "垃圾桶满了没人清运，气味很大",
]
NAMES = ["李四", "王五", "赵六", "Zhang San"]


# --- files ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Payload:
    filename: str
    data: bytes
    content_type: str
    expect: str  # ACCEPT: kept re-encoded; REFUSE: the whole submission is refused

    def upload(self) -> SimpleUploadedFile:
        return SimpleUploadedFile(self.filename, self.data, content_type=self.content_type)


def _image_bytes(image: Image.Image, image_format: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, image_format, **options)
    return out.getvalue()


def _phone_exif(orientation: int = 1) -> Image.Exif:
    """The EXIF block a phone writes: maker, model and the GPS position."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "PhoneModel"  # Model
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (34.0, 45.0, 30.0)
    gps[3], gps[4] = "E", (113.0, 39.0, 12.0)
    return exif


def _image_exif_with(tag: int, value: str) -> Image.Exif:
    exif = _phone_exif()
    exif[tag] = value
    return exif


def _png_text() -> PngInfo:
    info = PngInfo()
    info.add_text("Comment", "GPS 34.7589N 113.6654E")
    info.add_itxt("XML:com.adobe.xmp", "<exif:GPSLatitude>34,45.5N</exif:GPSLatitude>")
    return info


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width × height pixels (its data is a few bytes)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _png_chunk(b"IEND", b"")
    )


def _jpeg_claiming(jpeg: bytes, width: int, height: int) -> bytes:
    """A real JPEG whose frame header is rewritten to claim width × height pixels."""
    frame = jpeg.index(b"\xff\xc0")
    return jpeg[: frame + 5] + struct.pack(">HH", height, width) + jpeg[frame + 9 :]


def _zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("shell.php", "<?php system($_GET['c']); ?>")
    return out.getvalue()


@cache
def payloads() -> dict[str, Payload]:
    """Built once per run: the same few files, sent again and again."""
    red = Image.new("RGB", (64, 48), (200, 30, 30))
    jpeg = _image_bytes(red, "JPEG")
    gps_jpeg = _image_bytes(red, "JPEG", exif=_phone_exif())
    png_alpha = Image.new("RGBA", (40, 30), (0, 120, 200, 128))
    noise = Image.frombytes("RGB", (256, 256), random.Random(SEED).randbytes(256 * 256 * 3))
    noisy_jpeg = _image_bytes(noise, "JPEG", quality=95)
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
    )
    html = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
    pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    # A valid PNG whose eXIf chunk is not TIFF data (the bytes after a phone app's bad write).
    broken_exif_png = _image_bytes(Image.new("RGB", (32, 24)), "PNG", exif=b"Exif\x00\x00NOTATIFF")
    broken_exif_webp = _image_bytes(
        Image.new("RGB", (32, 24)), "WEBP", exif=b"Exif\x00\x00NOTATIFF"
    )
    # A phone's EXIF (turned 90°) with one entry's tag changed to BitsPerSample, a number
    # field, while its value stays text: the kind of block a buggy app or an attacker writes.
    bad_tag_exif = bytes(_phone_exif(orientation=6).tobytes()).replace(
        b"\x01\x0f\x00\x02", b"\x01\x02\x00\x02", 1
    )
    bad_tag_jpeg = _image_bytes(red, "JPEG", exif=bad_tag_exif)
    return {
        # Photos a correct form keeps, re-encoded without metadata.
        "jpeg": Payload("现场.jpg", jpeg, "image/jpeg", ACCEPT),
        "jpeg exif gps": Payload("IMG_0001.jpg", gps_jpeg, "image/jpeg", ACCEPT),
        "jpeg exif turned": Payload(
            "IMG_0002.JPG",
            _image_bytes(Image.new("RGB", (48, 64), (9, 90, 9)), "JPEG", exif=_phone_exif(6)),
            "image/jpeg",
            ACCEPT,
        ),
        "jpeg xmp gps": Payload(
            "xmp.jpg",
            _image_bytes(
                red,
                "JPEG",
                xmp=b"<x:xmpmeta><exif:GPSLatitude>34,45.5N</exif:GPSLatitude></x:xmpmeta>",
            ),
            "image/jpeg",
            ACCEPT,
        ),
        "jpeg php in exif": Payload(
            "shell.php.jpg",
            _image_bytes(
                red, "JPEG", exif=_image_exif_with(0x010E, "<?php system($_GET['c']); ?>")
            ),
            "image/jpeg",
            ACCEPT,
        ),
        # Pillow's JPEG writer copies `image.info["comment"]` unless it is cleared: the
        # comment (with a place and a script in it) once survived the re-encoding.
        "jpeg comment with script": Payload(
            "comment.jpg",
            _image_bytes(
                red,
                "JPEG",
                comment=b"GPS 34.7589N 113.6654E <?php system($_GET['c']); ?><script>x</script>",
            ),
            "image/jpeg",
            ACCEPT,
        ),
        "jpeg + zip (polyglot)": Payload("gifar.jpg", jpeg + _zip_bytes(), "image/jpeg", ACCEPT),
        "jpeg + html (polyglot)": Payload("poly.jpg", jpeg + html, "image/jpeg", ACCEPT),
        "jpeg cmyk": Payload(
            "cmyk.jpg",
            _image_bytes(Image.new("CMYK", (30, 30), (0, 200, 0, 0)), "JPEG"),
            "image/jpeg",
            ACCEPT,
        ),
        "png alpha exif text": Payload(
            "截图.png",
            _image_bytes(png_alpha, "PNG", exif=_phone_exif(), pnginfo=_png_text()),
            "image/png",
            ACCEPT,
        ),
        "png 16-bit grey": Payload(
            "grey16.png",
            _image_bytes(Image.new("I;16", (20, 20), 3000), "PNG"),
            "image/png",
            ACCEPT,
        ),
        "png palette transparent": Payload(
            "p.png",
            _image_bytes(Image.new("P", (20, 20)), "PNG", transparency=0),
            "image/png",
            ACCEPT,
        ),
        "webp exif gps": Payload(
            "photo.webp",
            _image_bytes(red, "WEBP", exif=_phone_exif()),
            "image/webp",
            ACCEPT,
        ),
        "png named .jpg": Payload(
            "really-a-png.jpg", _image_bytes(red, "PNG"), "image/jpeg", ACCEPT
        ),
        # Over FILE_UPLOAD_MAX_MEMORY_SIZE (5 MB): Django spools it to a temporary file.
        "jpeg 6 MB (trailing zeros)": Payload(
            "big.jpg", jpeg + bytes(6 * 1024 * 1024), "image/jpeg", ACCEPT
        ),
        "png 5000x5000 (25 M pixels, under the limit)": Payload(
            "wide.png", _image_bytes(Image.new("L", (5000, 5000)), "PNG"), "image/png", ACCEPT
        ),
        # Django keeps names of up to 255 characters; the name was once cut to 200 and then
        # given its new extension: 204 characters, which PostgreSQL refused (a 500).
        "jpeg with a 250-character name": Payload("照" * 246 + ".jpg", jpeg, "image/jpeg", ACCEPT),
        # Files a correct form refuses, keeping nothing.
        "zero bytes": Payload("empty.jpg", b"", "image/jpeg", REFUSE),
        "pdf": Payload("letter.pdf", pdf, "application/pdf", REFUSE),
        "pdf named .jpg": Payload("letter.jpg", pdf, "image/jpeg", REFUSE),
        "html named .jpg": Payload("page.jpg", html, "image/jpeg", REFUSE),
        "text named .jpg": Payload("note.jpg", "这不是照片".encode(), "image/jpeg", REFUSE),
        "svg with script": Payload("x.svg", svg, "image/svg+xml", REFUSE),
        "svg named .jpg": Payload("x.jpg", svg, "image/jpeg", REFUSE),
        "gif": Payload(
            "anim.gif", _image_bytes(Image.new("P", (8, 8)), "GIF"), "image/gif", REFUSE
        ),
        "gif + zip (GIFAR)": Payload(
            "gifar.gif",
            _image_bytes(Image.new("P", (8, 8)), "GIF") + _zip_bytes(),
            "image/gif",
            REFUSE,
        ),
        "bmp named .jpg": Payload("x.jpg", _image_bytes(red, "BMP"), "image/jpeg", REFUSE),
        "tiff with exif": Payload(
            "x.tif", _image_bytes(red, "TIFF", exif=_phone_exif()), "image/tiff", REFUSE
        ),
        "zip named .jpg": Payload("x.jpg", _zip_bytes(), "image/jpeg", REFUSE),
        "html then jpeg (polyglot)": Payload("x.jpg", html + jpeg, "image/jpeg", REFUSE),
        "truncated jpeg": Payload(
            "cut.jpg", noisy_jpeg[: len(noisy_jpeg) * 2 // 3], "image/jpeg", REFUSE
        ),
        "png bomb 50000x50000": Payload(
            "bomb.png", _png_header_only(50_000, 50_000), "image/png", REFUSE
        ),
        "png 9500x9500 header (over 40 M pixels)": Payload(
            "bomb2.png", _png_header_only(9_500, 9_500), "image/png", REFUSE
        ),
        "png 1x40000001 header": Payload(
            "line.png", _png_header_only(1, 40_000_001), "image/png", REFUSE
        ),
        "jpeg bomb 65000x65000": Payload(
            "bomb.jpg", _jpeg_claiming(jpeg, 65_000, 65_000), "image/jpeg", REFUSE
        ),
        "jpeg 8000x6000 header (over 40 M pixels)": Payload(
            "big-header.jpg", _jpeg_claiming(jpeg, 8_000, 6_000), "image/jpeg", REFUSE
        ),
        "over 10 MB": Payload(
            "huge.jpg",
            jpeg + bytes(django_settings.EVENT_ATTACHMENT_MAX_BYTES + 1 - len(jpeg)),
            "image/jpeg",
            REFUSE,
        ),
        # A broken EXIF block (buggy phone software): the photo is kept, un-turned, with no
        # metadata, rather than lost (Pillow raised SyntaxError / struct.error here: a 500).
        "png with a broken eXIf chunk": Payload("broken.png", broken_exif_png, "image/png", ACCEPT),
        "webp with a broken EXIF chunk": Payload(
            "broken.webp", broken_exif_webp, "image/webp", ACCEPT
        ),
        "jpeg turned, with a mistyped EXIF entry": Payload(
            "mistyped.jpg", bad_tag_jpeg, "image/jpeg", ACCEPT
        ),
    }


# Often: the photos of an ordinary report. Rarely: the slow or large ones.
PHOTO_WEIGHTS = {
    "jpeg": 6,
    "jpeg exif gps": 8,
    "jpeg exif turned": 4,
    "jpeg xmp gps": 3,
    "jpeg php in exif": 3,
    "jpeg comment with script": 3,
    "jpeg + zip (polyglot)": 3,
    "jpeg + html (polyglot)": 3,
    "jpeg cmyk": 2,
    "png alpha exif text": 4,
    "png 16-bit grey": 2,
    "png palette transparent": 2,
    "webp exif gps": 4,
    "png named .jpg": 2,
    "jpeg 6 MB (trailing zeros)": 0.25,
    "png 5000x5000 (25 M pixels, under the limit)": 0.25,
    "jpeg with a 250-character name": 1,
    "zero bytes": 3,
    "pdf": 2,
    "pdf named .jpg": 2,
    "html named .jpg": 2,
    "text named .jpg": 2,
    "svg with script": 2,
    "svg named .jpg": 2,
    "gif": 1,
    "gif + zip (GIFAR)": 1,
    "bmp named .jpg": 1,
    "tiff with exif": 1,
    "zip named .jpg": 1,
    "html then jpeg (polyglot)": 2,
    "truncated jpeg": 2,
    "png bomb 50000x50000": 2,
    "png 9500x9500 header (over 40 M pixels)": 2,
    "png 1x40000001 header": 1,
    "jpeg bomb 65000x65000": 2,
    "jpeg 8000x6000 header (over 40 M pixels)": 2,
    "over 10 MB": 0.25,
    "png with a broken eXIf chunk": 1,
    "webp with a broken EXIF chunk": 1,
    "jpeg turned, with a mistyped EXIF entry": 1,
}


# --- the hostile parts of a submission --------------------------------------------------------


@dataclass
class Part:
    """One slot of a submission turned hostile, and what a correct form does with it."""

    label: str
    expect: str
    fields: dict = field(default_factory=dict)  # None as a value removes the field
    description: str | None = None  # the description expected on the event, when kept
    name: str | None = None
    address: str | None = None
    coordinates: tuple | None = None  # (latitude, longitude) expected on the event
    anonymous: bool = False


def _sprinkle(rng: random.Random, text: str, characters: str, count: int = 4) -> str:
    """`text` with `count` of `characters` put at random places (ends included)."""
    chars = list(text)
    for _ in range(count):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(characters))
    return "".join(chars)


C0 = "".join(chr(c) for c in [*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# C1 controls other than NEL (a line break): CSI (0x9B) starts a terminal escape sequence.
C1 = "\x80\x81\x8d\x8e\x8f\x90\x9b\x9d\x9e\x9f"


def description_part(rng: random.Random, base: str) -> Part:
    visible = "堆" * 1990 + "楼道里放着电动车"  # 1,998 characters
    choices = [
        lambda: Part(
            "description: C0 controls and DEL",
            ACCEPT,
            {"description": _sprinkle(rng, base, C0)},
            base,
        ),
        lambda: Part(
            "description: ANSI escape",
            ACCEPT,
            {"description": f"\x1b[2J\x1b[31m{base}\x1b[0m"},
            f"[2J[31m{base}[0m",
        ),
        lambda: Part(
            "description: right-to-left override and isolates",
            ACCEPT,
            {"description": _sprinkle(rng, base, BIDI)},
            base,
        ),
        lambda: Part(
            "description: zero-width characters",
            ACCEPT,
            {"description": _sprinkle(rng, base, ZERO_WIDTH)},
            base,
        ),
        # C1 controls (U+0080–U+009F; U+009B starts a terminal escape) once reached
        # Event.description: typed_text dropped only C0 and DEL.
        lambda: Part(
            "description: C1 controls", ACCEPT, {"description": _sprinkle(rng, base, C1, 2)}, base
        ),
        lambda: Part(
            "description: markup and SQL",
            ACCEPT,
            {
                "description": (
                    text
                    := f"{base}<script>alert(1)</script>{{{{7*7}}}}'; DROP TABLE events_event;--"
                )
            },
            text,
        ),
        lambda: Part(
            "description: emoji, astral and combining marks",
            ACCEPT,
            {"description": (text := f"{base}🚒𠮷z\u0335\u0336\u0337a\u0301\u0308")},
            text,
        ),
        lambda: Part(
            "description: CR LF header injection",
            ACCEPT,
            {"description": (text := f"{base}\r\nSet-Cookie: x=1\r\n\r\n<h1>")},
            text,
        ),
        lambda: Part(
            "description: 2,000 characters exactly",
            ACCEPT,
            {"description": (text := "楼" * 2000)},
            text,
        ),
        lambda: Part(
            "description: 1,998 visible and 300 invisible",
            ACCEPT,
            {"description": _sprinkle(rng, visible, ZERO_WIDTH + BIDI, 300)},
            visible,
        ),
        lambda: Part("description: 2,001 characters", REFUSE, {"description": "楼" * 2001}),
        lambda: Part("description: 10,000 characters", REFUSE, {"description": "堆" * 10_000}),
        lambda: Part("description: 60,000 characters", REFUSE, {"description": "堆" * 60_000}),
        lambda: Part("description: NUL", REFUSE, {"description": _sprinkle(rng, base, "\x00", 1)}),
        lambda: Part(
            "description: only invisible",
            REFUSE,
            {"description": _sprinkle(rng, " ", C0 + BIDI + ZERO_WIDTH, 8)},
        ),
        lambda: Part("description: empty", REFUSE, {"description": ""}),
        lambda: Part("description: missing", REFUSE, {"description": None}),
        lambda: Part(
            "description: given twice (the last counts)",
            ACCEPT,
            {"description": ["第一遍", base]},
            base,
        ),
    ]
    return rng.choice(choices)()


def name_part(rng: random.Random) -> Part:
    name = rng.choice(NAMES)
    choices = [
        lambda: Part(
            "name: direction override and controls",
            ACCEPT,
            {"name": f"\u202e{name}\x07\u200b"},
            name=name,
        ),
        lambda: Part(
            "name: markup", ACCEPT, {"name": (text := "<b onmouseover=x>王</b>")}, name=text
        ),
        lambda: Part("name: 41 characters", REFUSE, {"name": "王" * 41}),
        lambda: Part("name: NUL", REFUSE, {"name": f"王\x00{name}"}),
        # Anonymous: neither name nor phone is kept, whatever is sent.
        lambda: Part(
            "anonymous with name and phone",
            ACCEPT,
            {"anonymous": "on", "name": name},
            name="",
            anonymous=True,
        ),
        lambda: Part(
            "anonymous: 'false' means no", ACCEPT, {"anonymous": "false", "name": name}, name=name
        ),
    ]
    return rng.choice(choices)()


def phone_part(rng: random.Random, phone: str) -> Part:
    choices = [
        lambda: Part(
            "phone: spaces, brackets, hyphens",
            ACCEPT,
            {"phone": f"({phone[:3]}) {phone[3:7]}-{phone[7:]}"},
        ),
        lambda: Part("phone: +86", ACCEPT, {"phone": f"+86 {phone}"}),
        lambda: Part("phone: direction override", ACCEPT, {"phone": f"\u202e{phone}"}),
        lambda: Part("phone: words", REFUSE, {"phone": "call me 晚上"}),
        lambda: Part("phone: 16 digits", REFUSE, {"phone": "1" * 16}),
        lambda: Part("phone: 31 characters", REFUSE, {"phone": "1" * 31}),
        lambda: Part("phone: NUL", REFUSE, {"phone": f"{phone}\x00"}),
        lambda: Part("phone: markup", REFUSE, {"phone": "<script>1380000</script>"}),
    ]
    return rng.choice(choices)()


def place_part(rng: random.Random) -> Part:
    choices = [
        lambda: Part(
            "place: controls and override",
            ACCEPT,
            {"place": "\u202e33号楼\x1b\u200b"},
            address="33号楼",
        ),
        lambda: Part(
            "place: 100 characters", ACCEPT, {"place": (text := "楼" * 100)}, address=text
        ),
        lambda: Part("place: 101 characters", REFUSE, {"place": "楼" * 101}),
        lambda: Part("place: NUL", REFUSE, {"place": "33号楼\x00"}),
        lambda: Part(
            "place: SQL pattern", ACCEPT, {"place": (text := "%' OR '1'='1")}, address=text
        ),
    ]
    return rng.choice(choices)()


def coordinates_part(rng: random.Random) -> Part:
    bad = [
        "NaN",
        "-Infinity",
        "sNaN",
        "1e999999",
        "9" * 400,
        "-181",
        "0x10",
        "34,75",
        "<svg>",
    ]
    choices = [
        lambda: Part(
            "coordinates: fine",
            ACCEPT,
            {"latitude": "34.7512346", "longitude": "113.65"},
            coordinates=(Decimal("34.751235"), Decimal("113.650000")),
        ),
        lambda: Part(
            "coordinates: nonsense (dropped)",
            ACCEPT,
            {"latitude": rng.choice(bad), "longitude": rng.choice(bad)},
            coordinates=(None, None),
        ),
        lambda: Part(
            "coordinates: out of range (dropped)",
            ACCEPT,
            {"latitude": "90.000001", "longitude": "-180.5"},
            coordinates=(None, None),
        ),
    ]
    return rng.choice(choices)()


def category_part(rng: random.Random, ids: dict) -> Part:
    forged = [
        str(ids["internal"]),
        str(ids["inactive"]),
        "999999",
        "0",
        "-1",
        "abc",
        "1.5",
        "1e3",
        "99999999999999999999999999",
        "",
        "1 OR 1=1",
        "<script>",
        f"{ids['public']}\x00",
    ]
    value = rng.choice(forged)
    return Part(f"category: forged ({value[:12]!r})", REFUSE, {"category": value})


def place_in_tree_part(rng: random.Random, codes: dict) -> Part:
    forged_grid = [codes["g1121"], codes["c111"], codes["d1"], "999999999999999", "' OR 1=1 --"]
    forged_community = [
        codes["s11"],
        codes["g1111"],
        codes["d1"],
        "999",
        "",
        "%",
        codes["c111"] + "%",
        "<script>",
        "4" * 5000,
    ]
    choices = [
        lambda: Part("grid: a grid of the community", ACCEPT, {"grid": codes["g1112"]}),
        lambda: Part("grid: forged", REFUSE, {"grid": rng.choice(forged_grid)}),
        lambda: Part("community: forged", REFUSE, {"community": rng.choice(forged_community)}),
        lambda: Part("community: missing", REFUSE, {"community": None}),
        # ReportForm looks the community up by the posted code before the fields are
        # cleaned; a NUL there once reached PostgreSQL (a 500). The NUL watcher reports it.
        lambda: Part("community: NUL", REFUSE, {"community": codes["c111"] + "\x00"}),
        lambda: Part(
            "community: another community, grid of this one",
            REFUSE,
            {"community": codes["c112"], "grid": codes["g1111"]},
        ),
    ]
    return rng.choice(choices)()


def stamp_part(rng: random.Random) -> Part:
    other_salt = signing.dumps(time.time() - 60, salt="another.form")
    good = shown_ago(60)
    choices = [
        lambda: Part("stamp: missing", REFUSE, {"shown": None}),
        lambda: Part("stamp: empty", REFUSE, {"shown": ""}),
        lambda: Part("stamp: forged", REFUSE, {"shown": "MTcwMDAwMDAwMA:forged:signature"}),
        lambda: Part("stamp: other salt", REFUSE, {"shown": other_salt}),
        lambda: Part(
            "stamp: tampered", REFUSE, {"shown": good[:-2] + ("AA" if good[-2:] != "AA" else "BB")}
        ),
        lambda: Part("stamp: too fast", REFUSE, {"shown": shown_ago(0)}),
        lambda: Part("stamp: from the future", REFUSE, {"shown": shown_ago(-3600)}),
        lambda: Part("stamp: signed two days ago", REFUSE, {"shown": signed_ago(2 * 24 * 3600)}),
        lambda: Part("stamp: NUL", REFUSE, {"shown": good + "\x00"}),
    ]
    return rng.choice(choices)()


def signed_ago(seconds: float) -> str:
    """A fill-time stamp as the form signed it `seconds` ago (the signature's own time)."""

    class Then(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time() - seconds))

    return Then(salt=SALT).sign_object(time.time() - seconds)


def honeypot_part(rng: random.Random) -> Part:
    value = rng.choice(["http://spam.example", " ", "0", "a" * 5000, "\u200b"])
    return Part(f"honeypot: filled ({value[:8]!r})", REFUSE, {"website": value})


def extra_fields_part(rng: random.Random) -> Part:
    choices = [
        lambda: Part(
            "extra: fields the form does not have",
            ACCEPT,
            {
                "state": "closed",
                "is_staff": "1",
                "grid_path": "0001",
                "reported_by": "1",
                "source": "api",
            },
        ),
        lambda: Part("extra: no honeypot field at all", ACCEPT, {"website": None}),
        # Django refuses a multipart part whose headers are over 1,024 bytes (a 400).
        lambda: Part("extra: a 10,000-character field name", REFUSE, {"x" * 10_000: "1"}),
    ]
    return rng.choice(choices)()


SLOTS = [
    "description",
    "name",
    "phone",
    "place",
    "coordinates",
    "category",
    "tree",
    "stamp",
    "honeypot",
    "extra",
    "photos",
]
SLOT_WEIGHTS = [10, 4, 4, 3, 3, 3, 4, 5, 2, 2, 14]


# --- submissions -----------------------------------------------------------------------------


@dataclass
class Submission:
    index: int
    label: str
    expect: str
    address: str
    data: dict | bytes | None = None
    content_type: str | None = None  # for a raw body
    method: str = "post"
    path: str = REPORT
    photos: list = field(default_factory=list)  # payload names
    parts: list = field(default_factory=list)
    phone_key: str = ""  # the phone the per-phone limit counts, if it does
    extra: dict = field(default_factory=dict)  # more WSGI environ

    def describe(self) -> str:
        photos = f" photos={self.photos}" if self.photos else ""
        return f"#{self.index} [{self.label}] from {self.address}{photos}"


class Generator:
    def __init__(self, rng: random.Random, codes: dict, category_ids: dict):
        self.rng = rng
        self.codes = codes
        self.category_ids = category_ids

    def base(self, phone: str) -> dict:
        return {
            "community": self.codes["c111"],
            "place": "",
            "category": str(self.category_ids["public"]),
            "description": self.rng.choice(DESCRIPTIONS),
            "phone": phone,
            "name": self.rng.choice(NAMES),
            "shown": shown_ago(self.rng.uniform(5, 3600)),
            "website": "",
        }

    def submission(self, index: int) -> Submission:
        rng = self.rng
        roll = rng.random()
        if index < len(PHOTO_WEIGHTS):
            # First each file once, alone on an otherwise valid report.
            name = list(PHOTO_WEIGHTS)[index]
            data = self.base(phone=f"136{index:08d}")
            expect = payloads()[name].expect
            return Submission(
                index,
                f"one photo: {name}",
                expect,
                f"10.100.0.{index}",
                data,
                photos=[name],
                phone_key=data["phone"],
            )
        if roll < 0.03:
            return self.whole_request(index)
        address = f"10.{index >> 16 & 255}.{index >> 8 & 255}.{index & 255}"
        phone = f"139{index:08d}"
        extra = {}
        if roll < 0.10:
            address = FLOOD_ADDRESS
            # Not trusted without TRUSTED_PROXY_HEADER: the limit still counts REMOTE_ADDR.
            extra = {"HTTP_X_FORWARDED_FOR": f"198.51.100.{index & 255}"}
        elif roll < 0.14:
            phone = FLOOD_PHONE
        data = self.base(phone=phone)
        count = rng.choice([0, 1, 1, 2, 2, 3, 4])
        slots = set(rng.choices(SLOTS, SLOT_WEIGHTS, k=count))
        if phone == FLOOD_PHONE:
            slots -= {"phone", "name"}  # keep it counted under the same phone
        if "honeypot" in slots:
            slots.discard("extra")  # which may remove the honeypot field
        parts, photos = [], []
        for slot in sorted(slots, key=SLOTS.index):
            if slot == "photos":
                photos = rng.choices(
                    list(PHOTO_WEIGHTS),
                    list(PHOTO_WEIGHTS.values()),
                    k=rng.choice([1, 1, 2, 3, 4, 5]),
                )
                continue
            part = self.part(slot, data)
            parts.append(part)
            for key, value in part.fields.items():
                if value is None:
                    data.pop(key, None)
                else:
                    data[key] = value
        expect = ACCEPT
        if any(part.expect == REFUSE for part in parts):
            expect = REFUSE
        if len(photos) > MAX_PHOTOS or any(payloads()[name].expect == REFUSE for name in photos):
            expect = REFUSE
        labels = [part.label for part in parts]
        if photos:
            labels.append(f"{len(photos)} photo(s)")
        # The per-phone limit counts the phone as cleaned: the flood phone is sent as it is,
        # the others are unique to the submission whatever their form; anonymous: not counted.
        phone_key = phone
        if any(part.anonymous for part in parts):
            phone_key = ""
        elif any(part.label.startswith("phone") for part in parts):
            phone_key = f"unique-{index}"
        return Submission(
            index=index,
            label="; ".join(labels) or "a plain report",
            expect=expect,
            address=address,
            data=data,
            photos=photos,
            parts=parts,
            phone_key=phone_key,
            extra=extra,
        )

    def part(self, slot: str, data: dict) -> Part:
        rng = self.rng
        if slot == "description":
            return description_part(rng, data["description"])
        if slot == "name":
            return name_part(rng)
        if slot == "phone":
            return phone_part(rng, data["phone"])
        if slot == "place":
            return place_part(rng)
        if slot == "coordinates":
            return coordinates_part(rng)
        if slot == "category":
            return category_part(rng, self.category_ids)
        if slot == "tree":
            return place_in_tree_part(rng, self.codes)
        if slot == "stamp":
            return stamp_part(rng)
        if slot == "honeypot":
            return honeypot_part(rng)
        return extra_fields_part(rng)

    def whole_request(self, index: int) -> Submission:
        rng = self.rng
        address = f"10.200.{index >> 8 & 255}.{index & 255}"
        data = self.base(phone=f"137{index:08d}")
        kind = rng.choice(
            [
                "bad utf-8",
                "no boundary",
                "garbage multipart",
                "json",
                "fields",
                "files",
                "method",
                "query",
            ]
        )
        if kind == "bad utf-8":
            body = urllib.parse.urlencode(data) + "&description=%FF%FE%ED%A0%80%C0%AF%E6%A5%BC"
            return Submission(
                index,
                "raw body: invalid UTF-8 in the description",
                ACCEPT,
                address,
                body.encode(),
                "application/x-www-form-urlencoded",
                phone_key=data["phone"],
            )
        if kind == "no boundary":
            return Submission(
                index,
                "raw body: multipart without a boundary",
                REFUSE,
                address,
                b"--x\r\n",
                "multipart/form-data",
            )
        if kind == "garbage multipart":
            body = (
                b'--B\r\nContent-Disposition: form-data; name="photos"; filename="a.jpg"\r\n'
                + bytes(range(256)) * 8
            )
            return Submission(
                index,
                "raw body: truncated multipart",
                REFUSE,
                address,
                body,
                "multipart/form-data; boundary=B",
            )
        if kind == "json":
            return Submission(
                index,
                "raw body: JSON",
                REFUSE,
                address,
                b'{"description": "x"}',
                "application/json",
            )
        if kind == "fields":
            many = dict(
                data, **{f"f{n}": "x" for n in range(django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)}
            )
            return Submission(index, "10,000 extra fields", REFUSE, address, many)
        if kind == "files":
            return Submission(
                index, "101 files", REFUSE, address, data, photos=["zero bytes"] * 101
            )
        if kind == "method":
            method = rng.choice(["put", "patch", "delete"])
            return Submission(
                index, f"method {method.upper()}", REFUSE, address, data, method=method
            )
        hostile = rng.choice(["%00", "%E2%80%AE", "x" * 5000, "%25", codes_join(self.codes)])
        # A NUL in the address is answered 400 by the NUL guard before any view.
        return Submission(
            index,
            f"query: hostile ?community= ({hostile[:6]})",
            REFUSE if hostile == "%00" else ACCEPT,
            address,
            data,
            path=f"{REPORT}?community={hostile}",
            phone_key=data["phone"],
        )


def codes_join(codes: dict) -> str:
    return ",".join(codes.values())


# --- the run ---------------------------------------------------------------------------------


def stored_files() -> set[str]:
    found = set()
    for root in {django_settings.PRIVATE_MEDIA_ROOT, django_settings.MEDIA_ROOT}:
        for folder, _dirs, files in os.walk(root):
            found.update(os.path.join(folder, name) for name in files)
    return found


def hostile_characters(text: str) -> list[str]:
    found = set(HOSTILE_CHARACTER.findall(text or ""))
    return sorted(f"U+{ord(c):04X} {unicodedata.name(c, '(a control)')}" for c in found)


def too_long(instance) -> list[str]:
    """CharFields longer than their column: PostgreSQL refuses them (SQLite does not)."""
    return [
        f"{instance._meta.label}.{f.name} is {len(getattr(instance, f.attname))} > {f.max_length}"
        for f in instance._meta.concrete_fields
        if isinstance(f, CharField)
        and f.max_length
        and isinstance(getattr(instance, f.attname), str)
        and len(getattr(instance, f.attname)) > f.max_length
    ]


def photo_problems(attachment: EventAttachment, sent: Payload) -> list[str]:
    data = Path(attachment.file.path).read_bytes()
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image_format, info, size = image.format, dict(image.info), image.size
            exif = image.getexif()
            gps = dict(exif.get_ifd(0x8825))
            text = dict(getattr(image, "text", {}) or {})
    except Exception as error:  # noqa: BLE001 - any failure to open is the finding
        return [f"the stored photo does not open: {error!r}"]
    problems = []
    if image_format not in ("JPEG", "PNG") or attachment.content_type != Image.MIME[image_format]:
        problems.append(f"stored as {image_format} / {attachment.content_type}")
    if len(exif) or gps:
        problems.append(f"EXIF kept: {dict(exif)} GPS {gps}")
    kept = sorted(set(info) & {"exif", "comment", "xmp", "XML:com.adobe.xmp", "photoshop"})
    if kept or text:
        problems.append(f"metadata kept: {kept + sorted(text)} ({info.get('comment')!r})")
    for marker in (
        b"PhoneMaker",
        b"PhoneModel",
        b"GPSLatitude",
        b"GPS 34",
        b"<?php",
        b"<script",
        b"PK\x03\x04",
        b"Exif\x00\x00",
    ):
        if marker in data:
            problems.append(f"the stored file still holds {marker!r}")
    if image_format == "JPEG" and not data.endswith(b"\xff\xd9"):
        problems.append("bytes after the JPEG's end")
    if max(size) > django_settings.EVENT_PHOTO_MAX_SIDE:
        problems.append(f"{size} is over EVENT_PHOTO_MAX_SIDE")
    if not attachment.is_image:
        problems.append("not marked as an image")
    if sent.filename[:4] in attachment.file.name or "/" in attachment.original_name:
        problems.append(f"stored under the uploader's name: {attachment.file.name}")
    return problems


class RateModel:
    """What the limits should do, counted as within_limits counts: a refused try counts nowhere."""

    def __init__(self):
        self.counts = Counter()

    def allows(self, address: str, phone: str) -> bool:
        counted = []
        for key, limit in ((("address", address), PER_ADDRESS), (("phone", phone), PER_PHONE)):
            if not key[1]:
                continue
            self.counts[key] += 1
            counted.append(key)
            if self.counts[key] > limit:
                for done in counted:
                    self.counts[done] -= 1
                return False
        return True


@dataclass
class Findings:
    by_kind: dict = field(default_factory=lambda: defaultdict(list))

    def add(self, kind: str, submission: Submission, detail: str = ""):
        self.by_kind[kind].append(f"{submission.describe()} {detail}".strip())

    def report(self) -> str:
        lines = []
        for kind, items in sorted(self.by_kind.items()):
            labels = Counter(item.split("] ")[0].split("[", 1)[1] for item in items)
            lines.append(
                f"== {kind}: {len(items)} submission(s); by label: {dict(labels.most_common(8))}"
            )
            lines += [f"   {item[:600]}" for item in items[:6]]
        return "\n".join(lines)


def send(client, submission: Submission):
    environ = {"REMOTE_ADDR": submission.address, **submission.extra}
    method = getattr(client, submission.method)
    if isinstance(submission.data, bytes):
        return method(
            submission.path, submission.data, content_type=submission.content_type, **environ
        )
    data = dict(submission.data)
    if submission.photos:
        data["photos"] = [payloads()[name].upload() for name in submission.photos]
    if submission.method == "post":
        return method(submission.path, data, **environ)
    body = encode_multipart(BOUNDARY, data)
    return method(submission.path, body, content_type=MULTIPART_CONTENT, **environ)


@pytest.fixture
def world(covered_world):
    return covered_world


@pytest.fixture
def categories(db):
    return {
        "public": make_category("市容环境").pk,
        "internal": make_category("内部巡查", is_public=False).pk,
        "inactive": make_category("已停用", is_active=False).pk,
    }


def test_a_thousand_hostile_submissions(world, categories, client, clock, settings, tmp_path):
    settings.RESIDENT_REPORT_PER_ADDRESS = PER_ADDRESS
    settings.RESIDENT_REPORT_PER_PHONE = PER_PHONE
    # The limit on posts of any kind is tried on its own (test_report_form): here it would
    # answer 429 before the checks this test is about.
    settings.RESIDENT_REPORT_ATTEMPTS_PER_ADDRESS = 10_000
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    (tmp_path / "uploads").mkdir()
    client.raise_request_exception = False
    codes = {key: node.code for key, node in world.nodes.items()}
    generator = Generator(random.Random(SEED), codes, categories)
    rates = RateModel()
    findings = Findings()
    outcomes, answers = Counter(), Counter()
    nul_parameters = []

    def watch_for_nul(execute, sql, params, many, context):
        rows = params if many else [params]
        for row in rows or ():
            values = row.values() if isinstance(row, dict) else (row or ())
            for value in values:
                if isinstance(value, str) and "\x00" in value:
                    table = re.search(r'FROM "(\w+)"', sql)
                    nul_parameters.append(f"{table and table[1]}: {value[:40]!r} in {sql[:60]}…")
        return execute(sql, params, many, context)

    started = time.monotonic()
    with connection.execute_wrapper(watch_for_nul):
        for index in range(SUBMISSIONS):
            submission = generator.submission(index)
            expect_status = None
            if submission.expect == ACCEPT and submission.method == "post":
                allowed = rates.allows(submission.address, submission.phone_key)
                expect_status = 302 if allowed else 429
            events_before = Event.objects.count()
            attachments_before = EventAttachment.objects.count()
            files_before = stored_files()
            nul_before = len(nul_parameters)

            response = send(client, submission)

            status = response.status_code
            answers[status] += 1
            if status >= 500:
                exc = getattr(response, "exc_info", None)
                where = ""
                if exc:
                    frames = traceback.extract_tb(exc[2])
                    where = " <- ".join(f"{Path(f.filename).name}:{f.lineno}" for f in frames[-5:])
                    where = f"{exc[1]!r} at {where}"
                findings.add(f"a {status} answer", submission, where)
            if len(nul_parameters) > nul_before:
                findings.add(
                    "a NUL character sent to the database (a 500 on PostgreSQL)",
                    submission,
                    nul_parameters[-1],
                )
            new_events = list(
                Event.objects.order_by("pk").select_related("resident_report")[events_before:]
            )
            new_files = stored_files() - files_before
            accepted = status == 302
            outcomes["accepted" if accepted else f"refused {status}"] += 1

            if expect_status is not None and status != expect_status and status < 500:
                findings.add(f"expected {expect_status}, answered {status}", submission)
            if (
                submission.expect == REFUSE
                and (accepted or not 400 <= status < 500)
                and status < 500
            ):
                findings.add(f"expected a refusal (4xx), answered {status}", submission)
            if status == 429 and "稍后再试" not in response.content.decode():
                findings.add("a 429 without its message", submission)

            if not accepted:
                if new_events or EventAttachment.objects.count() != attachments_before or new_files:
                    findings.add(
                        "a refused submission left something behind",
                        submission,
                        f"events={len(new_events)} files={sorted(new_files)}",
                    )
                continue

            if not response["Location"].startswith("/report/t/") or len(new_events) != 1:
                findings.add(
                    "an accepted submission is not one event", submission, response["Location"]
                )
                continue
            event = new_events[0]
            attachments = list(event.attachments.all())
            if {Path(a.file.path).as_posix() for a in attachments} != {
                Path(f).as_posix() for f in new_files
            }:
                findings.add(
                    "stored files are not the event's attachments",
                    submission,
                    f"{sorted(new_files)}",
                )
            if len(attachments) != len(submission.photos):
                findings.add(
                    f"{len(submission.photos)} photos sent, {len(attachments)} kept", submission
                )
            for attachment, name in zip(attachments, submission.photos, strict=False):
                problems = photo_problems(attachment, payloads()[name])
                if problems:
                    findings.add(
                        f"a stored photo kept what it should not ({name})",
                        submission,
                        "; ".join(problems),
                    )
            texts = {
                f"Event.{name}": getattr(event, name)
                for name in ("description", "title", "address", "reporter_name", "reporter_phone")
            }
            texts["EventAttachment.original_name"] = "".join(a.original_name for a in attachments)
            for where, text in texts.items():
                bad = hostile_characters(text)
                if bad:
                    findings.add(
                        f"control or direction characters kept in {where}",
                        submission,
                        str(bad),
                    )
            for instance in [event, event.resident_report, *attachments]:
                long = too_long(instance)
                if long:
                    findings.add(
                        "a value longer than its column (a 500 on PostgreSQL)",
                        submission,
                        "; ".join(long),
                    )
            if not event.description or len(event.description) > 2000:
                findings.add("a description empty or over 2,000 characters", submission)
            for part in submission.parts:
                if part.description is not None and event.description != part.description:
                    findings.add(
                        "the description kept is not the text typed, cleaned",
                        submission,
                        f"[{part.label}] {event.description[:80]!r} != {part.description[:80]!r}",
                    )
                if part.name is not None and event.reporter_name != part.name:
                    findings.add(
                        "the name kept is not the name typed, cleaned",
                        submission,
                        f"{event.reporter_name!r} != {part.name!r}",
                    )
                if part.address is not None and event.address != part.address:
                    findings.add(
                        "the place kept is not the place typed, cleaned",
                        submission,
                        f"{event.address!r} != {part.address!r}",
                    )
                if (
                    part.coordinates is not None
                    and (event.latitude, event.longitude) != part.coordinates
                ):
                    findings.add(
                        "unexpected coordinates", submission, f"{event.latitude}, {event.longitude}"
                    )
                if part.anonymous and (
                    event.reporter_phone
                    or event.reporter_name
                    or not event.resident_report.is_anonymous
                ):
                    findings.add("an anonymous report kept a name or phone", submission)
    elapsed = time.monotonic() - started

    accepted = outcomes["accepted"]
    rate_limited = outcomes["refused 429"]
    summary = (
        f"{SUBMISSIONS} submissions in {elapsed:.1f}s: {dict(outcomes)}; answers {dict(answers)}"
    )
    # The run is only worth something if it is hostile and still lets reports through.
    assert accepted >= SUBMISSIONS * 0.25, summary
    assert SUBMISSIONS - accepted >= SUBMISSIONS * 0.30, summary
    assert rate_limited >= 10, summary
    assert Event.objects.count() == ResidentReport.objects.count() == accepted, summary
    assert not list((tmp_path / "uploads").iterdir()), "temporary upload files were left behind"
    assert not findings.by_kind, f"{summary}\n{findings.report()}"
