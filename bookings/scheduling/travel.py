"""Driving between visits: the one rule for how long Taylor drives from one area to another, and
what a gap between two visits leaves once that drive is done.

Minutes between two homes in the same area are the policy's same-area figure; between two areas,
the driving-time matrix's entry for that direction; with no entry, the policy's default. A drive
that leaves during a rush hour (weekday mornings and late afternoons, Toronto time) takes the
matrix's rush-hour minutes where it has them: the band is that of the departure, so a drive
leaving at 14:55 is an ordinary one however late it arrives.

A gap is **short** when it is less than the drive plus the tear-down after the earlier visit and
the set-up before the later one (Taylor will be late for the next visit), and **tight** when
less than TIGHT_SPARE_MINUTES are left after them.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import Q

from content.models import ServiceArea
from stillwaters.clock import TORONTO

from .models import BookingPolicy, DrivingTime

# Less spare time than this between arriving and the next start is flagged as tight.
TIGHT_SPARE_MINUTES = 10


@dataclass(frozen=True)
class RushHours:
    """The bands when rush-hour minutes apply, as (weekdays, starts, ends) in Toronto time."""

    bands: tuple[tuple[frozenset[int], time, time], ...] = ()

    @classmethod
    def of(cls, policy: BookingPolicy) -> "RushHours":
        days = frozenset(policy.rush_hour_weekdays)
        return cls(tuple((days, starts, ends) for starts, ends in policy.rush_hours))

    def includes(self, moment: datetime) -> bool:
        """Whether a drive leaving at `moment` (aware) leaves in a rush hour."""
        wall = moment.astimezone(TORONTO)
        clock = wall.time()
        return any(
            wall.weekday() in days and starts <= clock < ends for days, starts, ends in self.bands
        )


@dataclass(frozen=True)
class DrivingTimes:
    """Driving minutes (and km) between areas, loaded in one query, with the policy's rush
    hours."""

    pairs: dict[tuple[int, int], int]
    same_area: int
    default: int
    peak_pairs: dict[tuple[int, int], int] = field(default_factory=dict)
    rush_hours: RushHours = RushHours()
    km: dict[tuple[int, int], Decimal] = field(default_factory=dict)

    @classmethod
    def load(cls, policy: BookingPolicy, *, touching: ServiceArea | None = None) -> "DrivingTimes":
        """The matrix, or only the drives to and from `touching` when one area is all that
        matters (availability asks about one area at a time)."""
        rows = DrivingTime.objects.order_by()  # the admin's order would join the areas
        if touching is not None:
            rows = rows.filter(Q(from_area=touching) | Q(to_area=touching))
        pairs, peak_pairs, km = {}, {}, {}
        for from_id, to_id, minutes, peak, distance in rows.values_list(
            "from_area_id", "to_area_id", "minutes", "peak_minutes", "km"
        ):
            pairs[from_id, to_id] = minutes
            if peak is not None:
                peak_pairs[from_id, to_id] = peak
            if distance is not None:
                km[from_id, to_id] = distance
        return cls(
            pairs=pairs,
            same_area=policy.same_area_driving_minutes,
            default=policy.default_driving_minutes,
            peak_pairs=peak_pairs,
            rush_hours=RushHours.of(policy),
            km=km,
        )

    def minutes(self, from_area_id: int, to_area_id: int, departing: datetime) -> int:
        """Minutes of the drive leaving at `departing` (aware)."""
        normal = self.normal_minutes(from_area_id, to_area_id)
        peak = self.peak_pairs.get((from_area_id, to_area_id))
        if peak is None or from_area_id == to_area_id or not self.rush_hours.includes(departing):
            return normal
        return peak

    def normal_minutes(self, from_area_id: int, to_area_id: int) -> int:
        """Minutes of the drive outside rush hours."""
        if from_area_id == to_area_id:
            return self.same_area
        return self.pairs.get((from_area_id, to_area_id), self.default)

    def fastest_and_slowest(self, from_area_id: int, to_area_id: int) -> tuple[int, int]:
        """The fewest and the most minutes the drive takes, whenever it leaves."""
        normal = self.normal_minutes(from_area_id, to_area_id)
        peak = self.peak_pairs.get((from_area_id, to_area_id), normal)
        if from_area_id == to_area_id or not self.rush_hours.bands:
            return normal, normal
        return min(normal, peak), max(normal, peak)

    def longest(self) -> int:
        """The longest drive these times can give."""
        return max(self.same_area, self.default, *self.pairs.values(), *self.peak_pairs.values())


@dataclass(frozen=True)
class Gap:
    """The time between one visit's end and the next one's start, against the drive between."""

    minutes: int
    drive_minutes: int
    # Packing up after the earlier visit and setting up before the later one.
    at_home_minutes: int = 0
    # The two visits are at one home: Taylor stays, and back to back is as planned.
    same_home: bool = False

    @property
    def spare_minutes(self) -> int:
        """Minutes left after packing up, the drive and setting up; negative when they cannot
        be done in time."""
        return self.minutes - self.drive_minutes - self.at_home_minutes

    @property
    def is_short(self) -> bool:
        return self.spare_minutes < 0

    @property
    def is_tight(self) -> bool:
        return not self.same_home and self.spare_minutes < TIGHT_SPARE_MINUTES

    @property
    def short_by(self) -> int:
        return max(0, -self.spare_minutes)


def gap_between(earlier, later, drives: DrivingTimes) -> Gap:
    """The gap from the end of `earlier` to the start of `later` (appointments): Taylor leaves
    once he has packed up after `earlier`. At the same address he stays, table and all."""
    minutes = int((later.starts_at - earlier.ends_at).total_seconds() // 60)
    if place_of(earlier) and place_of(earlier) == place_of(later):
        return Gap(minutes=minutes, drive_minutes=0, same_home=True)
    leaves = earlier.ends_at + timedelta(minutes=earlier.option.teardown_minutes)
    return Gap(
        minutes=minutes,
        drive_minutes=drives.minutes(earlier.area_id, later.area_id, leaves),
        at_home_minutes=earlier.option.teardown_minutes + later.option.setup_minutes,
    )


def place_key(postal_code: str, address: str, unit: str = "") -> str:
    """One text for one home, however its address was typed: visits with the same key are at
    the same door. Empty when the address is not known."""
    if not (postal_code.strip() and address.strip()):
        return ""
    return "|".join((_tidy(postal_code.replace(" ", "")), _tidy(address), _tidy(unit)))


def _tidy(part: str) -> str:
    return " ".join(part.split()).casefold()


def place_of(visit) -> str:
    """The place key of an appointment or anything else with the address fields."""
    return place_key(visit.postal_code, visit.address, visit.unit)
