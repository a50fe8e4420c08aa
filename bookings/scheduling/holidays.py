"""Ontario's statutory holidays, closed to bookings unless Taylor opens one (HolidayOpening).

The dates come from the `holidays` package, Ontario's public holidays with their observed days
(Boxing Day on a Sunday is observed the Monday after), computed for any year without a query.
"""

from datetime import date
from functools import cache

import holidays as holiday_calendars

from .models import HolidayOpening


def statutory_holidays(first: date, last: date) -> dict[date, str]:
    """Each statutory holiday from `first` to `last`, with its name."""
    return {
        day: name
        for year in range(first.year, last.year + 1)
        for day, name in _ontario_holidays(year)
        if first <= day <= last
    }


@cache
def _ontario_holidays(year: int) -> tuple[tuple[date, str], ...]:
    """A year's holidays, in date order. Working them out takes about 2 ms, longer than the
    rest of an availability question; they change only with the package, so once a process."""
    calendar = holiday_calendars.country_holidays("CA", subdiv="ON", years=year)
    return tuple(sorted(calendar.items()))


def closed_holidays(first: date, last: date) -> dict[date, str]:
    """The statutory holidays in the range Taylor has not opened; one query, only when a
    holiday falls in the range."""
    found = statutory_holidays(first, last)
    if not found:
        return {}
    opened = set(HolidayOpening.objects.filter(day__in=found).values_list("day", flat=True))
    return {day: name for day, name in found.items() if day not in opened}
