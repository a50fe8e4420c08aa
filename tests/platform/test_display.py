"""Money, minutes and phone numbers written for people, on the site and in admin."""

from decimal import Decimal

import pytest

from stillwaters.display import before, dollars, duration, phone, phone_to_dial


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


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+19055550142", "905-555-0142"),
        ("+1 905-555-0142", "905-555-0142"),
        ("+14165550199;ext=12", "416-555-0199 ext. 12"),
        ("+442079460958", "+44 20 7946 0958"),
        ("not a number", "not a number"),
    ],
)
def test_phone_numbers_read_in_national_format_in_north_america(stored, shown):
    assert phone(stored) == shown


@pytest.mark.parametrize(
    ("stored", "dialled"),
    [
        ("+1 905-555-0142", "tel:+19055550142"),
        ("+19055550142", "tel:+19055550142"),
        ("+14165550199;ext=12", "tel:+14165550199,12"),
    ],
)
def test_phone_links_dial_e164_whatever_the_spacing(stored, dialled):
    assert phone_to_dial(stored) == dialled
