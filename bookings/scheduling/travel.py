"""Driving between visits: the one rule for how long Taylor drives from one area to another, and
what a gap between two visits leaves once that drive is done.

Minutes between two homes in the same area are the policy's same-area figure; between two areas,
the driving-time matrix's entry for that direction; with no entry, the policy's default.

A gap is **short** when it is less than the drive plus the tear-down after the earlier visit and
the set-up before the later one (Taylor will be late for the next visit), and **tight** when
less than TIGHT_SPARE_MINUTES are left after them.
"""

from dataclasses import dataclass

from django.db.models import Q

from content.models import ServiceArea

from .models import BookingPolicy, DrivingTime

# Less spare time than this between arriving and the next start is flagged as tight.
TIGHT_SPARE_MINUTES = 10


@dataclass(frozen=True)
class DrivingTimes:
    """Driving minutes between areas, loaded in one query."""

    pairs: dict[tuple[int, int], int]
    same_area: int
    default: int

    @classmethod
    def load(cls, policy: BookingPolicy, *, touching: ServiceArea | None = None) -> "DrivingTimes":
        """The matrix, or only the drives to and from `touching` when one area is all that
        matters (availability asks about one area at a time)."""
        rows = DrivingTime.objects.all()
        if touching is not None:
            rows = rows.filter(Q(from_area=touching) | Q(to_area=touching))
        return cls(
            pairs={
                (from_id, to_id): minutes
                for from_id, to_id, minutes in rows.values_list(
                    "from_area_id", "to_area_id", "minutes"
                )
            },
            same_area=policy.same_area_driving_minutes,
            default=policy.default_driving_minutes,
        )

    def minutes(self, from_area_id: int, to_area_id: int) -> int:
        if from_area_id == to_area_id:
            return self.same_area
        return self.pairs.get((from_area_id, to_area_id), self.default)

    def longest(self) -> int:
        """The longest drive these times can give."""
        return max(self.same_area, self.default, *self.pairs.values())


@dataclass(frozen=True)
class Gap:
    """The time between one visit's end and the next one's start, against the drive between."""

    minutes: int
    drive_minutes: int
    # Packing up after the earlier visit and setting up before the later one.
    at_home_minutes: int = 0

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
        return self.spare_minutes < TIGHT_SPARE_MINUTES

    @property
    def short_by(self) -> int:
        return max(0, -self.spare_minutes)


def gap_between(earlier, later, drives: DrivingTimes) -> Gap:
    """The gap from the end of `earlier` to the start of `later` (appointments)."""
    return Gap(
        minutes=int((later.starts_at - earlier.ends_at).total_seconds() // 60),
        drive_minutes=drives.minutes(earlier.area_id, later.area_id),
        at_home_minutes=earlier.option.teardown_minutes + later.option.setup_minutes,
    )
