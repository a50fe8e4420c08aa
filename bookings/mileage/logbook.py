"""The CRA vehicle logbook: every trip of every completed visit in a month or a year, in the
columns the CRA asks for (date, destination, purpose, kilometres), with the business total."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bookings.scheduling.models import BookingPolicy, WorkingHours
from stillwaters.clock import local

from .trips import Distances, Trip, completed_visits, home_base, route


@dataclass(frozen=True)
class Logbook:
    first: date
    last: date
    trips: list[Trip]

    @property
    def total_km(self) -> Decimal:
        return sum((trip.km for trip in self.trips), Decimal("0"))

    @property
    def estimated_km(self) -> Decimal:
        return sum((trip.km for trip in self.trips if trip.km_estimated), Decimal("0"))


def logbook(first: date, last: date) -> Logbook:
    """The trips of the completed visits from `first` to `last`, day by day, in five queries
    however many there are."""
    policy = BookingPolicy.current()
    hours = list(WorkingHours.objects.select_related("home_area"))
    distances = Distances.load(policy)
    by_day = defaultdict(list)
    for visit in completed_visits(first, last):
        by_day[local(visit.starts_at).date()].append(visit)
    trips = []
    for day in sorted(by_day):
        trips += route(day, by_day[day], home=home_base(day, policy, hours), distances=distances)
    return Logbook(first, last, trips)
