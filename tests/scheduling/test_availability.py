"""Which starts bookings/availability.py offers, by rule.

Every test builds its own schedule (hours, driving times, time off) on a blank slate with the
policy of tests/factories.py, except TestBookableSite, which checks the practice of the
`bookable_site` fixture. The clock is frozen at NOW, a Monday morning.
"""

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bookings.models import (
    Appointment,
    AreaRule,
    BookingHold,
    BookingOption,
    BookingPolicy,
    DrivingTime,
    HolidayOpening,
    TimeOff,
    WorkingHours,
)
from bookings.scheduling.availability import (
    free_starts,
    is_start_free,
    nearest_free_starts,
    next_free_day,
)
from bookings.scheduling.days import why_closed
from bookings.scheduling.travel import place_key, place_of
from content.models import Service, ServiceArea
from tests.factories import (
    AppointmentFactory,
    BookingOptionFactory,
    BookingPolicyFactory,
    ClientFactory,
    DrivingTimeFactory,
    ServiceAreaFactory,
    WorkingHoursFactory,
    account_holder,
)
from tests.support import TORONTO, at, login_in_group

NOW = datetime(2026, 6, 1, 7, 0, tzinfo=TORONTO)  # Monday
MONDAY = date(2026, 6, 1)
TUESDAY = date(2026, 6, 2)
WEDNESDAY = date(2026, 6, 3)
SATURDAY = date(2026, 6, 6)
SUNDAY = date(2026, 6, 7)
SPRING_FORWARD = date(2026, 3, 8)  # a Sunday: 2:00 EST becomes 3:00 EDT
FALL_BACK = date(2026, 11, 1)  # a Sunday: 2:00 EDT becomes 1:00 EST
LIVE = [Appointment.Status.REQUESTED, Appointment.Status.CONFIRMED, Appointment.Status.COMPLETED]
NOT_LIVE = [Appointment.Status.CANCELLED, Appointment.Status.NO_SHOW]


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _policy(db):
    """12 hours' notice, 60 days ahead, a 15-minute grid, 15 minutes within an area, 60 between."""
    BookingPolicyFactory()


def set_policy(**fields):
    BookingPolicy.objects.update_or_create(singleton=True, defaults=fields)


@pytest.fixture
def brampton(db):
    return ServiceAreaFactory(name="Test Brampton")


@pytest.fixture
def mississauga(db):
    return ServiceAreaFactory(name="Test Mississauga")


@pytest.fixture
def guelph(db):
    return ServiceAreaFactory(name="Test Guelph")


@pytest.fixture
def option(db):
    return BookingOptionFactory(minutes=60, price=Decimal("140"))


@pytest.fixture
def client_(db):
    return ClientFactory()


@pytest.fixture
def book(option, client_):
    def book(area, starts_at, minutes=60, status=Appointment.Status.CONFIRMED):
        return AppointmentFactory(
            client=client_,
            option=option,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=minutes),
            area=area,
            status=status,
        )

    return book


def hours(weekday: int, starts: str, ends: str) -> WorkingHours:
    return WorkingHoursFactory(
        weekday=weekday, starts=time.fromisoformat(starts), ends=time.fromisoformat(ends)
    )


def drive(from_area, to_area, minutes):
    DrivingTimeFactory(from_area=from_area, to_area=to_area, minutes=minutes)


def clock_times(starts: list[datetime]) -> list[str]:
    return [start.strftime("%H:%M") for start in starts]


def every(first: str, last: str, step: int = 15) -> list[str]:
    """Wall-clock times from first to last inclusive, `step` minutes apart, within one day."""
    start, end = (datetime.combine(MONDAY, time.fromisoformat(t)) for t in (first, last))
    return [
        (start + timedelta(minutes=step * n)).strftime("%H:%M")
        for n in range(int((end - start) / timedelta(minutes=step)) + 1)
    ]


def utc(starts: list[datetime]) -> list[datetime]:
    """In UTC, to compare: Toronto datetimes compare by wall clock within the zone (PEP 495)."""
    return [start.astimezone(UTC) for start in starts]


def day_starts(option, area, day, **kwargs) -> list[str]:
    return clock_times(free_starts(option, area, day, day, **kwargs))


class TestWorkingHours:
    def test_visits_fill_the_working_day_on_the_slot_grid(self, option, brampton):
        hours(1, "09:00", "18:00")
        starts = free_starts(option, brampton, TUESDAY, TUESDAY)
        assert clock_times(starts) == every("09:00", "17:00")
        assert all(start.tzinfo == TORONTO for start in starts)

    def test_a_visit_fits_inside_one_interval(self, option, brampton):
        hours(1, "09:00", "12:00")
        hours(1, "13:00", "17:00")
        assert day_starts(option, brampton, TUESDAY) == every("09:00", "11:00") + every(
            "13:00", "16:00"
        )

    def test_adjacent_intervals_are_not_joined_into_one(self, option, brampton):
        hours(1, "09:00", "12:00")
        hours(1, "12:00", "15:00")
        assert day_starts(option, brampton, TUESDAY) == every("09:00", "11:00") + every(
            "12:00", "14:00"
        )

    def test_overlapping_intervals_offer_each_start_once(self, option, brampton):
        hours(1, "09:00", "12:00")
        hours(1, "10:00", "13:00")
        assert day_starts(option, brampton, TUESDAY) == every("09:00", "12:00")

    def test_a_day_without_hours_is_closed(self, option, brampton):
        for weekday in range(6):
            hours(weekday, "09:00", "18:00")
        assert free_starts(option, brampton, SUNDAY, SUNDAY) == []
        next_monday = SUNDAY + timedelta(days=1)
        days = {start.date() for start in free_starts(option, brampton, SATURDAY, next_monday)}
        assert days == {SATURDAY, next_monday}

    def test_without_working_hours_the_whole_day_is_open(self, option, brampton):
        assert day_starts(option, brampton, TUESDAY) == []
        assert day_starts(option, brampton, TUESDAY, respect_working_hours=False) == every(
            "00:00", "23:00"
        )

    def test_days_are_inclusive_and_in_order(self, option, brampton):
        hours(1, "09:00", "10:00")
        hours(2, "09:00", "10:00")
        starts = free_starts(option, brampton, TUESDAY, WEDNESDAY)
        assert starts == [at(TUESDAY, 9), at(WEDNESDAY, 9)]

    def test_an_empty_range_offers_nothing(self, option, brampton):
        hours(1, "09:00", "18:00")
        assert free_starts(option, brampton, WEDNESDAY, TUESDAY) == []


class TestGrid:
    def test_the_step_comes_from_the_policy(self, option, brampton):
        set_policy(slot_step_minutes=30)
        hours(1, "09:00", "12:00")
        assert day_starts(option, brampton, TUESDAY) == [
            "09:00",
            "09:30",
            "10:00",
            "10:30",
            "11:00",
        ]

    def test_the_grid_starts_at_each_interval_start(self, option, brampton):
        hours(1, "09:10", "11:00")
        hours(1, "13:05", "14:20")
        assert day_starts(option, brampton, TUESDAY) == [
            "09:10",
            "09:25",
            "09:40",
            "09:55",
            "13:05",
            "13:20",
        ]

    def test_appointments_do_not_shift_the_grid(self, option, brampton, book):
        hours(1, "09:00", "18:00")
        book(brampton, at(TUESDAY, 9, 5))  # ends 10:05, free again from 10:20
        assert day_starts(option, brampton, TUESDAY)[0] == "10:30"


