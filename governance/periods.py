"""Reporting periods: a month (2026-10), a quarter (2026-Q3), a year (2026) or a date range."""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
QUARTER_RE = re.compile(r"^(\d{4})-[Qq]([1-4])$")
YEAR_RE = re.compile(r"^(\d{4})$")
FIRST_YEAR, LAST_YEAR = 1900, 2999
RANGE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    label: str

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        return cls(datetime.date(year, month, 1), month_end(year, month), f"{year}年{month}月")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        first = 3 * (quarter - 1) + 1
        return cls(
            datetime.date(year, first, 1),
            month_end(year, first + 2),
            f"{year}年第{quarter}季度",
        )

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), f"{year}年")

    @classmethod
    def parse(cls, text: str) -> "Period":
        """Accepts 2026-10, 2026-Q3, 2026 or 2026-01-01..2026-06-30; else a Chinese ValueError."""
        period = cls._parse((text or "").strip())
        # Queries ask for the day after a period's end; year 9999 has none.
        if not (FIRST_YEAR <= period.start.year and period.end.year <= LAST_YEAR):
            raise ValueError(
                _("A period must lie between the years %(first)d and %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return period

    @classmethod
    def _parse(cls, value: str) -> "Period":
        if match := MONTH_RE.match(value):
            year, month = int(match[1]), int(match[2])
            if not 1 <= month <= 12:
                raise ValueError(_("Month %(month)d does not exist.") % {"month": month})
            return cls.month(year, month)
        if match := QUARTER_RE.match(value):
            return cls.quarter(int(match[1]), int(match[2]))
        if match := YEAR_RE.match(value):
            return cls.year(int(match[1]))
        if match := RANGE_RE.match(value):
            try:
                start = datetime.date.fromisoformat(match[1])
                end = datetime.date.fromisoformat(match[2])
            except ValueError as error:
                raise ValueError(
                    _("“%(value)s” names a day that does not exist.") % {"value": value}
                ) from error
            if end < start:
                raise ValueError(_("The period ends before it starts."))
            return cls(start, end, f"{start:%Y年%m月%d日}至{end:%Y年%m月%d日}")
        raise ValueError(
            _("“%(value)s” is not a period: use 2026-10, 2026-Q3, 2026 or 2026-01-01..2026-06-30.")
            % {"value": value}
        )

    @classmethod
    def whole_month(cls, start: datetime.date, end: datetime.date) -> "Period | None":
        """The calendar month that `start`..`end` spans exactly, or None."""
        month = cls.month(start.year, start.month)
        return month if (start, end) == (month.start, month.end) else None

    @property
    def key(self) -> str:
        """The text `parse` reads back: 2026-10, 2026-Q3, 2026 or a date range."""
        start, end = self.start, self.end
        if self == Period.month(start.year, start.month):
            return f"{start:%Y-%m}"
        if start.month % 3 == 1 and self == Period.quarter(start.year, start.month // 3 + 1):
            return f"{start.year}-Q{start.month // 3 + 1}"
        if self == Period.year(start.year):
            return str(start.year)
        return f"{start:%Y-%m-%d}..{end:%Y-%m-%d}"

    @property
    def is_whole_months(self) -> bool:
        """Starts on the first of a month and ends on the last day of one: a month, quarter or
        year, or a range of whole months (the tally summary answers those exactly)."""
        return self.start.day == 1 and self.end == month_end(self.end.year, self.end.month)

    @property
    def is_single_month(self) -> bool:
        return (self.start.year, self.start.month) == (self.end.year, self.end.month)

    def months(self) -> list[datetime.date]:
        """The first day of every month the period touches."""
        months = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            months.append(datetime.date(year, month, 1))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months
