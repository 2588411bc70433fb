"""Chinese phone numbers, one rule for the admin forms, the imports and the care app.

A mobile is 11 digits starting 13–19; a landline is an area code (0 and 2–3 digits), a 7–8 digit
number and perhaps an extension. A number that fits neither (7 digits with no area code) must not
reach a public contact card, where it would be tapped and ring nobody.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

MOBILE = re.compile(r"(?:\+?86)?(1[3-9]\d{9})")
LANDLINE = re.compile(r"(?:\+?86-?)?(0\d{2,3})-?([1-9]\d{6,7})(?:(?:-|转|分机|ext\.?|#)(\d{1,6}))?")
# Between digit groups clerks type spaces, dashes of every width and brackets round the area code.
SEPARATORS = re.compile(r"[\s()（）]+")
DASHES = re.compile(r"[‐‑‒–—―－ー]")


def normalise_phone_text(value) -> str:
    """The number in its one written form: full-width digits folded, mobile digits only, a
    landline as 0371-12345678 or 0371-12345678-123. Text that is no phone comes back cleaned of
    spaces, for the validator to name."""
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    text = DASHES.sub("-", text)
    if text.startswith(("(", "（")):
        text = re.sub(r"^[(（](\d+)[)）]", r"\1-", text)
    text = SEPARATORS.sub("", text)
    mobile = MOBILE.fullmatch(text.replace("-", ""))
    if mobile:
        return mobile.group(1)
    landline = LANDLINE.fullmatch(text)
    if landline:
        area, number, extension = landline.groups()
        return "-".join(part for part in (area, number, extension) if part)
    return text


def is_phone(value: str) -> bool:
    text = normalise_phone_text(value)
    return bool(MOBILE.fullmatch(text) or LANDLINE.fullmatch(text))


def validate_phone(value: str) -> None:
    if value and not is_phone(value):
        raise ValidationError(
            _(
                "“%(value)s” is not a phone number: a mobile has 11 digits starting with 13–19, "
                "a landline an area code and a number, such as 0371-61234567 (an extension "
                "may follow a dash)."
            ),
            code="invalid_phone",
            params={"value": value},
        )


class PhoneField(models.CharField):
    """A phone kept in its one written form, whatever width or spacing it was typed in."""

    default_validators = [validate_phone]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_phone_text(value) if value else value
