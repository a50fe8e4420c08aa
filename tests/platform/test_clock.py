"""The practice clock: today and wall-clock times are Toronto's, across both clock changes."""

from datetime import UTC, date, datetime, time

import pytest

from stillwaters import clock


def test_today_is_torontos_date_not_utcs():
    # 03:30 UTC on December 2 is still the evening of December 1 in Toronto.
    assert clock.today(datetime(2026, 12, 2, 3, 30, tzinfo=UTC)) == date(2026, 12, 1)


@pytest.mark.parametrize(
    ("day", "expected_utc_hour"),
    [
        (date(2027, 3, 13), 14),  # the day before spring forward: EST, UTC-5
        (date(2027, 3, 14), 13),  # spring forward: EDT, UTC-4
        (date(2027, 11, 7), 14),  # fall back: EST again
    ],
)
def test_nine_oclock_is_the_right_instant_on_clock_change_days(day, expected_utc_hour):
    assert clock.instant(day, time(9)) == datetime.combine(day, time(expected_utc_hour), UTC)


def test_a_toronto_day_on_fall_back_lasts_twenty_five_hours():
    starts, ends = clock.day_bounds(date(2027, 11, 7), date(2027, 11, 7))

    assert (ends - starts).total_seconds() == 25 * 3600


def test_a_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="starts_at must be an aware datetime"):
        clock.in_utc(datetime(2027, 1, 1, 9), "starts_at")  # noqa: DTZ001
