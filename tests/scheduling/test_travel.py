"""The one drive rule and what a gap leaves: short (less than the drive) and tight (less than
ten minutes spare after it)."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from bookings.scheduling.models import DrivingTime
from bookings.scheduling.travel import (
    TIGHT_SPARE_MINUTES,
    DrivingTimes,
    Gap,
    gap_between,
    place_key,
)
from tests.factories import (
    AppointmentFactory,
    BookingPolicyFactory,
    DrivingTimeFactory,
    ServiceAreaFactory,
)
from tests.support import at

pytestmark = pytest.mark.django_db

DAY = date(2027, 3, 3)  # a Wednesday
ANY_TIME = at(DAY, 11)


@pytest.fixture
def areas():
    north, south, far = ServiceAreaFactory.create_batch(3)
    DrivingTimeFactory(from_area=north, to_area=south, minutes=30)
    DrivingTimeFactory(from_area=south, to_area=north, minutes=35)
    return north, south, far


def test_same_area_matrix_and_default_drives(areas):
    north, south, far = areas
    policy = BookingPolicyFactory(same_area_driving_minutes=12, default_driving_minutes=70)
    drives = DrivingTimes.load(policy)

    assert drives.minutes(north.pk, north.pk, ANY_TIME) == 12
    assert drives.minutes(north.pk, south.pk, ANY_TIME) == 30
    assert drives.minutes(south.pk, north.pk, ANY_TIME) == 35  # each direction as entered
    assert drives.minutes(north.pk, far.pk, ANY_TIME) == 70
    assert drives.longest() == 70


def test_drives_touching_one_area_leave_out_the_others(areas, django_assert_num_queries):
    north, south, far = areas
    DrivingTimeFactory(from_area=far, to_area=south, minutes=90)
    policy = BookingPolicyFactory()
    with django_assert_num_queries(1):
        drives = DrivingTimes.load(policy, touching=north)

    assert set(drives.pairs) == {(north.pk, south.pk), (south.pk, north.pk)}


@pytest.fixture
def rush_hours(areas):
    """The policy's usual rush hours (weekdays 7:00 to 9:30 and 15:00 to 19:00), and a drive
    north to south that takes 50 minutes in them."""
    north, south, _ = areas
    DrivingTime.objects.filter(from_area=north, to_area=south).update(peak_minutes=50)
    return DrivingTimes.load(BookingPolicyFactory())


def test_without_rush_hours_every_drive_takes_its_usual_minutes(areas):
    north, south, _ = areas
    DrivingTime.objects.filter(from_area=north, to_area=south).update(peak_minutes=50)
    policy = BookingPolicyFactory(morning_rush_starts=None, morning_rush_ends=None,
                                  afternoon_rush_starts=None, afternoon_rush_ends=None)  # fmt: skip
    drives = DrivingTimes.load(policy)
    assert drives.minutes(north.pk, south.pk, at(DAY, 16)) == 30
    assert drives.fastest_and_slowest(north.pk, south.pk) == (30, 30)


@pytest.mark.parametrize(
    ("leaving", "minutes"),
    [
        ((6, 59), 30),
        ((7, 0), 50),  # the band includes its start
        ((9, 29), 50),
        ((9, 30), 30),  # and leaves out its end
        ((14, 55), 30),  # leaving just before the band, however late it arrives
        ((15, 0), 50),
        ((18, 59), 50),
        ((19, 0), 30),
    ],
)
def test_a_drive_takes_the_rush_hour_minutes_of_the_band_it_leaves_in(
    areas, rush_hours, leaving, minutes
):
    north, south, _ = areas
    assert rush_hours.minutes(north.pk, south.pk, at(DAY, *leaving)) == minutes


def test_rush_hours_keep_to_their_weekdays_and_to_pairs_with_rush_hour_minutes(areas, rush_hours):
    north, south, far = areas
    saturday = DAY + timedelta(days=3)
    assert rush_hours.minutes(north.pk, south.pk, at(saturday, 16)) == 30
    assert rush_hours.minutes(south.pk, north.pk, at(DAY, 16)) == 35  # no peak entered
    assert rush_hours.minutes(north.pk, far.pk, at(DAY, 16)) == rush_hours.default
    assert rush_hours.minutes(north.pk, north.pk, at(DAY, 16)) == rush_hours.same_area
    assert rush_hours.fastest_and_slowest(north.pk, south.pk) == (30, 50)
    assert rush_hours.fastest_and_slowest(south.pk, north.pk) == (35, 35)


@pytest.mark.parametrize(
    ("day", "offset"),
    [(date(2027, 3, 14), -4), (date(2026, 11, 1), -5)],  # the Sundays of the two changes
)
def test_a_band_is_toronto_wall_clock_time_on_both_daylight_saving_days(areas, day, offset):
    north, south, _ = areas
    DrivingTime.objects.filter(from_area=north, to_area=south).update(peak_minutes=50)
    policy = BookingPolicyFactory(rush_hour_weekdays=[6], morning_rush_starts=None,
                                  morning_rush_ends=None)  # fmt: skip
    drives = DrivingTimes.load(policy)
    # 15:00 in Toronto is 19:00 UTC in daylight time and 20:00 UTC in standard time.
    in_band = datetime.combine(day, time(15 - offset), tzinfo=UTC)
    assert drives.minutes(north.pk, south.pk, in_band) == 50
    assert drives.minutes(north.pk, south.pk, in_band - timedelta(minutes=1)) == 30


@pytest.mark.parametrize(
    ("gap", "drive", "short", "tight"),
    [
        (20, 30, True, True),
        (30, 30, False, True),
        (30 + TIGHT_SPARE_MINUTES - 1, 30, False, True),
        (30 + TIGHT_SPARE_MINUTES, 30, False, False),
    ],
)
def test_a_gap_is_short_under_the_drive_and_tight_under_ten_spare_minutes(gap, drive, short, tight):
    verdict = Gap(minutes=gap, drive_minutes=drive)

    assert (verdict.is_short, verdict.is_tight) == (short, tight)
    assert verdict.short_by == max(0, drive - gap)


def test_the_gap_between_two_visits_counts_real_minutes_and_their_areas_drive(areas):
    north, south, _ = areas
    drives = DrivingTimes.load(BookingPolicyFactory())
    earlier = AppointmentFactory(area=north, starts_at=at(DAY, 9))
    later = AppointmentFactory(area=south, starts_at=earlier.ends_at + timedelta(minutes=25))

    gap = gap_between(earlier, later, drives)

    assert (gap.minutes, gap.drive_minutes, gap.short_by) == (25, 30, 5)


def test_a_gap_counts_packing_up_and_setting_up_with_the_drive(areas):
    north, south, _ = areas
    drives = DrivingTimes.load(BookingPolicyFactory())
    earlier = AppointmentFactory(starts_at=at(DAY, 9), area=north)
    later = AppointmentFactory(starts_at=at(DAY, 10, 55), area=south, option=earlier.option)
    type(earlier.option).objects.filter(pk=earlier.option_id).update(
        setup_minutes=10, teardown_minutes=10
    )
    earlier.option.refresh_from_db()
    later.option = earlier.option
    gap = gap_between(earlier, later, drives)
    # 55 min between them: 10 packing up, the 30-minute drive, 10 setting up: 5 to spare.
    assert (gap.minutes, gap.drive_minutes, gap.at_home_minutes) == (55, 30, 20)
    assert gap.spare_minutes == 5 and gap.is_tight and not gap.is_short


def test_the_drive_after_a_visit_leaves_once_taylor_has_packed_up(areas, rush_hours):
    """A visit ending 14:50 with ten minutes' packing up leaves at 15:00, in the rush hour."""
    north, south, _ = areas
    earlier = AppointmentFactory(area=north, starts_at=at(DAY, 13, 50))
    type(earlier.option).objects.filter(pk=earlier.option_id).update(teardown_minutes=10)
    earlier.option.refresh_from_db()
    later = AppointmentFactory(area=south, starts_at=at(DAY, 16))
    assert gap_between(earlier, later, rush_hours).drive_minutes == 50
    type(earlier.option).objects.filter(pk=earlier.option_id).update(teardown_minutes=9)
    earlier.option.refresh_from_db()
    assert gap_between(earlier, later, rush_hours).drive_minutes == 30


