"""When a booking option can start in an area: the selector behind the booking calendar.

A start is offered when the visit fits inside one working-hours interval of its Toronto weekday,
misses all time off, respects the minimum notice and the booking horizon, and leaves Taylor time to
drive from the appointment before it and to the appointment after it.

Taylor's time at a home is longer than the treatment: the option's set-up minutes before it and
tear-down minutes after it, for the visit asked about and for every visit already booked, and
all of it inside working hours. With a home base and `hours_include_home_drives`, no visit
starts before Taylor could drive there from home at the start of hours, nor ends too late to
drive home by their end (a weekday's hours may name another place to start and end from).
Each drive takes the minutes of the band it leaves in (rush hour or not, scheduling/travel.py).
A visit at the same address as one already booked (a second person in the household) needs no
drive and no second set-up between the two, only that the treatments do not overlap.
Ontario's statutory holidays are closed unless Taylor opens one (scheduling/holidays.py), and an
area with a booking rule is offered only on its weekdays and for its longer treatments.

Each call runs the same few queries however many days or appointments it covers: the policy, the
working hours, the driving times to and from the area, and the time off and live appointments in
the range (one UNION); and, when a statutory holiday falls in the range, the holidays Taylor
opened. The area's booking rule comes with the area (AreaRule.of). Every busy period then
becomes the range of starts it rules out; those ranges are merged and sorted once, and each
candidate start is checked with a binary search. A drive whose minutes depend on when it leaves
makes the starts just before a booked visit doubtful: the range rules out what even the fastest
drive would make late, and each doubtful start is checked against the drive at its own
departure.

All arithmetic is on UTC datetimes, so visits that cross a daylight-saving change have their real
length. Wall-clock times become instants through the practice clock (stillwaters/clock.py): an
ambiguous time on the fall-back day means its first occurrence, and a time in the hour skipped on
the spring-forward day reads as standard time, so 2:30 means 3:30 daylight time.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

from django.db.models import BigIntegerField, CharField, IntegerField, Value
from django.db.models.fields.json import KT
from django.utils import timezone

from content.models import ServiceArea
from stillwaters.clock import TORONTO, in_utc, instant

from .holidays import closed_holidays
from .models import (
    AT_HOME_LIMIT_MINUTES,
    Appointment,
    AreaRule,
    BookingHold,
    BookingOption,
    BookingPolicy,
    TimeOff,
    WorkingHours,
)
from .travel import DrivingTimes, place_key

# A booked visit's set-up and tear-down together are at most this.
_LONGEST_AT_HOME = 2 * AT_HOME_LIMIT_MINUTES
# Taylor booking outside his hours: the whole day, from midnight to midnight (None), no home.
_WHOLE_DAY = [(time(0), None, None)]


def free_starts(
    option: BookingOption,
    area: ServiceArea,
    first_day: date,
    last_day: date,
    *,
    now: datetime | None = None,
    ignore_appointment_id: int | None = None,
    respect_working_hours: bool = True,
    respect_notice: bool = True,
    place: str = "",
) -> list[datetime]:
    """Every start offered for `option` in `area` on the Toronto days first_day..last_day.

    Without working hours each whole day is open, on the slot grid from midnight. Without notice,
    starts in the past are offered too. The horizon always applies. `place` is the visit's
    address as travel.place_key gives it, where known: visits booked there need no drive.
    """
    schedule = _Schedule.load(
        option,
        area,
        first_day,
        last_day,
        now=now,
        ignore_appointment_id=ignore_appointment_id,
        respect_working_hours=respect_working_hours,
        respect_notice=respect_notice,
        place=place,
    )
    return [start.astimezone(TORONTO) for start in schedule.free_starts()]


def is_start_free(
    option: BookingOption,
    area: ServiceArea,
    starts_at: datetime,
    *,
    now: datetime | None = None,
    ignore_appointment_id: int | None = None,
    respect_working_hours: bool = True,
    respect_notice: bool = True,
    place: str = "",
) -> bool:
    """Whether a visit of `option` in `area` may start at `starts_at` (an aware datetime).

    With working hours the start must be one that free_starts offers, on the slot grid. Without
    them Taylor may book any minute, as long as it clears time off and other appointments.
    """
    start = in_utc(starts_at, "starts_at")
    day = start.astimezone(TORONTO).date()
    schedule = _Schedule.load(
        option,
        area,
        day,
        day,
        now=now,
        ignore_appointment_id=ignore_appointment_id,
        respect_working_hours=respect_working_hours,
        respect_notice=respect_notice,
        place=place,
    )
    if not respect_working_hours:
        return schedule.is_free(start)
    return any(candidate == start for candidate in schedule.grid(day)) and schedule.is_free(start)


def nearest_free_starts(
    option: BookingOption,
    area: ServiceArea,
    around: datetime,
    *,
    count: int = 3,
    now: datetime | None = None,
    ignore_appointment_id: int | None = None,
    place: str = "",
) -> list[datetime]:
    """The `count` free starts closest to `around`, before or after it, in time order.

    Used to suggest alternatives when the time a client asked for is taken.
    """
    schedule = _Schedule.load(
        option,
        area,
        None,
        None,
        now=now,
        ignore_appointment_id=ignore_appointment_id,
        place=place,
    )
    target = in_utc(around, "around")
    closest = sorted(schedule.free_starts(), key=lambda start: (abs(start - target), start))
    return [start.astimezone(TORONTO) for start in sorted(closest[:count])]


def next_free_day(
    option: BookingOption,
    area: ServiceArea,
    after: date,
    *,
    now: datetime | None = None,
) -> date | None:
    """The first Toronto day after `after` with a free start, or None if none within the horizon."""
    schedule = _Schedule.load(option, area, after + timedelta(days=1), None, now=now)
    first = next(schedule.free_starts(), None)
    return None if first is None else first.astimezone(TORONTO).date()


@dataclass(frozen=True)
class _Deadline:
    """A booked visit a start just before it might not reach: its doubtful starts run up to
    `until`, and the drive to `to_area` must arrive by `arrive_by`."""

    until: datetime
    arrive_by: datetime
    to_area: int


@dataclass
class _Schedule:
    """Everything one availability question needs, loaded in a fixed number of queries."""

    area_id: int
    minutes: timedelta
    step: timedelta
    # Before and after the treatment; kept inside the working hours when they apply.
    setup: timedelta
    teardown: timedelta
    in_hours: bool
    days: list[date]
    earliest: datetime | None
    latest: datetime
    drives: DrivingTimes
    # Per weekday: (starts, ends or None for midnight, the area Taylor drives from at the
    # start and back to by the end, or None when the hours leave the drives out).
    hours: dict[int, list[tuple[time, time | None, int | None]]]
    closed_days: set[date]
    # Disjoint ranges of ruled-out starts, sorted; a start s is ruled out when
    # blocked_from[i] < s < blocked_until[i] for some i.
    blocked_from: list[datetime]
    blocked_until: list[datetime]
    # Doubtful starts, sorted: a start s with late_from[i] < s <= late[i].until is ruled out
    # when the drive leaving after its visit cannot reach late[i].to_area by late[i].arrive_by.
    late_from: list[datetime]
    late: list["_Deadline"]
    longest_doubt: timedelta

    @classmethod
    def load(
        cls,
        option: BookingOption,
        area: ServiceArea,
        first_day: date | None,
        last_day: date | None,
        *,
        now: datetime | None = None,
        ignore_appointment_id: int | None = None,
        respect_working_hours: bool = True,
        respect_notice: bool = True,
        place: str = "",
    ) -> "_Schedule":
        """Load the schedule for first_day..last_day; None means from now, or to the horizon."""
        now = timezone.now() if now is None else in_utc(now, "now")
        policy = BookingPolicy.current()
        minutes = timedelta(minutes=option.minutes)

        earliest = now + timedelta(hours=policy.minimum_notice_hours) if respect_notice else None
        latest = now + timedelta(days=policy.horizon_days)
        first_day = _later(first_day, earliest.astimezone(TORONTO).date() if earliest else None)
        if first_day is None:
            first_day = now.astimezone(TORONTO).date()
        last_day = min(last_day or date.max, latest.astimezone(TORONTO).date())
        days = [first_day + timedelta(days=n) for n in range((last_day - first_day).days + 1)]

        setup = timedelta(minutes=option.setup_minutes)
        teardown = timedelta(minutes=option.teardown_minutes)
        drives = DrivingTimes.load(policy, touching=area)

        hours: dict[int, list[tuple[time, time | None, int | None]]] = {}
        if respect_working_hours:
            for weekday, starts, ends, home_id in WorkingHours.intervals():
                home_id = home_id or policy.home_area_id
                drives_home = home_id if policy.hours_include_home_drives else None
                hours.setdefault(weekday, []).append((starts, ends, drives_home))
        else:
            hours = {weekday: _WHOLE_DAY for weekday in range(7)}
        # Taylor booking outside his hours may book a holiday, or any day in any area, too.
        closed_days = (
            set(closed_holidays(days[0], days[-1])) if respect_working_hours and days else set()
        )
        rule = AreaRule.of(area)
        if respect_working_hours and rule is not None:
            if rule.minimum_minutes and option.minutes < rule.minimum_minutes:
                days = []
            closed_days |= {day for day in days if not rule.visits_on(day.weekday())}

        # Anything that can rule out a start in the range, with room for the longest drive and
        # the longest set-up and tear-down a booked visit can have.
        margin = minutes + setup + teardown + timedelta(minutes=drives.longest() + _LONGEST_AT_HOME)
        window_start = instant(first_day, time(0)) - margin
        window_end = instant(last_day + timedelta(days=1), time(0)) + margin
        blocked, late = [], []
        busy = _busy_periods(window_start, window_end, ignore_appointment_id, now=now, place=place)
        # Two months hold hundreds of visits in a dozen areas: each area's drive worked out once.
        fastest_and_slowest = {}
        for busy_from, busy_until, area_id, its_setup, its_teardown, at_place in busy:
            if area_id is None:  # time off: no drive, no set-up either side
                blocked.append((busy_from - teardown - minutes, busy_until + setup))
                continue
            if at_place:  # the same home: the table stays up
                blocked.append((busy_from - minutes, busy_until))
                continue
            # Taylor is at the other home from its set-up to its tear-down, and at this one
            # from this visit's set-up to its tear-down, with the drive between.
            arrive_by = busy_from - timedelta(minutes=its_setup)
            it_leaves = busy_until + timedelta(minutes=its_teardown)
            if area_id not in fastest_and_slowest:
                fastest_and_slowest[area_id] = drives.fastest_and_slowest(area.pk, area_id)
            fastest, slowest = fastest_and_slowest[area_id]
            after = drives.minutes(area_id, area.pk, it_leaves)
            latest_sure_start = arrive_by - timedelta(minutes=fastest) - teardown - minutes
            blocked.append((latest_sure_start, it_leaves + timedelta(minutes=after) + setup))
            if slowest > fastest:
                doubt = timedelta(minutes=slowest - fastest)
                late.append(
                    (latest_sure_start - doubt, _Deadline(latest_sure_start, arrive_by, area_id))
                )
        blocked_from, blocked_until = _merge(blocked)
        if respect_working_hours and rule is not None and rule.only_next_to_another_visit:
            # Only on a day Taylor already drives out there for a visit (or a held booking).
            visited = {
                busy_from.astimezone(TORONTO).date()
                for busy_from, _, area_id, *_ in busy
                if area_id == area.pk
            }
            closed_days |= set(days) - visited

        late.sort(key=lambda doubtful: doubtful[0])
        return cls(
            area_id=area.pk,
            minutes=minutes,
            step=timedelta(minutes=policy.slot_step_minutes),
            setup=setup,
            teardown=teardown,
            in_hours=respect_working_hours,
            days=days,
            earliest=earliest,
            latest=latest,
            drives=drives,
            hours=hours,
            closed_days=closed_days,
            blocked_from=blocked_from,
            blocked_until=blocked_until,
            late_from=[lower for lower, _ in late],
            late=[deadline for _, deadline in late],
            longest_doubt=max(
                (deadline.until - lower for lower, deadline in late), default=timedelta(0)
            ),
        )

    def grid(self, day: date) -> Iterator[datetime]:
        """Starts on the slot grid of `day` whose visit fits inside working hours with the
        drives from and back home and its set-up and tear-down, in UTC. The grid counts from
        the start of hours, so the first start offered is a round time after the drive."""
        if day in self.closed_days:
            return
        setup, teardown = (self.setup, self.teardown) if self.in_hours else (timedelta(0),) * 2
        for starts, ends, home_id in self.hours.get(day.weekday(), ()):
            start = instant(day, starts)
            end = instant(day + timedelta(days=1), time(0)) if ends is None else instant(day, ends)
            first_start = start + setup
            # The drive home decides the last start; only starts whose drive home might leave
            # in a rush hour need it worked out at their own departure.
            surely_home = doubtful_until = end - self.minutes - teardown
            if home_id is not None:
                first_start += timedelta(minutes=self.drives.minutes(home_id, self.area_id, start))
                fastest, slowest = self.drives.fastest_and_slowest(self.area_id, home_id)
                surely_home -= timedelta(minutes=slowest)
                doubtful_until -= timedelta(minutes=fastest)
            while start <= doubtful_until:
                if start >= first_start and (
                    start <= surely_home or self._home_in_time(start, home_id, end)
                ):
                    yield start
                start += self.step

    def _home_in_time(self, start: datetime, home_id: int, end: datetime) -> bool:
        """Whether, after a visit starting at `start`, Taylor is home by the end of hours."""
        leaves = start + self.minutes + self.teardown
        return leaves + timedelta(minutes=self.drives.minutes(self.area_id, home_id, leaves)) <= end

    def is_free(self, start: datetime) -> bool:
        """Whether `start` (UTC) respects notice, horizon, time off and appointments."""
        if self.earliest is not None and start < self.earliest:
            return False
        if start > self.latest:
            return False
        i = bisect_right(self.blocked_from, start)
        # Only the last range beginning at or before `start` can contain it; ranges are open.
        if not (i == 0 or self.blocked_from[i - 1] == start or self.blocked_until[i - 1] <= start):
            return False
        return not self._late_for_a_visit(start)

    def _late_for_a_visit(self, start: datetime) -> bool:
        """Whether a visit starting at `start` leaves too late to reach a booked one, with the
        drive as long as it is when Taylor leaves."""
        i = bisect_left(self.late_from, start) - 1
        # Doubtful ranges are at most longest_doubt long, so earlier ones end before `start`.
        while i >= 0 and self.late_from[i] >= start - self.longest_doubt:
            deadline = self.late[i]
            if start <= deadline.until:
                leaves = start + self.minutes + self.teardown
                drive = self.drives.minutes(self.area_id, deadline.to_area, leaves)
                if leaves + timedelta(minutes=drive) > deadline.arrive_by:
                    return True
            i -= 1
        return False

    def free_starts(self) -> Iterator[datetime]:
        """Free starts on the schedule's days, in time order, in UTC.

        Callers convert to Toronto time last: two Toronto datetimes compare by wall clock, so
        sorting them would misorder the repeated hour of the fall-back day.
        """
        for day in self.days:
            # Intervals may overlap, so two of them can offer the same start.
            for start in sorted(set(self.grid(day))):
                if self.is_free(start):
                    yield start


def _busy_periods(
    window_start: datetime,
    window_end: datetime,
    ignore_appointment_id: int | None,
    *,
    now: datetime,
    place: str,
) -> list[tuple[datetime, datetime, int | None, int, int, bool]]:
    """Time off, live appointments and holds awaiting email confirmation that overlap the
    window, as (start, end, area id or None, set-up minutes, tear-down minutes, whether at
    `place`), in one query. Addresses are read only when a place is asked about. With time
    zones on, both databases' drivers give datetimes in UTC already."""
    time_off = TimeOff.objects.filter(ends_at__gt=window_start, starts_at__lt=window_end)
    appointments = Appointment.objects.live().overlapping(window_start, window_end)
    if ignore_appointment_id is not None:
        appointments = appointments.exclude(pk=ignore_appointment_id)
    holds = BookingHold.objects.holding(now).filter(
        starts_at__lt=window_end, ends_at__gt=window_start
    )
    no_area = Value(None, output_field=BigIntegerField())
    none = Value(0, output_field=IntegerField())
    nowhere = Value("", output_field=CharField())
    at_home = ("option__setup_minutes", "option__teardown_minutes")
    address = ("postal_code", "address", "unit")
    held_at = tuple(KT(f"details__client__{name}") for name in address)
    if not place:
        address = held_at = (nowhere,) * 3
    # The appointments come first: the first part's columns decide how every row is
    # converted, and theirs need nothing done, where time off's typed constants would have
    # each row's numbers passed through int().
    rows = (
        appointments.order_by()
        .values_list("starts_at", "ends_at", "area_id", *at_home, *address)
        .union(
            holds.order_by().values_list("starts_at", "ends_at", "area_id", *at_home, *held_at),
            time_off.order_by().values_list(
                "starts_at", "ends_at", no_area, none, none, nowhere, nowhere, nowhere
            ),
            all=True,
        )
    )
    # A regular client's visits repeat one address: each address is worked out once.
    at_place = cache(lambda *address: place_key(*address) == place)
    return [
        (starts, ends, area_id, setup, teardown,
         place != "" and at_place(postal_code or "", street or "", unit or ""))
        for starts, ends, area_id, setup, teardown, postal_code, street, unit in rows
    ]  # fmt: skip


def _merge(ranges: list[tuple[datetime, datetime]]) -> tuple[list[datetime], list[datetime]]:
    """Merge open ranges that overlap into disjoint sorted ones, as parallel lists of bounds."""
    froms: list[datetime] = []
    untils: list[datetime] = []
    for lower, upper in sorted(ranges):
        # Open ranges that merely touch leave their shared bound free, so they stay apart.
        if untils and lower < untils[-1]:
            untils[-1] = max(untils[-1], upper)
        else:
            froms.append(lower)
            untils.append(upper)
    return froms, untils


def _later(a: date | None, b: date | None) -> date | None:
    return max((d for d in (a, b) if d is not None), default=None)
