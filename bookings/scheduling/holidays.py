"""Ontario's statutory holidays, closed to bookings unless Taylor opens one (HolidayOpening).

The dates come from the `holidays` package, Ontario's public holidays with their observed days
(Boxing Day on a Sunday is observed the Monday after), computed for any year without a query.
"""

from datetime import date

import holidays as holiday_calendars

from .models import HolidayOpening


def statutory_holidays(first: date, last: date) -> dict[date, str]:
    """Each statutory holiday from `first` to `last`, with its name."""
    if last < first:
        return {}
    calendar = holiday_calendars.country_holidays(
        "CA", subdiv="ON", years=range(first.year, last.year + 1)
    )
    return {day: name for day, name in sorted(calendar.items()) if first <= day <= last}


def closed_holidays(first: date, last: date) -> dict[date, str]:
    """The statutory holidays in the range Taylor has not opened; one query, only when a
    holiday falls in the range."""
    found = statutory_holidays(first, last)
    if not found:
        return {}
    opened = set(HolidayOpening.objects.filter(day__in=found).values_list("day", flat=True))
    return {day: name for day, name in found.items() if day not in opened}