class TestTimeOff:
    def test_time_off_holds_exactly_its_own_time(self, option, brampton):
        hours(1, "09:00", "18:00")
        TimeOff.objects.create(starts_at=at(TUESDAY, 12), ends_at=at(TUESDAY, 13))
        assert day_starts(option, brampton, TUESDAY) == every("09:00", "11:00") + every(
            "13:00", "17:00"
        )

    def test_time_off_over_several_days_closes_them(self, option, brampton):
        for weekday in range(6):
            hours(weekday, "09:00", "18:00")
        TimeOff.objects.create(starts_at=at(TUESDAY, 0), ends_at=at(SATURDAY, 0))
        days = {s.date() for s in free_starts(option, brampton, TUESDAY, SATURDAY)}
        assert days == {SATURDAY}


class TestMinimumNotice:
    def test_starts_sooner_than_the_notice_are_not_offered(self, option, brampton):
        hours(0, "09:00", "18:00")
        assert day_starts(option, brampton, MONDAY) == []  # 7:00 + 12 h is after hours
        set_policy(minimum_notice_hours=3)
        assert day_starts(option, brampton, MONDAY)[0] == "10:00"

    def test_notice_is_counted_from_the_current_time(self, option, brampton, clock):
        hours(0, "09:00", "18:00")
        set_policy(minimum_notice_hours=2)
        clock.move_to(at(MONDAY, 9, 50))
        assert day_starts(option, brampton, MONDAY)[0] == "12:00"

    def test_without_notice_even_past_starts_are_offered(self, option, brampton, clock):
        hours(0, "09:00", "18:00")
        clock.move_to(at(MONDAY, 12))
        assert day_starts(option, brampton, MONDAY, respect_notice=False) == every("09:00", "17:00")


class TestHorizon:
    def test_nothing_starts_later_than_the_horizon(self, option, brampton, clock):
        for weekday in range(6):
            hours(weekday, "09:00", "18:00")
        set_policy(horizon_days=2, minimum_notice_hours=0)
        clock.move_to(at(MONDAY, 12))
        starts = free_starts(option, brampton, MONDAY, SATURDAY)
        assert starts[-1] == at(WEDNESDAY, 12)

    def test_the_horizon_applies_without_notice_too(self, option, brampton):
        for weekday in range(6):
            hours(weekday, "09:00", "18:00")
        set_policy(horizon_days=1)
        starts = free_starts(
            option, brampton, MONDAY, SATURDAY, respect_notice=False, respect_working_hours=False
        )
        assert starts[-1] == at(TUESDAY, 7)

    def test_a_far_range_is_cut_at_the_horizon(self, option, brampton):
        hours(1, "09:00", "18:00")
        starts = free_starts(option, brampton, MONDAY, date(2030, 1, 1))
        assert starts[-1].date() == date(2026, 7, 28)  # last Tuesday before Monday + 60 days


class TestDrivingGaps:
    @pytest.fixture(autouse=True)
    def _tuesday(self):
        hours(1, "09:00", "18:00")

    def test_a_visit_ends_in_time_to_drive_to_the_next_one_and_starts_after_driving_from_it(
        self, option, brampton, mississauga, book
    ):
        drive(brampton, mississauga, 30)
        drive(mississauga, brampton, 30)
        book(mississauga, at(TUESDAY, 12))
        starts = day_starts(option, brampton, TUESDAY)
        # 10:30 + 60 min + 30 min drive = 12:00; 13:00 + 30 min drive = 13:30. Both exact fits.
        assert starts == every("09:00", "10:30") + every("13:30", "17:00")

    def test_each_direction_uses_its_own_driving_time(self, option, brampton, mississauga, book):
        drive(brampton, mississauga, 40)
        drive(mississauga, brampton, 20)
        book(mississauga, at(TUESDAY, 12))
        starts = day_starts(option, brampton, TUESDAY)
        assert starts == every("09:00", "10:15") + every("13:30", "17:00")
        assert "13:15" not in starts  # 13:00 + 20 = 13:20

    def test_driving_times_of_other_pairs_do_not_matter(
        self, option, brampton, mississauga, guelph, book
    ):
        drive(brampton, mississauga, 30)
        drive(mississauga, brampton, 30)
        drive(guelph, mississauga, 5)
        drive(mississauga, guelph, 5)
        book(mississauga, at(TUESDAY, 12))
        assert day_starts(option, brampton, TUESDAY) == every("09:00", "10:30") + every(
            "13:30", "17:00"
        )

    def test_a_visit_that_exactly_fills_the_gap_between_two_appointments_is_offered(
        self, option, brampton, book
    ):
        book(brampton, at(TUESDAY, 10))  # 15 min drive after it, 11:15
        book(brampton, at(TUESDAY, 12, 30))  # 12:15 + 15 min drive
        starts = day_starts(option, brampton, TUESDAY)
        assert starts == ["11:15"] + every("13:45", "17:00")

    def test_within_one_area_the_same_area_drive_applies(self, option, brampton, book):
        book(brampton, at(TUESDAY, 12))
        assert day_starts(option, brampton, TUESDAY) == every("09:00", "10:45") + every(
            "13:15", "17:00"
        )
        set_policy(same_area_driving_minutes=0)
        assert day_starts(option, brampton, TUESDAY) == every("09:00", "11:00") + every(
            "13:00", "17:00"
        )

    def test_areas_without_a_driving_time_use_the_default(self, option, brampton, guelph, book):
        book(guelph, at(TUESDAY, 12))
        assert day_starts(option, brampton, TUESDAY) == every("09:00", "10:00") + every(
            "14:00", "17:00"
        )

    def test_appointments_outside_working_hours_still_need_their_drive(
        self, option, brampton, guelph, book
    ):
        book(guelph, at(TUESDAY, 7, 30))  # ends 8:30; an hour's drive to Brampton
        book(guelph, at(TUESDAY, 19))  # an hour's drive back, by 19:00
        starts = day_starts(option, brampton, TUESDAY)
        assert starts == every("09:30", "17:00")

    def test_yesterdays_late_appointment_needs_its_drive(self, option, brampton, guelph, book):
        hours(1, "00:00", "06:00")
        book(guelph, at(MONDAY, 23, 30))  # ends 0:30 Tuesday
        assert day_starts(option, brampton, TUESDAY)[0] == "01:30"

    @pytest.mark.parametrize("status", NOT_LIVE)
    def test_cancelled_and_no_show_appointments_free_their_time(
        self, option, brampton, book, status
    ):
        book(brampton, at(TUESDAY, 12), status=status)
        assert day_starts(option, brampton, TUESDAY) == every("09:00", "17:00")

    @pytest.mark.parametrize("status", LIVE)
    def test_requested_confirmed_and_completed_appointments_hold_their_time(
        self, option, brampton, book, status
    ):
        book(brampton, at(TUESDAY, 12), status=status)
        assert "12:00" not in day_starts(option, brampton, TUESDAY)

    def test_the_appointment_being_moved_does_not_block_itself(self, option, brampton, book):
        moving = book(brampton, at(TUESDAY, 12))
        book(brampton, at(TUESDAY, 15))
        starts = day_starts(option, brampton, TUESDAY, ignore_appointment_id=moving.pk)
        assert starts == every("09:00", "13:45") + every("16:15", "17:00")
        assert is_start_free(option, brampton, moving.starts_at, ignore_appointment_id=moving.pk)
        assert not is_start_free(option, brampton, moving.starts_at)


