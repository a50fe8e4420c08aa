"""Taylor's schedule for admin: a day's or a week's visits with the drive to the next one.

Each read runs three queries however many visits it covers: the visits (with their client,
service and area), the policy, and the driving-time matrix. Gaps are counted between visits that
hold Taylor's time (requested, confirmed, completed); cancelled visits and no-shows are listed
where they fell but leave no gap, as availability ignores them too.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from .availability import TORONTO
from .models import Appointment, BookingPolicy, DrivingTime

# Less spare time than this between arriving and the next start is flagged as tight.
TIGHT_SPARE_MINUTES = 10


@dataclass(frozen=True)
class ScheduledVisit:
    appointment: Appointment
    # From this visit's end to the next time-holding visit's start that day; None for the last.
    gap_minutes: int | None = None
    drive_minutes: int | None = None

    @property
    def starts_at(self) -> datetime:
        return self.appointment.starts_at.astimezone(TORONTO)

    @property
    def ends_at(self) -> datetime:
        return self.appointment.ends_at.astimezone(TORONTO)

    @property
    def holds_time(self) -> bool:
        return self.appointment.status in Appointment.LIVE_STATUSES

    @property
    def spare_minutes(self) -> int | None:
        """Minutes left after the drive to the next visit; negative when it cannot be made."""
        if self.gap_minutes is None or self.drive_minutes is None:
            return None
        return self.gap_minutes - self.drive_minutes

    @property
    def is_tight(self) -> bool:
        return self.spare_minutes is not None and self.spare_minutes < TIGHT_SPARE_MINUTES

    @property
    def short_by(self) -> int:
        return max(0, -(self.spare_minutes or 0))

    @property
    def is_short(self) -> bool:
        """Less time than the drive needs: Taylor will be late for the next visit."""
        return self.spare_minutes is not None and self.spare_minutes < 0


@dataclass(frozen=True)
class DaySchedule:
    day: date
    visits: list[ScheduledVisit] = field(default_factory=list)

    @property
    def previous_day(self) -> date:
        return self.day - timedelta(days=1)

    @property
    def next_day(self) -> date:
        return self.day + timedelta(days=1)

    @property
    def live_count(self) -> int:
        return sum(1 for visit in self.visits if visit.holds_time)


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
    appointments = appointments_between(first_day, first_day + timedelta(days=days - 1))
    # A read must not write: with no policy row yet, the defaults apply.
    policy = BookingPolicy.objects.filter(singleton=True).first() or BookingPolicy()
    driving = {
        (from_id, to_id): minutes
        for from_id, to_id, minutes in DrivingTime.objects.values_list(
            "from_area_id", "to_area_id", "minutes"
        )
    }

    def drive(from_id: int, to_id: int) -> int:
        if from_id == to_id:
            return policy.same_area_driving_minutes
        return driving.get((from_id, to_id), policy.default_driving_minutes)

    by_day: dict[date, list[Appointment]] = {}
    for appointment in appointments:
        by_day.setdefault(appointment.starts_at.astimezone(TORONTO).date(), []).append(appointment)

    schedules = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        listed = by_day.get(day, [])
        holding = [a for a in listed if a.status in Appointment.LIVE_STATUSES]
        following = dict(zip((a.pk for a in holding), holding[1:], strict=False))
        visits = []
        for appointment in listed:
            after = following.get(appointment.pk)
            if after is None:
                visits.append(ScheduledVisit(appointment))
                continue
            gap = int((after.starts_at - appointment.ends_at).total_seconds() // 60)
            visits.append(
                ScheduledVisit(
                    appointment,
                    gap_minutes=gap,
                    drive_minutes=drive(appointment.area_id, after.area_id),
                )
            )
        schedules.append(DaySchedule(day=day, visits=visits))
    return schedules


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=TORONTO).astimezone(UTC)


def appointments_between(first_day: date, last_day: date) -> list[Appointment]:
    """Every appointment starting on the Toronto days first_day..last_day, any status, in order."""
    return list(
        Appointment.objects.filter(
            starts_at__gte=_midnight(first_day),
            starts_at__lt=_midnight(last_day + timedelta(days=1)),
        )
        .select_related("client", "option__service", "area")
        .order_by("starts_at", "pk")
    )


def live_visits_overlapping(starts_at: datetime, ends_at: datetime) -> list[Appointment]:
    """Visits holding Taylor's time that overlap starts_at..ends_at, in order."""
    return list(
        Appointment.objects.filter(
            status__in=Appointment.LIVE_STATUSES, starts_at__lt=ends_at, ends_at__gt=starts_at
        )
        .select_related("client")
        .order_by("starts_at", "pk")
    )
