"""Photos and files attached to an event: checked, photos re-encoded, stored privately.

Phones write the place a photo was taken (GPS) and the device into its EXIF block. Re-encoding
the pixels with Pillow drops every metadata block, so none of it reaches another reader."""

import io
import os
import struct
import threading
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from governance.events.models import Event, EventAttachment, EventMove
from governance.text import typed_text

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# Other files a worker may attach: a scanned letter, a notice.
FILE_TYPES = {".pdf": ("application/pdf", b"%PDF-")}
# A decompression bomb (a tiny file that opens to billions of pixels) is refused, not opened.
MAX_PIXELS = 40_000_000
NAME_MAX = 200  # EventAttachment.original_name
# What Pillow raises on a file that is not the picture it claims to be, beyond OSError.
BROKEN_IMAGE = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, struct.error)


_TRUNCATION_SWITCH = threading.Lock()


def load_whole(image: Image.Image) -> None:
    """Reads all the pixels, refusing a file cut short (OSError). WeasyPrint switches Pillow to
    accept cut files for the whole process once a PDF is built, which made the same upload
    pass or fail depending on what the process had done before."""
    with _TRUNCATION_SWITCH:
        accepted = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            image.load()
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = accepted


def upright(image: Image.Image) -> Image.Image:
    """The pixels turned the way the camera meant, before the orientation tag is dropped. A
    broken EXIF block (buggy phone software) leaves them as they are rather than losing the
    photo."""
    try:
        return ImageOps.exif_transpose(image)
    except (SyntaxError, ValueError, TypeError, KeyError, struct.error):
        return image


def without_metadata(image: Image.Image) -> Image.Image:
    # convert() copies `info`, and Pillow writes some of it back on save (a JPEG comment).
    image.info = {}
    return image


def _reencoded(upload, *, photos_only: bool = False) -> tuple[bytes, str, str]:
    """The photo's pixels in a new file without metadata: (bytes, content type, extension)."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format not in IMAGE_FORMATS:
                raise UnidentifiedImageError
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("“%(name)s” has too many pixels.") % {"name": upload.name})
            was_jpeg = image.format == "JPEG"
            load_whole(image)
            image = upright(image)
            side = settings.EVENT_PHOTO_MAX_SIDE
            image.thumbnail((side, side))
            keeps_alpha = image.mode in ("RGBA", "LA", "P") and not was_jpeg
            out = io.BytesIO()
            if keeps_alpha:
                without_metadata(image.convert("RGBA")).save(out, "PNG", optimize=True)
                return out.getvalue(), "image/png", ".png"
            without_metadata(image.convert("RGB")).save(out, "JPEG", quality=85, optimize=True)
            return out.getvalue(), "image/jpeg", ".jpg"
    except Image.DecompressionBombError as error:
        # Pillow refuses to even open it: a tiny file claiming a huge picture.
        raise ValidationError(
            _("“%(name)s” has too many pixels.") % {"name": upload.name}
        ) from error
    except BROKEN_IMAGE as error:
        if photos_only:
            raise ValidationError(
                _("“%(name)s” is not a photo (JPEG, PNG, WEBP).") % {"name": upload.name}
            ) from error
        raise ValidationError(
            _("“%(name)s” is neither a photo (JPEG, PNG, WEBP) nor a PDF file.")
            % {"name": upload.name}
        ) from error
    finally:
        upload.seek(0)


@dataclass(frozen=True)
class PreparedFile:
    """An upload checked and, for a photo, re-encoded: ready to store, nothing written yet."""

    name: str
    content: bytes
    content_type: str
    is_image: bool

    @property
    def extension(self) -> str:
        return os.path.splitext(self.name)[1].lower()


def attachment_check_size(upload) -> None:
    """The checks that cost nothing, made before any file is opened."""
    if upload.size > settings.EVENT_ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than %(size)d MB.")
            % {"name": upload.name, "size": settings.EVENT_ATTACHMENT_MAX_BYTES // (1024 * 1024)}
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": upload.name})


def attachment_prepare(upload, *, photos_only: bool = False) -> PreparedFile:
    """Checks one upload and re-encodes a photo; ValidationError (in Chinese) when refused."""
    attachment_check_size(upload)
    # The name is shown to staff: no control characters, and room left for a new extension.
    stem, extension = os.path.splitext(typed_text(os.path.basename(upload.name or "")))
    stem = stem[: NAME_MAX - 10] or "photo"
    extension = extension[:10]
    if extension.lower() in FILE_TYPES and not photos_only:
        upload.seek(0)
        content = upload.read()
        if not content.startswith(FILE_TYPES[extension.lower()][1]):
            raise ValidationError(_("“%(name)s” is not a PDF file.") % {"name": upload.name})
        return PreparedFile(f"{stem}{extension}", content, FILE_TYPES[extension.lower()][0], False)
    content, content_type, extension = _reencoded(upload, photos_only=photos_only)
    return PreparedFile(f"{stem}{extension}", content, content_type, True)


def attachment_store(
    prepared: PreparedFile, *, event: Event, by, move: EventMove | None = None
) -> EventAttachment:
    attachment = EventAttachment(
        event=event,
        move=move,
        original_name=prepared.name,
        content_type=prepared.content_type,
        size=len(prepared.content),
        is_image=prepared.is_image,
        uploaded_by=by if by is not None and by.is_authenticated else None,
    )
    # The stored name is not the uploader's: file names can carry a resident's name.
    attachment.file.save(
        f"{event.number}{prepared.extension}", ContentFile(prepared.content), save=False
    )
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


def attachment_add(*, event: Event, upload, by, move: EventMove | None = None) -> EventAttachment:
    """Stores one upload on the event (and the move, for a result's photos)."""
    return attachment_store(attachment_prepare(upload), event=event, by=by, move=move)