def test_two_visits_at_one_address_have_no_drive_and_no_packing_up_between(areas):
    north, _, _ = areas
    drives = DrivingTimes.load(BookingPolicyFactory(same_area_driving_minutes=15))
    earlier = AppointmentFactory(area=north, starts_at=at(DAY, 9))
    type(earlier.option).objects.filter(pk=earlier.option_id).update(
        setup_minutes=10, teardown_minutes=10
    )
    earlier.option.refresh_from_db()
    later = AppointmentFactory(
        area=north, starts_at=earlier.ends_at, option=earlier.option,
        address=" " + earlier.address.upper(), postal_code=earlier.postal_code.replace(" ", ""),
    )  # fmt: skip
    gap = gap_between(earlier, later, drives)
    assert (gap.drive_minutes, gap.at_home_minutes, gap.is_short) == (0, 0, False)
    assert gap.same_home and not gap.is_tight  # back to back is the plan, not a squeeze

    next_door = AppointmentFactory(area=north, starts_at=later.ends_at, unit="2")
    assert gap_between(earlier, next_door, drives).drive_minutes == 15


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        (("L6V 1N6", "12 Main St N", ""), ("l6v1n6", "12  main st n ", ""), True),
        (("L6V 1N6", "12 Main St N", "4"), ("L6V 1N6", "12 Main St N", ""), False),
        (("L6V 1N6", "12 Main St N", ""), ("L6V 1N7", "12 Main St N", ""), False),
    ],
)
def test_a_place_is_its_postal_code_street_and_unit_however_typed(first, second, same):
    assert (place_key(*first) == place_key(*second)) is same


def test_an_unknown_address_is_no_place():
    assert place_key("", "12 Main St N") == place_key("L6V 1N6", " ") == ""
