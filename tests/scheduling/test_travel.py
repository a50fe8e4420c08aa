"""The one drive rule and what a gap leaves: short (less than the drive) and tight (less than
ten minutes spare after it)."""

from datetime import date, timedelta

import pytest

from bookings.scheduling.travel import TIGHT_SPARE_MINUTES, DrivingTimes, Gap, gap_between
from tests.factories import (
    AppointmentFactory,
    BookingPolicyFactory,
    DrivingTimeFactory,
    ServiceAreaFactory,
)
from tests.support import at

pytestmark = pytest.mark.django_db

DAY = date(2027, 3, 3)


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

    assert drives.minutes(north.pk, north.pk) == 12
    assert drives.minutes(north.pk, south.pk) == 30
    assert drives.minutes(south.pk, north.pk) == 35  # each direction as entered
    assert drives.minutes(north.pk, far.pk) == 70
    assert drives.longest() == 70


def test_drives_touching_one_area_leave_out_the_others(areas, django_assert_num_queries):
    north, south, far = areas
    DrivingTimeFactory(from_area=far, to_area=south, minutes=90)
    policy = BookingPolicyFactory()
    with django_assert_num_queries(1):
        drives = DrivingTimes.load(policy, touching=north)

    assert set(drives.pairs) == {(north.pk, south.pk), (south.pk, north.pk)}


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