class TestDaylightSavingTime:
    @pytest.fixture(autouse=True)
    def _winter(self, clock):
        clock.move_to(datetime(2026, 2, 2, 7, 0, tzinfo=TORONTO))
        set_policy(horizon_days=365)

    @pytest.mark.parametrize(
        ("day", "offset"), [(SPRING_FORWARD, -4), (FALL_BACK, -5), (date(2026, 3, 1), -5)]
    )
    def test_a_nine_to_six_day_has_its_usual_starts_and_offset(self, option, brampton, day, offset):
        hours(6, "09:00", "18:00")
        starts = free_starts(option, brampton, day, day)
        assert clock_times(starts) == every("09:00", "17:00")
        assert len(starts) == 33
        assert starts[0].utcoffset() == timedelta(hours=offset)
        assert starts[0].astimezone(UTC).hour == 9 - offset

    def test_hours_across_the_spring_change_are_one_real_hour_shorter(self, option, brampton):
        hours(6, "01:00", "04:00")  # 2 real hours on this day
        starts = free_starts(option, brampton, SPRING_FORWARD, SPRING_FORWARD)
        assert clock_times(starts) == ["01:00", "01:15", "01:30", "01:45", "03:00"]
        assert starts[-1].astimezone(UTC) - starts[0].astimezone(UTC) == timedelta(hours=1)

    def test_hours_across_the_fall_change_are_one_real_hour_longer(self, option, brampton):
        hours(6, "00:00", "03:00")  # 4 real hours on this day
        starts = free_starts(option, brampton, FALL_BACK, FALL_BACK)
        assert len(starts) == 13
        assert clock_times(starts) == every("00:00", "01:45") + every("01:00", "02:00")
        assert [start.utcoffset() for start in starts[7:9]] == [
            timedelta(hours=-4),
            timedelta(hours=-5),
        ]
        assert starts[-1].astimezone(UTC) - starts[0].astimezone(UTC) == timedelta(hours=3)

    def test_a_start_in_the_skipped_hour_reads_as_standard_time(self, option, brampton):
        hours(6, "02:30", "06:00")
        starts = free_starts(option, brampton, SPRING_FORWARD, SPRING_FORWARD)
        assert clock_times(starts) == every("03:30", "05:00")

    def test_a_visit_crossing_the_change_is_measured_in_real_time(self, option, brampton, book):
        hours(6, "00:00", "06:00")
        book(brampton, at(FALL_BACK, 2))  # 2:00 EST; 15 min same-area drive
        starts = free_starts(option, brampton, FALL_BACK, FALL_BACK)
        # Latest start before it: 2:00 EST - 75 min = 0:45 EST = 1:45 EDT.
        before = [start for start in utc(starts) if start < at(FALL_BACK, 2)]
        assert before[-1] == datetime(2026, 11, 1, 5, 45, tzinfo=UTC)


class TestHomeBase:
    """Home in Brampton, an hour from Guelph: the working day holds the drives out and back."""

    @pytest.fixture(autouse=True)
    def _home(self, brampton, guelph):
        hours(1, "09:00", "18:00")
        drive(brampton, guelph, 60)
        drive(guelph, brampton, 70)
        set_policy(home_area=brampton)

    def test_the_first_start_waits_for_the_drive_and_the_last_leaves_time_to_drive_home(
        self, option, guelph
    ):
        starts = day_starts(option, guelph, TUESDAY)
        assert starts[0] == "10:00" and starts[-1] == "15:45"  # ends 16:45, home by 17:55

    def test_hours_that_exclude_the_drives_offer_the_whole_day(self, option, guelph):
        set_policy(hours_include_home_drives=False)
        assert day_starts(option, guelph, TUESDAY) == every("09:00", "17:00")

    def test_a_weekday_may_start_and_end_somewhere_else(self, option, guelph):
        WorkingHours.objects.update(home_area=guelph)  # staying in Guelph that day
        starts = day_starts(option, guelph, TUESDAY)
        assert starts[0] == "09:15" and starts[-1] == "16:45"  # 15 min within an area

    def test_a_visit_after_another_still_counts_its_own_drive(self, option, brampton, guelph, book):
        book(brampton, at(TUESDAY, 9, 15))
        starts = day_starts(option, guelph, TUESDAY)
        assert starts[0] == "11:15"  # the Brampton visit ends 10:15, then the hour's drive

    @pytest.mark.parametrize("day", [SPRING_FORWARD, FALL_BACK])
    def test_the_drive_from_home_is_real_minutes_on_a_clock_change_day(
        self, option, guelph, clock, day
    ):
        clock.move_to(datetime(2026, 2, 2, 7, 0, tzinfo=TORONTO))
        set_policy(horizon_days=365)
        hours(6, "01:00", "08:00")
        first = utc(free_starts(option, guelph, day, day))[0]
        assert first - at(day, 1) == timedelta(minutes=60)


class TestStatutoryHolidays:
    NEW_YEARS_DAY = date(2027, 1, 1)  # a Friday
    BOXING_DAY_OBSERVED = date(2026, 12, 28)  # a Monday: Boxing Day fell on a Saturday

    @pytest.fixture(autouse=True)
    def _year_ahead(self):
        set_policy(horizon_days=365)
        hours(0, "09:00", "18:00")
        hours(4, "09:00", "18:00")

    @pytest.mark.parametrize("day", [NEW_YEARS_DAY, BOXING_DAY_OBSERVED])
    def test_a_statutory_holiday_is_closed_by_default(self, option, brampton, day):
        assert free_starts(option, brampton, day, day) == []
        assert "a statutory holiday" in why_closed(day)

    def test_taylor_opens_a_holiday_and_it_is_bookable_in_his_usual_hours(self, option, brampton):
        HolidayOpening.objects.create(day=self.NEW_YEARS_DAY)
        day = self.NEW_YEARS_DAY
        assert day_starts(option, brampton, day) == every("09:00", "17:00")
        assert why_closed(day) is None

    def test_the_day_after_is_an_ordinary_working_day(self, option, brampton):
        day = date(2027, 1, 4)  # a Monday
        assert day_starts(option, brampton, day) == every("09:00", "17:00")

    def test_taylor_booking_outside_his_hours_may_still_book_a_holiday(self, option, brampton):
        day = self.NEW_YEARS_DAY
        assert free_starts(option, brampton, day, day, respect_working_hours=False)

    def test_a_day_without_hours_says_so(self):
        assert why_closed(date(2026, 6, 7)) == "Taylor does not work on Sundays."


class TestAreaRules:
    WEDNESDAY_AFTER = date(2026, 6, 3)
    THURSDAY = date(2026, 6, 4)

    @pytest.fixture(autouse=True)
    def _weekdays(self):
        for weekday in range(5):
            hours(weekday, "09:00", "18:00")

    def test_a_far_area_is_offered_only_on_its_weekdays(self, option, guelph, brampton):
        AreaRule.objects.create(area=guelph, visit_weekdays=[3])  # Thursdays
        assert free_starts(option, guelph, self.WEDNESDAY_AFTER, self.WEDNESDAY_AFTER) == []
        assert day_starts(option, guelph, self.THURSDAY)[0] == "09:00"
        assert next_free_day(option, guelph, self.WEDNESDAY_AFTER - timedelta(days=1)) == (
            self.THURSDAY
        )
        assert why_closed(self.WEDNESDAY_AFTER, guelph) == "Taylor visits Test Guelph on Thursdays."
        assert free_starts(option, brampton, self.WEDNESDAY_AFTER, self.WEDNESDAY_AFTER)

    def test_several_weekdays_read_as_a_list(self, guelph):
        rule = AreaRule.objects.create(area=guelph, visit_weekdays=[3, 1, 4])
        assert rule.weekday_names == "Tuesdays, Thursdays and Fridays"

    def test_a_shorter_visit_than_the_areas_minimum_is_never_offered(self, option, guelph):
        AreaRule.objects.create(area=guelph, minimum_minutes=75)
        assert free_starts(option, guelph, self.THURSDAY, self.THURSDAY) == []
        longer = BookingOptionFactory(service=option.service, minutes=90)
        assert free_starts(longer, guelph, self.THURSDAY, self.THURSDAY)

    def test_taylor_booking_outside_his_hours_is_not_held_to_the_rule(self, option, guelph):
        AreaRule.objects.create(area=guelph, visit_weekdays=[3], minimum_minutes=75)
        day = self.WEDNESDAY_AFTER
        assert free_starts(option, guelph, day, day, respect_working_hours=False)


