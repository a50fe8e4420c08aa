"""Money and minutes written for people in admin."""

from decimal import Decimal

import pytest

from stillwaters.display import before, dollars, duration


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("145.00"), "$145"),
        (Decimal("145.50"), "$145.50"),
        (Decimal("20.05"), "$20.05"),
        (Decimal("1234.00"), "$1,234"),
        (Decimal("0.00"), "$0"),
        (None, "—"),
    ],
)
def test_dollars_drop_the_cents_only_when_there_are_none(amount, shown):
    assert dollars(amount) == shown


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [
        (1440, "1 day"),
        (2880, "2 days"),
        (120, "2 hours"),
        (60, "1 hour"),
        (90, "1 hour 30 minutes"),
        (45, "45 minutes"),
        (1, "1 minute"),
        (1500, "1 day 1 hour"),
    ],
)
def test_durations_are_in_days_hours_and_minutes(minutes, shown):
    assert duration(minutes) == shown


def test_a_reminder_offset_reads_as_a_time_before():
    assert before(1440) == "1 day before"
    assert before(120) == "2 hours before"
