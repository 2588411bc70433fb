"""Text that shows nothing but changes how a name reads or compares.

Direction overrides can make 张三 display as 三张 and zero-width characters make two equal-looking
names differ; spreadsheets strip them (`spreadsheets/cells.py`) and admin forms refuse them.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)


# Control characters other than tab and line breaks, C1 too (U+009B starts a terminal escape):
# PostgreSQL refuses NUL in text outright.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_invisible(text: str) -> str:
    return INVISIBLE.sub("", text)


def typed_text(text: str) -> str:
    """What a member of the public typed, without the characters that only do harm: pasting
    from a chat app brings zero-width spaces along, which a resident should not be scolded for."""
    return CONTROL.sub("", strip_invisible(text or "")).strip()


def validate_visible_text(value: str) -> None:
    if value and INVISIBLE.search(value):
        raise ValidationError(
            _(
                "The text holds invisible characters (a direction override or a zero-width "
                "space); type it again."
            ),
            code="invisible_characters",
        )


# 33栋, 33幢, 33座 and 33号楼 name the same building; 33号楼 is how coverage lists are written.
BUILDING = re.compile(r"(\d+)(?:号楼|号栋|号幢|栋|幢|座|号座)")
SPACES = re.compile(r"\s+")


def buildings_written_alike(text: str) -> str:
    """Full-width digits and letters made narrow (NFKC) and every way of writing a building
    number written as 号楼: what search indexes and what it is asked."""
    return BUILDING.sub(r"\1号楼", unicodedata.normalize("NFKC", text))


def place_key(text: str) -> str:
    """A building or address as it compares: `buildings_written_alike`, without spaces."""
    return buildings_written_alike(SPACES.sub("", unicodedata.normalize("NFKC", typed_text(text))))


def contains_place(text: str, key: str) -> bool:
    """Whether `key` (a place_key) names a place within `text`: a number is matched whole, so
    3号楼 is not found in 33号楼."""
    if not key:
        return False
    end = r"(?!\d)" if key[-1].isdigit() else ""
    return re.search(rf"(?<!\d){re.escape(key)}{end}", text) is not None