class TestOnlyNextToAnotherVisit:
    def test_a_far_area_opens_only_on_a_day_with_a_visit_there(self, option, guelph, book):
        hours(1, "09:00", "18:00")
        hours(2, "09:00", "18:00")
        AreaRule.objects.create(area=guelph, only_next_to_another_visit=True)
        assert free_starts(option, guelph, TUESDAY, TUESDAY) == []
        assert "no visit there on Tuesday, June 2 yet" in why_closed(TUESDAY, guelph)
        book(guelph, at(WEDNESDAY, 11))
        starts = day_starts(option, guelph, WEDNESDAY)
        assert starts[0] == "09:00" and "12:15" in starts  # around the one already there
        assert why_closed(WEDNESDAY, guelph) is None


class TestSetUpAndTearDown:
    @pytest.fixture(autouse=True)
    def _hours(self):
        hours(1, "08:00", "18:00")

    def test_a_booked_visits_set_up_and_tear_down_keep_the_time_around_it_free(
        self, option, brampton, book
    ):
        BookingOption.objects.filter(pk=option.pk).update(setup_minutes=15, teardown_minutes=10)
        option.refresh_from_db()
        book(brampton, at(TUESDAY, 10))
        starts = day_starts(option, brampton, TUESDAY)
        # Before: start + 60 + 10 tear-down + 15 drive + 15 of its set-up <= 10:00.
        assert [t for t in starts if t < "10:00"] == ["08:15"]
        # After: 11:00 + 10 tear-down + 15 drive + 15 set-up = 11:40, so 11:45 on the grid.
        assert [t for t in starts if t > "10:00"][0] == "11:45"
        # And the last: its tear-down fits before 18:00.
        assert starts[-1] == "16:45"

    def test_time_off_is_kept_free_of_the_set_up(self, option, brampton):
        BookingOption.objects.filter(pk=option.pk).update(setup_minutes=30)
        option.refresh_from_db()
        TimeOff.objects.create(starts_at=at(TUESDAY, 8), ends_at=at(TUESDAY, 12))
        assert day_starts(option, brampton, TUESDAY)[0] == "12:30"


class TestQueryCount:
    @pytest.fixture
    def busy_two_months(self, option, client_, brampton, mississauga, guelph):
        for weekday in range(6):
            hours(weekday, "09:00", "18:00")
        drive(brampton, mississauga, 25)
        drive(mississauga, brampton, 25)
        areas = itertools.cycle([brampton, mississauga, guelph])
        holder = account_holder(client_)
        appointments = []
        for n in range(60):
            day = TUESDAY + timedelta(days=n)
            for hour, minute in [(7, 0), (9, 0), (14, 0), (18, 30), (20, 30)]:
                start = at(day, hour, minute)
                appointments.append(
                    Appointment(
                        client=client_,
                        person=holder,
                        option=option,
                        price=option.price,
                        starts_at=start,
                        ends_at=start + timedelta(minutes=60),
                        area=next(areas),
                        status=Appointment.Status.CONFIRMED,
                    )
                )
        Appointment.objects.bulk_create(appointments)
        TimeOff.objects.create(starts_at=at(WEDNESDAY, 12), ends_at=at(WEDNESDAY, 13))
        assert Appointment.objects.count() == 300

    # Four queries, and a fifth for the holidays Taylor opened when a statutory holiday falls
    # in the range (the 60 days from June 2 hold Canada Day). The area comes as the booking
    # flow loads it (scheduling/areas.py), its booking rule with it.
    @pytest.mark.parametrize(("days", "queries"), [(1, 4), (60, 5)])
    def test_free_starts_runs_a_fixed_number_of_queries_for_any_range(
        self, option, brampton, days, queries, django_assert_num_queries
    ):
        hours(1, "09:00", "18:00")
        area = with_its_rule(brampton)
        with django_assert_num_queries(queries):
            free_starts(option, area, TUESDAY, TUESDAY + timedelta(days=days - 1))

    def test_a_home_base_set_up_times_rush_hours_and_an_area_rule_cost_no_extra_query(
        self, option, brampton, mississauga, guelph, busy_two_months, django_assert_num_queries
    ):
        set_policy(home_area=guelph)
        WorkingHours.objects.filter(weekday=2).update(home_area=brampton)
        BookingOption.objects.update(setup_minutes=15, teardown_minutes=10)
        option.refresh_from_db()
        AreaRule.objects.create(area=brampton, visit_weekdays=[1, 2], minimum_minutes=45)
        DrivingTime.objects.filter(from_area=brampton).update(peak_minutes=45)
        area = with_its_rule(brampton)
        with django_assert_num_queries(5):
            starts = free_starts(
                option, area, TUESDAY, TUESDAY + timedelta(days=59), place="l6v1n6|1 main st n|"
            )
        assert starts
        assert {start.weekday() for start in starts} == {1, 2}

    @pytest.mark.parametrize(("days", "queries"), [(1, 4), (60, 5)])
    def test_three_hundred_appointments_cost_no_extra_query(
        self, option, brampton, busy_two_months, days, queries, django_assert_num_queries
    ):
        area = with_its_rule(brampton)
        with django_assert_num_queries(queries):
            starts = free_starts(option, area, TUESDAY, TUESDAY + timedelta(days=days - 1))
        assert starts

    def test_every_public_function_stays_within_five_queries(
        self, option, brampton, busy_two_months, django_assert_max_num_queries
    ):
        area = with_its_rule(brampton)
        with django_assert_max_num_queries(4):
            is_start_free(option, area, at(TUESDAY, 10, 30))
        with django_assert_max_num_queries(5):
            nearest_free_starts(option, area, at(TUESDAY, 10, 30))
        with django_assert_max_num_queries(5):
            next_free_day(option, area, MONDAY)
        with django_assert_max_num_queries(3):  # no working hours to read
            free_starts(option, area, TUESDAY, SATURDAY, respect_working_hours=False)


def with_its_rule(area: ServiceArea) -> ServiceArea:
    return ServiceArea.objects.select_related("booking_rule").get(pk=area.pk)


