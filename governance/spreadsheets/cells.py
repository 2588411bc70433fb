"""Cleaning what clerks type into spreadsheets, and making exported cells safe to open."""

import datetime
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from governance.text import strip_invisible

# A leading = + - @ tab or CR makes Excel (and LibreOffice) evaluate the cell as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_EPOCH = datetime.date(1899, 12, 30)
DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


@dataclass(frozen=True)
class FormulaCell:
    """A cell whose content is a formula. Imports take values only, so it is reported with its
    place in the sheet and never read as empty."""

    formula: str


# Full-width digits, Latin letters and the ideographic space become ASCII; Chinese punctuation
# such as （）、： is left alone because it is correct in Chinese text.
FULL_WIDTH = {
    **{0xFF10 + i: ord("0") + i for i in range(10)},
    **{0xFF21 + i: ord("A") + i for i in range(26)},
    **{0xFF41 + i: ord("a") + i for i in range(26)},
    0x3000: ord(" "),
}


def normalise_text(value) -> str:
    """Full-width digits, letters and spaces become ASCII; invisible characters and outer spaces
    go; None becomes ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return strip_invisible(str(value)).translate(FULL_WIDTH).strip()


def normalise_number_text(value) -> str:
    """For numbers, dates and phones every full-width form folds, punctuation included."""
    return unicodedata.normalize("NFKC", normalise_text(value))


def unneutralise(text: str) -> str:
    """Undo our own export escaping so an exported file re-imports unchanged."""
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_TRIGGERS:
        return text[1:]
    return text


def neutralise_formula(value):
    """Exported text that Excel would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def normalise_phone(value) -> str:
    """Phones typed as numbers arrive as 13800138000.0 or 1.38001E+10; keep the digits."""
    if value is None or value == "":
        return ""
    if isinstance(value, (int, float)):
        try:
            return str(int(Decimal(str(value))))
        except (InvalidOperation, ValueError):
            return str(value)
    text = normalise_number_text(value)
    if re.fullmatch(r"\d+\.0+", text):
        return text.split(".")[0]
    if re.fullmatch(r"\d+(\.\d+)?[eE]\+?\d+", text):
        return str(int(Decimal(text)))
    return re.sub(r"\s+", "", text)


def parse_date(value) -> datetime.date | None:
    """Excel dates, Excel serial numbers and the usual text forms (2026-10-01, 2026年10月1日)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and 1 <= value < 100000:
        return EXCEL_EPOCH + datetime.timedelta(days=int(value))
    text = normalise_number_text(value)
    for pattern in DATE_PATTERNS:
        if match := pattern.match(text):
            try:
                return datetime.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                break
    raise ValueError(
        _("“%(value)s” is not a date: write 2026-10-01 or 2026年10月1日.") % {"value": text}
    )


TRUE_WORDS = {"是", "y", "yes", "true", "1", "公开", "√", "✓"}
FALSE_WORDS = {"否", "n", "no", "false", "0", "不公开", "", "×"}


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = normalise_text(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(_("“%(value)s” is not 是 or 否.") % {"value": text})
