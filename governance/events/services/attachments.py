"""Photos and files attached to an event: checked, photos re-encoded, stored privately.

Phones write the place a photo was taken (GPS) and the device into its EXIF block. Re-encoding
the pixels with Pillow drops every metadata block, so none of it reaches another reader."""

import io
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from governance.events.models import Event, EventAttachment, EventMove

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# Other files a worker may attach: a scanned letter, a notice.
FILE_TYPES = {".pdf": ("application/pdf", b"%PDF-")}
# A decompression bomb (a tiny file that opens to billions of pixels) is refused, not opened.
MAX_PIXELS = 40_000_000


def attachment_check(upload) -> None:
    """Refuses a file that is too large or of a type we do not keep; a Chinese message."""
    if upload.size > settings.EVENT_ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than %(size)d MB.")
            % {"name": upload.name, "size": settings.EVENT_ATTACHMENT_MAX_BYTES // (1024 * 1024)}
        )
    extension = os.path.splitext(upload.name)[1].lower()
    if extension in FILE_TYPES:
        upload.seek(0)
        if not upload.read(5).startswith(FILE_TYPES[extension][1]):
            raise ValidationError(_("“%(name)s” is not a PDF file.") % {"name": upload.name})
        upload.seek(0)
        return
    _reencoded(upload)


def _reencoded(upload) -> tuple[bytes, str, str]:
    """The photo's pixels in a new file without metadata: (bytes, content type, extension)."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format not in IMAGE_FORMATS:
                raise UnidentifiedImageError
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("“%(name)s” has too many pixels.") % {"name": upload.name})
            was_jpeg = image.format == "JPEG"
            # Turn the pixels the way the camera meant before the orientation tag is dropped.
            image = ImageOps.exif_transpose(image)
            side = settings.EVENT_PHOTO_MAX_SIDE
            image.thumbnail((side, side))
            keeps_alpha = image.mode in ("RGBA", "LA", "P") and not was_jpeg
            out = io.BytesIO()
            if keeps_alpha:
                image.convert("RGBA").save(out, "PNG", optimize=True)
                return out.getvalue(), "image/png", ".png"
            image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
            return out.getvalue(), "image/jpeg", ".jpg"
    except Image.DecompressionBombError as error:
        # Pillow refuses to even open it: a tiny file claiming a huge picture.
        raise ValidationError(
            _("“%(name)s” has too many pixels.") % {"name": upload.name}
        ) from error
    except (UnidentifiedImageError, OSError) as error:
        raise ValidationError(
            _("“%(name)s” is neither a photo (JPEG, PNG, WEBP) nor a PDF file.")
            % {"name": upload.name}
        ) from error
    finally:
        upload.seek(0)


def attachment_add(*, event: Event, upload, by, move: EventMove | None = None) -> EventAttachment:
    """Stores one upload on the event (and the move, for a result's photos)."""
    attachment_check(upload)
    name = os.path.basename(upload.name)[:200]
    stem, extension = os.path.splitext(name)
    if extension.lower() in FILE_TYPES:
        upload.seek(0)
        content = upload.read()
        content_type, is_image = FILE_TYPES[extension.lower()][0], False
    else:
        content, content_type, extension = _reencoded(upload)
        name, is_image = f"{stem}{extension}", True
    attachment = EventAttachment(
        event=event,
        move=move,
        original_name=name,
        content_type=content_type,
        size=len(content),
        is_image=is_image,
        uploaded_by=by if by is not None and by.is_authenticated else None,
    )
    # The stored name is not the uploader's: file names can carry a resident's name.
    attachment.file.save(f"{event.number}{extension.lower()}", ContentFile(content), save=False)
    attachment.save()
    return attachment