class TestIsStartFree:
    @pytest.fixture(autouse=True)
    def _tuesday(self):
        hours(1, "09:00", "18:00")

    def test_agrees_with_free_starts(self, option, brampton, mississauga, book):
        book(mississauga, at(TUESDAY, 11, 10), minutes=75)
        book(brampton, at(TUESDAY, 15), minutes=90)
        TimeOff.objects.create(starts_at=at(TUESDAY, 9, 20), ends_at=at(TUESDAY, 9, 40))
        offered = set(free_starts(option, brampton, TUESDAY, TUESDAY))
        for minute in range(0, 24 * 60, 5):
            start = at(TUESDAY, 0) + timedelta(minutes=minute)
            assert is_start_free(option, brampton, start) == (start in offered), start

    def test_a_start_off_the_grid_is_not_offered(self, option, brampton):
        assert is_start_free(option, brampton, at(TUESDAY, 9, 15))
        assert not is_start_free(option, brampton, at(TUESDAY, 9, 5))

    def test_without_working_hours_any_minute_clear_of_appointments_is_free(
        self, option, brampton, book
    ):
        book(brampton, at(TUESDAY, 12))
        assert is_start_free(option, brampton, at(TUESDAY, 19, 10), respect_working_hours=False)
        assert is_start_free(option, brampton, at(TUESDAY, 10, 44), respect_working_hours=False)
        assert not is_start_free(option, brampton, at(TUESDAY, 10, 46), respect_working_hours=False)

    def test_any_zone_names_the_same_instant(self, option, brampton):
        assert is_start_free(option, brampton, datetime(2026, 6, 2, 13, 15, tzinfo=UTC))

    def test_naive_datetimes_are_refused(self, option, brampton):
        naive = datetime(2026, 6, 2, 9, 15)
        with pytest.raises(ValueError, match="starts_at must be an aware"):
            is_start_free(option, brampton, naive)
        with pytest.raises(ValueError, match="around must be an aware"):
            nearest_free_starts(option, brampton, naive)
        with pytest.raises(ValueError, match="now must be an aware"):
            free_starts(option, brampton, TUESDAY, TUESDAY, now=naive)


class TestNearestFreeStarts:
    @pytest.fixture(autouse=True)
    def _tuesday(self):
        hours(1, "09:00", "18:00")
        hours(2, "09:00", "18:00")

    def test_closest_starts_either_side_in_time_order(self, option, brampton, book):
        book(brampton, at(TUESDAY, 12))  # free until 10:45 and from 13:15
        nearest = nearest_free_starts(option, brampton, at(TUESDAY, 12))
        # 10:30 and 13:30 are equally far; the earlier one wins the tie.
        assert nearest == [at(TUESDAY, 10, 30), at(TUESDAY, 10, 45), at(TUESDAY, 13, 15)]

    def test_count_and_crossing_into_the_next_day(self, option, brampton):
        # Tuesday 17:00 and Wednesday 9:00 are both eight hours away.
        nearest = nearest_free_starts(option, brampton, at(WEDNESDAY, 1), count=2)
        assert nearest == [at(TUESDAY, 17), at(WEDNESDAY, 9)]

    def test_never_offers_what_free_starts_would_not(self, option, brampton):
        # Monday is inside the notice; the horizon ends long before 2027.
        assert nearest_free_starts(option, brampton, at(MONDAY, 10), count=1) == [at(TUESDAY, 9)]
        assert nearest_free_starts(option, brampton, datetime(2027, 1, 1, tzinfo=TORONTO), count=1)[
            0
        ].date() == date(2026, 7, 29)

    def test_the_appointment_being_moved_frees_its_own_time(self, option, brampton, book):
        moving = book(brampton, at(TUESDAY, 12))
        nearest = nearest_free_starts(
            option, brampton, at(TUESDAY, 12), count=1, ignore_appointment_id=moving.pk
        )
        assert nearest == [at(TUESDAY, 12)]


class TestNextFreeDay:
    @pytest.fixture(autouse=True)
    def _monday_to_saturday(self):
        for weekday in range(6):
            hours(weekday, "09:00", "18:00")

    def test_the_day_after_when_it_has_a_start(self, option, brampton):
        assert next_free_day(option, brampton, MONDAY) == TUESDAY

    def test_full_days_and_sundays_are_skipped(self, option, brampton):
        TimeOff.objects.create(starts_at=at(date(2026, 6, 8), 0), ends_at=at(date(2026, 6, 9), 0))
        assert next_free_day(option, brampton, SATURDAY) == date(2026, 6, 9)

    def test_days_inside_the_notice_are_skipped(self, option, brampton):
        assert next_free_day(option, brampton, MONDAY - timedelta(days=7)) == TUESDAY

    def test_none_when_nothing_is_free_within_the_horizon(self, option, brampton):
        TimeOff.objects.create(starts_at=at(MONDAY, 0), ends_at=at(date(2026, 9, 1), 0))
        assert next_free_day(option, brampton, MONDAY) is None

    def test_none_after_the_horizon(self, option, brampton):
        assert next_free_day(option, brampton, date(2026, 7, 31)) is None


@pytest.mark.usefixtures("bookable_site")
class TestBookableSite:
    def test_a_monday_is_bookable_for_every_active_option_in_every_area(self):
        options = BookingOption.objects.filter(is_active=True)
        areas = ServiceArea.objects.all()
        assert not Service.objects.filter(options__isnull=True).exists()
        assert areas.exists()
        next_monday = MONDAY + timedelta(days=7)
        for option, area in itertools.product(options, areas):
            starts = free_starts(option, area, next_monday, next_monday)
            assert starts[0] == at(next_monday, 9), (option, area)

    def test_every_pair_of_different_areas_has_a_driving_time_both_ways(self):
        count = ServiceArea.objects.count()
        assert DrivingTime.objects.count() == count * (count - 1)
        for row in DrivingTime.objects.all():
            back = DrivingTime.objects.get(from_area=row.to_area, to_area=row.from_area)
            assert back.minutes == row.minutes


RUSH_HOUR_FIELDS = (
    "morning_rush_starts",
    "morning_rush_ends",
    "afternoon_rush_starts",
    "afternoon_rush_ends",
)


def rush_hour(weekdays: list[int], starts: str, ends: str):
    """One rush hour on `weekdays`, the policy's other one taken away."""
    set_policy(
        rush_hour_weekdays=weekdays,
        morning_rush_starts=None,
        morning_rush_ends=None,
        afternoon_rush_starts=time.fromisoformat(starts),
        afternoon_rush_ends=time.fromisoformat(ends),
    )


def peak_drive(from_area, to_area, minutes, peak_minutes):
    DrivingTimeFactory(
        from_area=from_area, to_area=to_area, minutes=minutes, peak_minutes=peak_minutes
    )


