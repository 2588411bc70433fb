"""What the GeoJSON and KML readers share: one feature of a boundary file, how its grid code is
found, how a feature is named in messages, and the one error a file is refused with."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from governance.spreadsheets.cells import normalise_text
from governance.spreadsheets.reading import SpreadsheetError

# The property (GeoJSON) or ExtendedData field (KML) that names the grid, first found wins:
# 统一编码 is the registry spreadsheet's column, 编码 and code what other tools write.
CODE_KEYS = ("统一编码", "编码", "code")
# Codes are at most 18 digits; anything much longer is shown cut in messages.
SHOWN_CODE_CHARS = 40


class GeoFileError(SpreadsheetError):
    """The boundary file cannot be read at all; the message says why, in Chinese. A subclass of
    SpreadsheetError, so the import pipeline refuses it like an unreadable spreadsheet."""


@dataclass
class FileFeature:
    """One feature as read: the grid code it names ("" for none), its geometry as a GeoJSON
    Polygon or MultiPolygon in longitude/latitude with any height dropped (None when it has no
    usable one), and what is wrong with it, if the reader already knows."""

    code: str
    geometry: dict | None
    problem: str = ""


def code_from(values: dict) -> str:
    """The first non-empty code among CODE_KEYS, cleaned as a spreadsheet cell is (full-width
    digits fold, a number 410103001.0 reads as 410103001)."""
    for key in CODE_KEYS:
        value = values.get(key)
        if isinstance(value, bool):
            continue
        text = normalise_text(value)
        if text:
            return text
    return ""


def feature_place(number: int, code: str) -> str:
    """第3个要素（编码 410103001001005）, or 第3个要素 when the feature names no code."""
    if not code:
        return _("feature %(number)d") % {"number": number}
    return _("feature %(number)d (code %(code)s)") % {
        "number": number,
        "code": code[:SHOWN_CODE_CHARS],
    }


def geometry_kind_problem(kind: str) -> str:
    """The message for a feature whose geometry is not an area (a point, a line, …)."""
    return _(
        "its geometry is a %(kind)s; a grid boundary must be an area (Polygon or MultiPolygon)."
    ) % {"kind": str(kind)[:40]}
