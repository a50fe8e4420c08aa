"""The practice's clock: every rule that says "today" or "9:00" means Toronto.

Times are stored in UTC; these helpers turn them into the practice's wall clock at the edge and
back. Wall-clock times become instants with `datetime.combine(..., tzinfo=TORONTO)` (fold=0): an
ambiguous time on the fall-back day means its first occurrence, and a time in the hour skipped on
the spring-forward day reads as standard time.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

TORONTO = ZoneInfo("America/Toronto")
# The days the practice's records can name. Python's dates end at years 1 and 9999, where a
# Toronto midnight in UTC no longer fits; a visit, a report or a link outside these is a typo
# or a probe, and is refused rather than computed.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2199, 12, 31)


def handles(day: date) -> bool:
    """Whether `day` is one the practice's records can name (FIRST_DAY to LAST_DAY)."""
    return FIRST_DAY <= day <= LAST_DAY


def local(value: datetime) -> datetime:
    """An aware datetime on the practice's clock."""
    return timezone.localtime(value, TORONTO)


def today(now: datetime | None = None) -> date:
    """The practice's date now (or at `now`)."""
    return local(now or timezone.now()).date()


def instant(day: date, wall: time) -> datetime:
    """The UTC instant of a Toronto wall-clock time on `day` (fold=0; see the module docstring)."""
    return datetime.combine(day, wall, tzinfo=TORONTO).astimezone(UTC)


def midnight(day: date) -> datetime:
    """The UTC instant a Toronto day begins."""
    return instant(day, time(0))


def day_bounds(first_day: date, last_day: date) -> tuple[datetime, datetime]:
    """The UTC instants from the start of `first_day` to the end of `last_day`, in Toronto."""
    return midnight(first_day), midnight(last_day + timedelta(days=1))


def in_utc(value: datetime, name: str = "value") -> datetime:
    """`value` in UTC; a naive datetime would silently be read in the server's zone, so it is
    refused."""
    if timezone.is_naive(value):
        raise ValueError(f"{name} must be an aware datetime.")
    return value.astimezone(UTC)
