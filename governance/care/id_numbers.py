"""Resident ID card numbers (居民身份证号码, GB 11643-1999): the check digit, and what the number
itself says about its holder (birth date, sex)."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from governance.spreadsheets.cells import normalise_number_text

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
SHAPE = re.compile(r"^\d{17}[\dX]$")


def check_character(first_seventeen: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first_seventeen, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def normalise(value) -> str:
    """Full-width digits, spaces and a lower-case x as clerks type them, made canonical."""
    return normalise_number_text(value or "").replace(" ", "").upper()


def birth_date_of(number: str) -> datetime.date:
    return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def sex_of(number: str) -> str:
    """'M' or 'F': the seventeenth digit is odd for men."""
    return "M" if int(number[16]) % 2 else "F"


def clean_id_number(value, *, today: datetime.date | None = None) -> str:
    """The canonical number, or a ValidationError saying in Chinese what is wrong with it."""
    number = normalise(value)
    if not SHAPE.match(number):
        raise ValidationError(
            _("An ID number has 18 characters: 17 digits, then a digit or X (it has %(n)d).")
            % {"n": len(number)}
            if len(number) != 18
            else _("An ID number has 17 digits, then a digit or X.")
        )
    try:
        born = birth_date_of(number)
    except ValueError:
        raise ValidationError(
            _("Characters 7–14 of an ID number are the birth date; %(text)s is no date.")
            % {"text": number[6:14]}
        ) from None
    if born.year < 1900 or born > (today or datetime.date.today()):
        raise ValidationError(
            _("The birth date in this ID number (%(date)s) cannot be right.")
            % {"date": born.isoformat()}
        )
    expected = check_character(number[:17])
    if number[17] != expected:
        raise ValidationError(
            _("The check digit of this ID number is wrong: the last character should be %(c)s.")
            % {"c": expected}
        )
    return number


def mask_id_number(number: str) -> str:
    """4101**********1234: the province and city, and the last four characters."""
    if len(number) != 18:
        return "*" * len(number)
    return f"{number[:4]}{'*' * 10}{number[-4:]}"


def fictional_id_number(region: str, born: datetime.date, sequence: int) -> str:
    """A well-formed number for demo data and tests: region code, birth date, sequence, check."""
    first = f"{region}{born:%Y%m%d}{sequence % 1000:03d}"
    return first + check_character(first)
