"""What each day offers a client: closed (and why), full, or its free starts.

The times page and the manage page show a week at a time. A day with no free start is either
closed, whatever is booked (a holiday, a day Taylor does not work, a day he is not in the
client's area, too soon or too far ahead to book online), or full. The week's starts come from
one `free_starts` call for the whole range and its closures from `closed_days`, so a week costs
the same few queries whatever is booked in it.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from content.models import ServiceArea
from stillwaters.clock import TORONTO, instant

from .availability import free_starts
from .holidays import closed_holidays, statutory_holidays
from .models import Appointment, AreaRule, BookingOption, BookingPolicy, WorkingHours

WEEK = 7
# The parts of the day the times are grouped under: each runs until the next one's start.
PARTS_OF_DAY = (("Morning", time(0)), ("Afternoon", time(12)), ("Evening", time(17)))


@dataclass(frozen=True)
class Closure:
    """Why a day takes no bookings: `label` fits a week strip's cell, `reason` is a sentence;
    `opens_later` when the day is only beyond the booking horizon, so every later one is too."""

    label: str
    reason: str
    opens_later: bool = False


@dataclass(frozen=True)
class DayOpenings:
    day: date
    starts: list[datetime]  # Toronto time
    closure: Closure | None

    @property
    def state(self) -> str:
        """ "free", "closed" or "full": a day with a free start is free whatever else holds."""
        if self.starts:
            return "free"
        return "closed" if self.closure else "full"


def closed_days(
    first_day: date, last_day: date, area: ServiceArea | None = None, *, now: datetime | None = None
) -> dict[date, Closure]:
    """The days from first_day to last_day that take no bookings (in `area`) whatever is
    booked, each with why; in a fixed number of queries."""
    now = now or timezone.now()
    policy = BookingPolicy.current()
    days = [first_day + timedelta(days=n) for n in range((last_day - first_day).days + 1)]
    holidays = statutory_holidays(first_day, last_day)
    closed = closed_holidays(first_day, last_day)
    # The end of each weekday's hours (the latest, when a day has several intervals; None
    # for midnight): a day whose hours end within the notice is too soon, not full.
    hours_end: dict[int, time | None] = {}
    for weekday, _, ends, _ in WorkingHours.intervals():
        known = hours_end.get(weekday, time(0))
        hours_end[weekday] = None if None in (known, ends) else max(known, ends)
    rule = AreaRule.of(area) if area is not None else None
    visited = set()
    if rule is not None and rule.only_next_to_another_visit:
        visits = Appointment.objects.live().starting_on_days(first_day, last_day)
        starts = visits.filter(area=area).values_list("starts_at", flat=True)
        visited = {start.astimezone(TORONTO).date() for start in starts}
    earliest = now + timedelta(hours=policy.minimum_notice_hours)
    latest = now + timedelta(days=policy.horizon_days)
    found = {}
    for day in days:
        if day in closed:
            found[day] = Closure(
                "Holiday",
                f"{day:%B} {day.day} is {holidays[day]}, a statutory holiday, and Taylor is not "
                "working.",
            )
        elif day.weekday() not in hours_end:
            found[day] = Closure("Day off", f"Taylor does not work on {day:%A}s.")
        elif rule is not None and not rule.visits_on(day.weekday()):
            found[day] = Closure("Not here", f"Taylor visits {area.name} on {rule.weekday_names}.")
        elif _end_of_hours(day, hours_end[day.weekday()]) <= earliest:
            found[day] = Closure(
                "Too soon",
                f"{day:%A} is too soon to book online: Taylor needs "
                f"{policy.minimum_notice_hours} hours' notice. Please call or email.",
            )
        elif instant(day, time(0)) > latest:
            found[day] = Closure("Not open yet", f"Bookings open {policy.horizon_days} days ahead.")
        elif rule is not None and rule.only_next_to_another_visit and day not in visited:
            found[day] = Closure(
                "Not here",
                f"Taylor books {area.name} on days he is already visiting there, and has no "
                f"visit there on {day:%A}, {day:%B} {day.day} yet.",
            )
    return found


def _end_of_hours(day: date, ends: time | None) -> datetime:
    return instant(day + timedelta(days=1), time(0)) if ends is None else instant(day, ends)


def why_closed(day: date, area: ServiceArea | None = None) -> str | None:
    """Why Taylor takes no bookings on `day` (in `area`) whatever is booked, in words for the
    client; None on a day he works there."""
    closure = closed_days(day, day, area).get(day)
    return closure.reason if closure else None


def week_start(day: date, today: date) -> date:
    """The first day of the week strip showing `day`: weeks run seven days from today, so the
    first strip a client sees starts today and no strip shows a day that has passed."""
    return today + timedelta(days=WEEK * max(0, (day - today).days // WEEK))


def week_openings(
    option: BookingOption,
    area: ServiceArea,
    first_day: date,
    *,
    ignore_appointment_id: int | None = None,
    place: str = "",
) -> list[DayOpenings]:
    """The seven days from `first_day`, each with its free starts or why it is closed."""
    last_day = first_day + timedelta(days=WEEK - 1)
    starts = free_starts(
        option,
        area,
        first_day,
        last_day,
        ignore_appointment_id=ignore_appointment_id,
        place=place,
    )
    by_day: dict[date, list[datetime]] = {}
    for start in starts:
        by_day.setdefault(start.date(), []).append(start)
    closures = closed_days(first_day, last_day, area)
    return [
        DayOpenings(day, by_day.get(day, []), closures.get(day))
        for day in (first_day + timedelta(days=n) for n in range(WEEK))
    ]


def parts_of_day(starts: list[datetime]) -> list[tuple[str, list[datetime]]]:
    """The starts (Toronto time, in order) under Morning, Afternoon and Evening; empty parts
    are left out."""
    groups: list[tuple[str, list[datetime]]] = []
    for name, begins in PARTS_OF_DAY:
        ends = next((later for _, later in PARTS_OF_DAY if later > begins), None)
        part = [s for s in starts if s.time() >= begins and (ends is None or s.time() < ends)]
        if part:
            groups.append((name, part))
    return groups
