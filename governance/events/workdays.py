"""Deadlines in hours or in PRC working days, 调休 included.

The `chinesecalendar` package knows the State Council's holiday notices for the years it was
released with; `WorkdayOverride` rows correct it or extend it to later years. A year neither
knows falls back to Monday to Friday.
"""

import datetime

import chinese_calendar
from django.utils import timezone

from governance.events.models import TimeUnit, WorkdayOverride


class WorkingCalendar:
    """Loaded once per use: the overrides are a handful of rows read in one query."""

    def __init__(self):
        self.overrides = dict(WorkdayOverride.objects.values_list("date", "is_workday"))

    def is_workday(self, day: datetime.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            return day.weekday() < 5

    def add_workdays(self, day: datetime.date, count: int) -> datetime.date:
        """The `count`-th working day after `day` (the day itself never counts)."""
        while count > 0:
            day += datetime.timedelta(days=1)
            if self.is_workday(day):
                count -= 1
        return day


def deadline_after(start: datetime.datetime, amount: int, unit: str, calendar=None):
    """When a level given `amount` `unit` from `start` must be done: hours on the clock, or the
    end of the working day `amount` working days on."""
    if unit == TimeUnit.HOURS:
        return start + datetime.timedelta(hours=amount)
    calendar = calendar or WorkingCalendar()
    local_start = timezone.localtime(start)
    last_day = calendar.add_workdays(local_start.date(), amount)
    end_of_day = datetime.datetime.combine(last_day, datetime.time(23, 59, 59))
    return timezone.make_aware(end_of_day, timezone.get_current_timezone())
