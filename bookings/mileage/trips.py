"""Taylor's trips: from home (or the day's starting place) to each visit in turn and back, with
the minutes and kilometres of each, for the route of the day and the CRA vehicle logbook.

A trip's km is the driving-time matrix's km for that pair of areas, or the policy's km between
two homes in one area; where none is entered, it is estimated from the drive's minutes at the
policy's average speed, and marked as estimated. Only one day's visits go into one route, in
the order they start; a visit at the same home as the one before it is no trip.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from bookings.scheduling.models import Appointment, BookingPolicy, WorkingHours
from bookings.scheduling.travel import DrivingTimes, place_of
from content.models import ServiceArea
from stillwaters.clock import local

PURPOSE = "Client home visit"
_TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Trip:
    day: date
    departs_at: datetime | None  # None when leaving home: Taylor leaves when he must
    origin: str
    destination: str
    purpose: str
    minutes: int
    km: Decimal
    km_estimated: bool
    # The visit driven to, or None for the drive home.
    appointment: Appointment | None = None


@dataclass(frozen=True)
class Distances:
    """Kilometres and minutes between areas."""

    same_area_km: Decimal | None
    km_per_hour: int
    drives: DrivingTimes

    @classmethod
    def load(cls, policy: BookingPolicy) -> "Distances":
        """The matrix's minutes and km, and the rush hours, in two queries."""
        return cls(policy.same_area_km, policy.estimated_km_per_hour, DrivingTimes.load(policy))

    def between(self, from_id: int, to_id: int, departing: datetime) -> tuple[int, Decimal, bool]:
        """(minutes, km, whether the km is estimated) of the drive between two areas."""
        minutes = self.drives.minutes(from_id, to_id, departing)
        known = self.same_area_km if from_id == to_id else self.drives.km.get((from_id, to_id))
        if known is not None:
            return minutes, known, False
        # Distance does not change with traffic: estimate it from the ordinary drive.
        ordinary = self.drives.normal_minutes(from_id, to_id)
        estimate = Decimal(ordinary * self.km_per_hour) / 60
        return minutes, estimate.quantize(_TENTH, rounding=ROUND_HALF_UP), True


def route(
    day: date,
    visits: Iterable[Appointment],
    *,
    home: ServiceArea | None,
    distances: Distances,
) -> list[Trip]:
    """The day's trips: home to the first visit, each visit to the next, the last one home.
    Without a home base the day starts at its first visit and ends at its last."""
    visits = sorted(visits, key=lambda visit: visit.starts_at)
    trips = []
    here: tuple[int, str] | None = (home.pk, f"Home base ({home.name})") if home else None
    previous: Appointment | None = None
    for visit in visits:
        destination = _place(visit)
        if previous is not None and place_of(previous) and place_of(previous) == place_of(visit):
            previous = visit  # the next person in the same home: Taylor leaves after them
            continue
        if here is not None:
            trips.append(_trip(day, previous, here, (visit.area_id, destination), distances, visit))
        here, previous = (visit.area_id, destination), visit
    if home is not None and here is not None and visits:
        trips.append(_trip(day, previous, here, (home.pk, f"Home base ({home.name})"), distances))
    return trips


def planned_route(day: date, visits: Iterable[Appointment]) -> list[Trip]:
    """The route of the day for the visits still on (the day view and the morning agenda)."""
    policy = BookingPolicy.current()
    hours = list(WorkingHours.objects.filter(weekday=day.weekday()).select_related("home_area"))
    live = [visit for visit in visits if visit.holds_time]
    return route(day, live, home=home_base(day, policy, hours), distances=Distances.load(policy))


def home_base(day: date, policy: BookingPolicy, hours: list[WorkingHours]) -> ServiceArea | None:
    """Where Taylor sets out from on `day`: that weekday's own place, else the home base."""
    for row in hours:
        if row.weekday == day.weekday() and row.home_area is not None:
            return row.home_area
    return policy.home_area


def completed_visits(first: date, last: date) -> list[Appointment]:
    return list(
        Appointment.objects.starting_on_days(first, last)
        .filter(status=Appointment.Status.COMPLETED)
        .select_related("area", "option")
        .order_by("starts_at", "pk")
    )


def _place(visit: Appointment) -> str:
    return visit.city or visit.area.name


def _trip(day, previous, origin, destination, distances, appointment=None) -> Trip:
    """The trip after `previous` (None: from home) to `appointment` (None: home)."""
    if previous is not None:  # Taylor drives off once he has packed up
        departing = previous.ends_at + timedelta(minutes=previous.option.teardown_minutes)
    else:  # he sets out when he must: timed as leaving an ordinary drive before the set-up
        ordinary = distances.drives.normal_minutes(origin[0], destination[0])
        setup = appointment.option.setup_minutes
        departing = appointment.starts_at - timedelta(minutes=ordinary + setup)
    minutes, km, estimated = distances.between(origin[0], destination[0], departing)
    departs_at = None if previous is None else local(previous.ends_at)
    return Trip(
        day=day, departs_at=departs_at, origin=origin[1], destination=destination[1],
        purpose=PURPOSE if appointment is not None else "Return from client visits",
        minutes=minutes, km=km, km_estimated=estimated, appointment=appointment,
    )  # fmt: skip