class TestRushHours:
    """Brampton and Mississauga are 25 minutes apart, 55 when leaving in the 15:00 rush."""

    @pytest.fixture(autouse=True)
    def _tuesday(self, brampton, mississauga):
        hours(1, "09:00", "18:00")
        peak_drive(brampton, mississauga, 25, 55)
        peak_drive(mississauga, brampton, 25, 55)
        # No rush hour until a test sets one.
        set_policy(**dict.fromkeys(RUSH_HOUR_FIELDS))

    def test_a_visit_before_another_leaves_time_for_the_rush_hour_drive(
        self, option, brampton, mississauga, book
    ):
        book(mississauga, at(TUESDAY, 17))
        assert day_starts(option, brampton, TUESDAY)[-3:] == ["15:00", "15:15", "15:30"]
        rush_hour([1], "15:00", "19:00")
        # Leaving at 16:00 or later is a 55-minute drive: 15:00 is the last start that arrives.
        assert day_starts(option, brampton, TUESDAY)[-2:] == ["14:45", "15:00"]

    def test_the_drive_after_a_visit_is_timed_from_when_it_ends(
        self, option, brampton, mississauga, book
    ):
        rush_hour([1], "15:00", "19:00")
        book(mississauga, at(TUESDAY, 13, 45))  # ends 14:45: an ordinary drive
        assert "15:15" in day_starts(option, brampton, TUESDAY)
        Appointment.objects.all().delete()
        book(mississauga, at(TUESDAY, 14))  # ends 15:00: in the rush, 55 minutes
        starts = day_starts(option, brampton, TUESDAY)
        assert "15:45" not in starts and "16:00" in starts

    def test_the_drive_home_is_timed_from_when_taylor_leaves_the_last_visit(
        self, option, brampton, mississauga
    ):
        set_policy(home_area=brampton)
        assert day_starts(option, mississauga, TUESDAY)[-1] == "16:30"
        # Until 17:30 the drive home takes 55 minutes; leaving at 17:30 it takes 25 again.
        rush_hour([1], "15:00", "17:30")
        assert day_starts(option, mississauga, TUESDAY)[-3:] == ["15:45", "16:00", "16:30"]

    def test_rush_hours_apply_only_on_their_weekdays(self, option, brampton, mississauga, book):
        rush_hour([0, 2, 3, 4], "15:00", "19:00")
        book(mississauga, at(TUESDAY, 17))
        assert day_starts(option, brampton, TUESDAY)[-1] == "15:30"

    @pytest.mark.parametrize("day", [SPRING_FORWARD, FALL_BACK])
    def test_the_drive_from_home_at_the_start_of_hours_on_both_daylight_saving_days(
        self, option, brampton, mississauga, day, clock
    ):
        clock.move_to(datetime.combine(day - timedelta(days=2), time(9), tzinfo=TORONTO))
        hours(6, "09:00", "18:00")
        set_policy(home_area=brampton)
        assert day_starts(option, mississauga, day)[0] == "09:30"
        rush_hour([6], "08:30", "09:30")  # Toronto wall-clock time on either side of the change
        assert day_starts(option, mississauga, day)[0] == "10:00"
        assert free_starts(option, mississauga, day, day)[0].utcoffset() == (
            timedelta(hours=-4) if day == SPRING_FORWARD else timedelta(hours=-5)
        )


class TestSameAddress:
    """A second person at the same address, back to back: no drive, no second set-up."""

    @pytest.fixture(autouse=True)
    def _tuesday(self, option):
        hours(1, "09:00", "18:00")
        BookingOption.objects.filter(pk=option.pk).update(setup_minutes=15, teardown_minutes=10)
        option.refresh_from_db()

    def test_the_next_start_at_the_same_door_is_the_end_of_the_visit(self, option, brampton, book):
        booked = book(brampton, at(TUESDAY, 10, 15))
        elsewhere = day_starts(option, brampton, TUESDAY)
        # Packing up, the 15-minute drive and setting up again: 11:55 at the earliest.
        assert elsewhere[0] == "12:00"
        here = day_starts(option, brampton, TUESDAY, place=place_of(booked))
        # Before it too: one visit ending as the other begins, the table left up between.
        assert here[:2] == ["09:15", "11:15"]

    def test_the_treatments_themselves_still_may_not_overlap(self, option, brampton, book):
        booked = book(brampton, at(TUESDAY, 10))
        here = day_starts(option, brampton, TUESDAY, place=place_of(booked))
        assert not {"09:15", "09:30", "09:45", "10:00", "10:15", "10:30", "10:45"} & set(here)

    def test_another_unit_in_the_building_is_another_home(self, option, brampton, book):
        booked = book(brampton, at(TUESDAY, 10))
        upstairs = place_key(booked.postal_code, booked.address, "2")
        assert "11:00" not in day_starts(option, brampton, TUESDAY, place=upstairs)

    def test_a_booking_awaiting_its_email_confirmation_counts_at_its_address(
        self, option, brampton
    ):
        BookingHold.objects.create(
            option=option, area=brampton, starts_at=at(TUESDAY, 10), ends_at=at(TUESDAY, 11),
            email="sam@example.com", created_at=NOW, expires_at=NOW + timedelta(minutes=30),
            details={"client": {"postal_code": "L6Y 0A1", "address": "3 Elm St", "unit": ""}},
            requested_from="127.0.0.1",
        )  # fmt: skip
        here = place_key("L6Y0A1", "3 elm st")
        assert "11:00" in day_starts(option, brampton, TUESDAY, place=here)
        assert "11:00" not in day_starts(option, brampton, TUESDAY)


# Property-based checks against a brute-force, minute-by-minute model of the rules.

PROPERTY_NOW = datetime(2026, 1, 5, 8, 0, tzinfo=TORONTO)
PROPERTY_DAYS = [TUESDAY, SPRING_FORWARD, FALL_BACK]
STATUSES = LIVE + NOT_LIVE


@dataclass
class Scenario:
    day: date
    minutes: int
    step: int
    same_area: int
    default: int
    area: int  # index into the world's areas
    intervals: list[tuple[int, int]]  # (start minute of the day, length)
    drives: dict[tuple[int, int], int]
    # Rush-hour minutes of some of those pairs, and the bands (start minute, length) on the
    # scenario's weekday when they apply.
    peak_drives: dict[tuple[int, int], int]
    rush_hours: list[tuple[int, int]]
    # (gap before, length, area, status, at the address asked about)
    appointments: list[tuple[int, int, int, str, bool]]
    # Whether the visit asked about names its address (a second person in the household).
    place_known: bool
    # Where the booked visits begin, in minutes from the day's midnight (negative: the day before).
    appointments_from: int
    time_off: list[tuple[int, int]]  # (start minute of the day, length)
    setup: int  # the option's set-up and tear-down, for the visit asked about and those booked
    teardown: int
    home: int | None  # index of the home base area, or none
    home_drives_in_hours: bool
    # The asked area's booking rule, if any: (visits on the scenario's weekday, shortest visit,
    # only on days with another visit there).
    rule: tuple[bool, int | None, bool] | None


@st.composite
def scenarios(draw) -> Scenario:
    intervals = []
    for _ in range(draw(st.integers(1, 3))):
        start = draw(st.integers(0, 24 * 60 - 20))
        length = draw(st.integers(15, min(600, 24 * 60 - 1 - start)))
        intervals.append((start, length))
    pairs = [(a, b) for a in range(3) for b in range(3) if a != b]
    drives = {
        pair: minutes
        for pair in pairs
        if (minutes := draw(st.none() | st.integers(0, 120))) is not None
    }
    peak_drives = {
        pair: minutes
        for pair in drives
        if (minutes := draw(st.none() | st.integers(0, 150) | st.integers(60, 150))) is not None
    }
    # Bands long enough to hold visits, and the drives around them, most of the time.
    rush_hours = []
    for _ in range(draw(st.integers(0, 2))):
        start = draw(st.integers(0, 24 * 60 - 20))
        rush_hours.append((start, draw(st.integers(1, min(720, 24 * 60 - 1 - start)))))
    appointments = draw(
        st.lists(
            st.tuples(
                st.integers(0, 300),
                st.integers(15, 180),
                st.integers(0, 2),
                st.sampled_from(STATUSES),
                st.booleans(),
            ),
            max_size=8,
        )
    )
    time_off = draw(
        st.lists(st.tuples(st.integers(0, 24 * 60 - 1), st.integers(1, 240)), max_size=2)
    )
    return Scenario(
        day=draw(st.sampled_from(PROPERTY_DAYS)),
        minutes=draw(st.sampled_from([30, 45, 60, 90])),
        step=draw(st.sampled_from([5, 10, 15, 30])),
        same_area=draw(st.integers(0, 60)),
        default=draw(st.integers(0, 120)),
        area=draw(st.integers(0, 2)),
        intervals=intervals,
        drives=drives,
        peak_drives=peak_drives,
        rush_hours=rush_hours,
        appointments=appointments,
        place_known=draw(st.booleans()),
        appointments_from=draw(st.sampled_from([-6 * 60, 6 * 60, 9 * 60, 13 * 60])),
        time_off=time_off,
        setup=draw(st.sampled_from([0, 0, 10, 15, 30])),
        teardown=draw(st.sampled_from([0, 0, 5, 10, 20])),
        home=draw(st.none() | st.integers(0, 2)),
        home_drives_in_hours=draw(st.booleans()),
        rule=draw(
            st.none() | st.tuples(st.booleans(), st.sampled_from([None, 45, 75]), st.booleans())
        ),
    )


