"""Taylor's schedule for admin: a day's or a week's visits with the drive to the next one, and
his time off where it falls among them.

Each read runs five queries however many visits it covers: the visits (with their client,
service and area, and whether each has a receipt), the time off, the policy, the driving-time
matrix and the rush hours. Gaps are counted between visits that hold Taylor's time (requested,
confirmed, completed); cancelled visits and no-shows are listed where they fell but leave no
gap, as availability ignores them too.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef

from bookings.billing.models import Receipt
from bookings.scheduling.models import Appointment, BookingPolicy, TimeOff
from bookings.scheduling.travel import DrivingTimes, Gap, gap_between
from stillwaters.clock import day_bounds, local, midnight

from . import visit_actions


@dataclass(frozen=True)
class ScheduledVisit:
    appointment: Appointment
    # From this visit's end to the next time-holding visit's start that day; None for the last.
    gap_to_next: Gap | None = None

    @property
    def starts_at(self) -> datetime:
        return local(self.appointment.starts_at)

    @property
    def ends_at(self) -> datetime:
        return local(self.appointment.ends_at)

    @property
    def steps(self) -> list[visit_actions.Step]:
        return visit_actions.offered(self.appointment, has_receipt=self.appointment.has_receipt)


@dataclass(frozen=True)
class TimeOffOnDay:
    """Time off as it falls on one day: a week away shows on each day as the whole day."""

    time_off: TimeOff
    day: date

    @property
    def starts_at(self) -> datetime:
        return max(local(self.time_off.starts_at), _midnight_of(self.day))

    @property
    def ends_at(self) -> datetime:
        return min(local(self.time_off.ends_at), _midnight_of(self.day + timedelta(days=1)))

    @property
    def from_day_start(self) -> bool:
        return local(self.time_off.starts_at) <= _midnight_of(self.day)

    @property
    def to_day_end(self) -> bool:
        return local(self.time_off.ends_at) >= _midnight_of(self.day + timedelta(days=1))


@dataclass(frozen=True)
class DaySchedule:
    day: date
    visits: list[ScheduledVisit] = field(default_factory=list)
    time_off: list[TimeOffOnDay] = field(default_factory=list)

    @property
    def entries(self) -> list[ScheduledVisit | TimeOffOnDay]:
        """Visits and time off in the order of the day; time off first when they start alike."""
        return sorted(
            [*self.time_off, *self.visits],
            key=lambda entry: (entry.starts_at, isinstance(entry, ScheduledVisit)),
        )

    @property
    def previous_day(self) -> date:
        return self.day - timedelta(days=1)

    @property
    def next_day(self) -> date:
        return self.day + timedelta(days=1)

    @property
    def live_count(self) -> int:
        return sum(1 for visit in self.visits if visit.appointment.holds_time)


@dataclass(frozen=True)
class WeekSchedule:
    first_day: date
    days: list[DaySchedule] = field(default_factory=list)

    @property
    def last_day(self) -> date:
        return self.first_day + timedelta(days=6)

    @property
    def previous_week(self) -> date:
        return self.first_day - timedelta(days=7)

    @property
    def next_week(self) -> date:
        return self.first_day + timedelta(days=7)


def day_schedule(day: date) -> DaySchedule:
    """Every visit starting on the Toronto day `day`, in order, with the gaps between them."""
    return _schedules(day, 1)[0]


def week_schedule(first_day: date) -> WeekSchedule:
    """The seven Toronto days from `first_day`, each with its visits and gaps."""
    return WeekSchedule(first_day=first_day, days=_schedules(first_day, 7))


def week_start(day: date) -> date:
    """The Monday of the week holding `day`."""
    return day - timedelta(days=day.weekday())


def _schedules(first_day: date, days: int) -> list[DaySchedule]:
    last_day = first_day + timedelta(days=days - 1)
    appointments = appointments_between(first_day, last_day)
    starts, ends = day_bounds(first_day, last_day)
    time_off = list(TimeOff.objects.filter(starts_at__lt=ends, ends_at__gt=starts))
    drives = DrivingTimes.load(BookingPolicy.current())

    by_day: dict[date, list[Appointment]] = {}
    for appointment in appointments:
        by_day.setdefault(local(appointment.starts_at).date(), []).append(appointment)

    schedules = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        listed = by_day.get(day, [])
        holding = [a for a in listed if a.holds_time]
        following = dict(zip((a.pk for a in holding), holding[1:], strict=False))
        visits = []
        for appointment in listed:
            after = following.get(appointment.pk)
            gap = None if after is None else gap_between(appointment, after, drives)
            visits.append(ScheduledVisit(appointment, gap_to_next=gap))
        day_starts, day_ends = day_bounds(day, day)
        away = [
            TimeOffOnDay(block, day)
            for block in time_off
            if block.starts_at < day_ends and block.ends_at > day_starts
        ]
        schedules.append(DaySchedule(day=day, visits=visits, time_off=away))
    return schedules


def appointments_between(first_day: date, last_day: date) -> list[Appointment]:
    """Every appointment starting on the Toronto days first_day..last_day, any status, in order,
    each saying in `has_receipt` whether it has one (for its outcome buttons, visit_actions.py)
    in the same query."""
    receipts = Receipt.objects.filter(appointment=OuterRef("pk"))
    return list(
        Appointment.objects.starting_on_days(first_day, last_day)
        .annotate(has_receipt=Exists(receipts))
        .select_related("client", "option__service", "area", "treatment_note")
        .order_by("starts_at", "pk")
    )


def _midnight_of(day: date) -> datetime:
    return local(midnight(day))