@st.composite
def busy_rush_hour_days(draw) -> Scenario:
    """Days where the rush hours and the same address decide: a long working day, drives with
    rush-hour minutes both ways between every pair, bands across it, and visits booked in it."""
    pairs = [(a, b) for a in range(3) for b in range(3) if a != b]
    drives = {pair: draw(st.integers(5, 60)) for pair in pairs}
    scenario = draw(scenarios())
    scenario.intervals = [(8 * 60, 12 * 60)]
    scenario.drives = drives
    scenario.peak_drives = {pair: drives[pair] + draw(st.integers(-5, 90)) for pair in pairs}
    scenario.peak_drives = {pair: max(0, minutes) for pair, minutes in scenario.peak_drives.items()}
    scenario.rush_hours = [
        (start, draw(st.integers(30, 300)))
        for start in draw(st.lists(st.integers(7 * 60, 18 * 60), min_size=1, max_size=2))
    ]
    scenario.step = draw(st.sampled_from([5, 10, 15]))
    scenario.appointments_from = draw(st.integers(8 * 60, 11 * 60))
    # Room before each visit for one more, so the drive to it decides.
    scenario.appointments = draw(
        st.lists(
            st.tuples(
                st.integers(30, 180),
                st.integers(30, 120),
                st.integers(0, 2),
                st.just(Appointment.Status.CONFIRMED),
                st.booleans(),
            ),
            min_size=1,
            max_size=3,
        )
    )
    scenario.rule = None
    return scenario


@dataclass
class Installed:
    option: BookingOption
    area: ServiceArea
    intervals: list[tuple[datetime, datetime]]  # UTC
    # Live appointments and time off: (start, end, area id or None, at the address asked about)
    busy: list[tuple[datetime, datetime, int | None, bool]]
    drive: dict[tuple[int, int], int]
    peak: dict[tuple[int, int], int]
    home_id: int | None
    place: str  # the address asked about, as availability is given it


# The address asked about, and where the other clients live.
PLACE = {"postal_code": "L6V 1N6", "address": "12 Main St N", "unit": "4"}
ELSEWHERE = {"postal_code": "L6V 1N6", "address": "14 Main St N", "unit": ""}


@pytest.fixture
def world(option, client_, brampton, mississauga, guelph):
    return {"service": option.service, "client": client_, "areas": [brampton, mississauga, guelph]}


def minute(day: date, minutes: int) -> datetime:
    """The UTC instant of a wall-clock minute of the day (fold=0, as availability.py reads it)."""
    wall = datetime.combine(day, time(0)) + timedelta(minutes=minutes)
    return datetime.combine(day, wall.time(), tzinfo=TORONTO).astimezone(UTC)


def install(world, scenario: Scenario) -> Installed:
    areas = world["areas"]
    set_policy(
        minimum_notice_hours=0,
        horizon_days=365,
        slot_step_minutes=scenario.step,
        same_area_driving_minutes=scenario.same_area,
        default_driving_minutes=scenario.default,
        home_area=None if scenario.home is None else areas[scenario.home],
        hours_include_home_drives=scenario.home_drives_in_hours,
    )
    option, _ = BookingOption.objects.update_or_create(
        service=world["service"], minutes=scenario.minutes,
        defaults={"price": Decimal("100"), "setup_minutes": scenario.setup,
                  "teardown_minutes": scenario.teardown},
    )  # fmt: skip
    intervals = []
    for start, length in scenario.intervals:
        ends = (datetime.combine(scenario.day, time(0)) + timedelta(minutes=start + length)).time()
        row = WorkingHours.objects.create(
            weekday=scenario.day.weekday(),
            starts=(datetime.combine(scenario.day, time(0)) + timedelta(minutes=start)).time(),
            ends=ends,
        )
        intervals.append((minute(scenario.day, start), minute(scenario.day, start + length)))
        assert row.ends > row.starts
    drive, peak = {}, {}
    for (a, b), minutes in scenario.drives.items():
        peak_minutes = scenario.peak_drives.get((a, b))
        DrivingTime.objects.create(
            from_area=areas[a], to_area=areas[b], minutes=minutes, peak_minutes=peak_minutes
        )
        drive[areas[a].pk, areas[b].pk] = minutes
        if peak_minutes is not None:
            peak[areas[a].pk, areas[b].pk] = peak_minutes
    # The scenario's one or two rush hours are the policy's two.
    midnight = datetime.combine(scenario.day, time(0))
    bands = [
        (midnight + timedelta(minutes=start), midnight + timedelta(minutes=start + length))
        for start, length in scenario.rush_hours
    ]
    (morning_starts, morning_ends), (afternoon_starts, afternoon_ends) = [
        (starts.time(), ends.time()) for starts, ends in bands
    ] + [(None, None)] * (2 - len(bands))
    set_policy(
        rush_hour_weekdays=[scenario.day.weekday()],
        morning_rush_starts=morning_starts, morning_rush_ends=morning_ends,
        afternoon_rush_starts=afternoon_starts, afternoon_rush_ends=afternoon_ends,
    )  # fmt: skip
    busy = []
    # Laid end to end, so live ones never overlap (PostgreSQL refuses).
    cursor = minute(scenario.day, 0) + timedelta(minutes=scenario.appointments_from)
    for gap, length, area, status, at_the_place in scenario.appointments:
        starts_at = cursor + timedelta(minutes=gap)
        cursor = starts_at + timedelta(minutes=length)
        Appointment.objects.create(
            client=world["client"],
            person=account_holder(world["client"]),
            option=option,
            price=option.price,
            starts_at=starts_at,
            ends_at=cursor,
            area=areas[area],
            status=status,
            **(PLACE if at_the_place else ELSEWHERE),
        )
        if status in LIVE:
            busy.append((starts_at, cursor, areas[area].pk, at_the_place))
    for start, length in scenario.time_off:
        starts_at = minute(scenario.day, start)
        TimeOff.objects.create(starts_at=starts_at, ends_at=starts_at + timedelta(minutes=length))
        busy.append((starts_at, starts_at + timedelta(minutes=length), None, False))
    if scenario.rule is not None:
        on_the_day, minimum, next_to_another = scenario.rule
        weekday = scenario.day.weekday()
        AreaRule.objects.create(
            area=areas[scenario.area],
            visit_weekdays=[weekday] if on_the_day else [(weekday + 1) % 7],
            minimum_minutes=minimum,
            only_next_to_another_visit=next_to_another,
        )
    home_id = areas[scenario.home].pk if scenario.home is not None else None
    place = place_key(**PLACE) if scenario.place_known else ""
    # Read afresh, as each request does: the area object keeps the rule it first read.
    area = with_its_rule(areas[scenario.area])
    return Installed(option, area, intervals, busy, drive, peak, home_id, place)


def uninstall():
    AreaRule.objects.all().delete()
    Appointment.objects.all().delete()
    TimeOff.objects.all().delete()
    WorkingHours.objects.all().delete()
    DrivingTime.objects.all().delete()


def brute_force_free(
    scenario: Scenario,
    world: Installed,
    start: datetime,
    intervals: list[tuple[datetime, datetime]],
) -> bool:
    """Whether a visit may start at `start` inside one of `intervals`, ignoring the grid."""

    def in_rush_hour(departing: datetime) -> bool:
        wall = departing.astimezone(TORONTO)
        minute_of_day = wall.hour * 60 + wall.minute
        return wall.date().weekday() == scenario.day.weekday() and any(
            start <= minute_of_day < start + length for start, length in scenario.rush_hours
        )

    def drive(from_id, to_id, departing):
        if from_id == to_id:
            return scenario.same_area
        if (from_id, to_id) in world.peak and in_rush_hour(departing):
            return world.peak[from_id, to_id]
        return world.drive.get((from_id, to_id), scenario.default)

    if scenario.rule is not None:
        on_the_day, minimum, next_to_another = scenario.rule
        if not on_the_day or (minimum and scenario.minutes < minimum):
            return False
        visited = any(
            area_id == world.area.pk and busy_start.astimezone(TORONTO).date() == scenario.day
            for busy_start, _, area_id, _ in world.busy
        )
        if next_to_another and not visited:
            return False
    # Taylor is at the home from the set-up before the visit to the tear-down after it; every
    # booked visit uses the same option, so the same set-up and tear-down.
    arrives = start - timedelta(minutes=scenario.setup)
    ends = start + timedelta(minutes=scenario.minutes)
    leaves = ends + timedelta(minutes=scenario.teardown)

    def home_in_time(lo, hi):
        if world.home_id is None or not scenario.home_drives_in_hours:
            return lo <= arrives and leaves <= hi
        out = drive(world.home_id, world.area.pk, lo)
        back = drive(world.area.pk, world.home_id, leaves)
        return lo + timedelta(minutes=out) <= arrives and leaves + timedelta(minutes=back) <= hi

    if not any(home_in_time(lo, hi) for lo, hi in intervals):
        return False
    for busy_start, busy_end, area_id, at_the_place in world.busy:
        if area_id is None:
            if arrives < busy_end and busy_start < leaves:
                return False
            continue
        if at_the_place and world.place:  # the same home: only the treatments may not overlap
            if start < busy_end and busy_start < ends:
                return False
            continue
        its_arrival = busy_start - timedelta(minutes=scenario.setup)
        its_departure = busy_end + timedelta(minutes=scenario.teardown)
        after_it = arrives >= its_departure + timedelta(
            minutes=drive(area_id, world.area.pk, its_departure)
        )
        before_it = leaves + timedelta(minutes=drive(world.area.pk, area_id, leaves)) <= its_arrival
        if not (after_it or before_it):
            return False
    return True


PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPERTY_SETTINGS
@given(scenario=scenarios())
def test_no_offered_start_breaks_a_rule(world, scenario):
    check_no_offered_start_breaks_a_rule(world, scenario)


@PROPERTY_SETTINGS
@given(scenario=scenarios())
def test_every_long_enough_gap_offers_a_start(world, scenario):
    check_every_long_enough_gap_offers_a_start(world, scenario)


# About one busy rush-hour day in ten has a start that only the drive at its own departure
# rules out: enough examples that a rule ignoring it is found every time.
RUSH_HOUR_SETTINGS = settings(PROPERTY_SETTINGS, max_examples=150)


@RUSH_HOUR_SETTINGS
@given(scenario=busy_rush_hour_days())
def test_no_offered_start_breaks_a_rule_on_busy_rush_hour_days(world, scenario):
    check_no_offered_start_breaks_a_rule(world, scenario)


@RUSH_HOUR_SETTINGS
@given(scenario=busy_rush_hour_days())
def test_every_long_enough_gap_offers_a_start_on_busy_rush_hour_days(world, scenario):
    check_every_long_enough_gap_offers_a_start(world, scenario)


def check_no_offered_start_breaks_a_rule(world, scenario):
    try:
        installed = install(world, scenario)
        starts = free_starts(
            installed.option, installed.area, scenario.day, scenario.day, now=PROPERTY_NOW,
            place=installed.place,
        )  # fmt: skip
        for start in starts:
            assert start.tzinfo == TORONTO
            assert start.date() == scenario.day
            assert brute_force_free(
                scenario, installed, start.astimezone(UTC), installed.intervals
            ), start
        assert utc(starts) == sorted(set(utc(starts)))
    finally:
        uninstall()


def check_every_long_enough_gap_offers_a_start(world, scenario):
    try:
        installed = install(world, scenario)
        starts = free_starts(
            installed.option, installed.area, scenario.day, scenario.day, now=PROPERTY_NOW,
            place=installed.place,
        )  # fmt: skip
        offered = {start.astimezone(UTC) for start in starts}
        step = timedelta(minutes=scenario.step)
        on_grid = set()
        for lo, hi in installed.intervals:
            run: list[datetime] = []
            for n in range(int((hi - lo) / timedelta(minutes=1)) + 1):
                start = lo + timedelta(minutes=n)
                if brute_force_free(scenario, installed, start, [(lo, hi)]):
                    run.append(start)
                    if (start - lo) % step == timedelta(0):
                        on_grid.add(start)
                    continue
                assert_run_offers_a_start(run, scenario.step, offered)
                run = []
            assert_run_offers_a_start(run, scenario.step, offered)
        # Stronger still: the offer is exactly the free starts on the grid.
        assert offered == on_grid
    finally:
        uninstall()


def assert_run_offers_a_start(run: list[datetime], step: int, offered: set[datetime]):
    """A run of `step` free minutes in a row always holds one grid start, which must be offered."""
    if len(run) >= step:
        assert any(run[0] <= start <= run[-1] for start in offered), (run[0], run[-1])


class TestHolidayAdmin:
    def test_taylor_sees_the_coming_holidays_and_opens_one(self, client):
        login_in_group(client, "taylor", "Therapist")
        listed = client.get(reverse("admin:bookings_holidayopening_changelist")).content.decode()
        assert "Canada Day" in listed and "closed" in listed
        added = client.post(
            reverse("admin:bookings_holidayopening_add"), {"day": "2026-07-01", "note": ""}
        )
        assert added.status_code == 302
        assert HolidayOpening.objects.filter(day=date(2026, 7, 1)).exists()

    def test_a_day_that_is_no_holiday_is_refused_with_a_reason(self, client):
        login_in_group(client, "taylor", "Therapist")
        refused = client.post(
            reverse("admin:bookings_holidayopening_add"), {"day": "2026-07-02", "note": "x"}
        )
        assert "is not a statutory holiday in Ontario" in refused.content.decode()
        assert not HolidayOpening.objects.exists()


class TestAreaRuleAdmin:
    def test_taylor_ticks_the_weekdays_of_a_far_area(self, client, guelph):
        login_in_group(client, "taylor", "Therapist")
        add = reverse("admin:bookings_arearule_add")
        assert "Visits on" in client.get(add).content.decode()
        saved = client.post(
            add, {"area": guelph.pk, "visit_weekdays": ["3"], "minimum_minutes": "75"}
        )
        assert saved.status_code == 302
        rule = AreaRule.objects.get(area=guelph)
        assert (rule.visit_weekdays, rule.minimum_minutes) == ([3], 75)
        listed = client.get(reverse("admin:bookings_arearule_changelist")).content.decode()
        assert "Thursdays" in listed
