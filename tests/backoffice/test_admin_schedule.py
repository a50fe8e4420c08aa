"""Taylor's schedule in admin: the day and week views, today's agenda on the index, the gaps."""

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bookings.backoffice import schedule
from bookings.models import Appointment
from tests.factories import (
    AppointmentFactory,
    BookingOptionFactory,
    BookingPolicyFactory,
    ClientFactory,
    DrivingTimeFactory,
    ServiceAreaFactory,
    ServiceFactory,
    TimeOffFactory,
)
from tests.support import at, login_in_group

DAY = date(2030, 3, 6)  # a Wednesday
NOW = at(DAY, 7)


@pytest.fixture
def practice(db, time_machine):
    time_machine.move_to(NOW, tick=False)
    service = ServiceFactory(name="Test massage")
    north = ServiceAreaFactory(name="North")
    south = ServiceAreaFactory(name="South")
    DrivingTimeFactory(from_area=north, to_area=south, minutes=30)
    DrivingTimeFactory(from_area=south, to_area=north, minutes=35)
    option = BookingOptionFactory(service=service, minutes=60, price=Decimal("110.00"))
    short = BookingOptionFactory(service=service, minutes=30, price=Decimal("70.00"))
    BookingPolicyFactory(same_area_driving_minutes=15, default_driving_minutes=60)
    counter = iter(range(1000))

    def visit(starts_at, area=north, status=Appointment.Status.CONFIRMED, name=None, opt=option):
        client = ClientFactory(name=name or f"Client {next(counter)}")
        return AppointmentFactory(
            client=client, option=opt, starts_at=starts_at, area=area, status=status
        )

    return SimpleNamespace(north=north, south=south, option=option, short=short, visit=visit)


# The selector


def test_gap_is_the_time_to_the_next_visit_with_the_drive_between_their_areas(practice):
    first = practice.visit(at(DAY, 10), practice.north)
    second = practice.visit(at(DAY, 11, 20), practice.south)
    third = practice.visit(at(DAY, 13, 30), practice.south)

    visits = schedule.day_schedule(DAY).visits

    assert [v.appointment for v in visits] == [first, second, third]
    gap = visits[0].gap_to_next
    assert (gap.minutes, gap.drive_minutes) == (20, 30)
    assert gap.is_tight and gap.is_short and gap.short_by == 10
    assert (visits[1].gap_to_next.minutes, visits[1].gap_to_next.drive_minutes) == (70, 15)
    assert not visits[1].gap_to_next.is_tight
    assert visits[2].gap_to_next is None


def test_little_spare_time_after_the_drive_is_tight_but_not_short(practice):
    practice.visit(at(DAY, 10), practice.north)
    practice.visit(at(DAY, 11, 35), practice.south)

    gap = schedule.day_schedule(DAY).visits[0].gap_to_next

    assert gap.spare_minutes == 5
    assert gap.is_tight and not gap.is_short


def test_areas_without_a_driving_time_use_the_policy_default(practice):
    elsewhere = ServiceAreaFactory(name="Elsewhere")
    practice.visit(at(DAY, 9), practice.north)
    practice.visit(at(DAY, 12), elsewhere)

    assert schedule.day_schedule(DAY).visits[0].gap_to_next.drive_minutes == 60


def test_cancelled_visits_are_listed_but_the_gap_skips_them(practice):
    first = practice.visit(at(DAY, 9))
    cancelled = practice.visit(at(DAY, 10, 30), status=Appointment.Status.CANCELLED)
    last = practice.visit(at(DAY, 12))

    visits = schedule.day_schedule(DAY).visits

    assert [v.appointment for v in visits] == [first, cancelled, last]
    assert visits[0].gap_to_next.minutes == 120
    assert visits[1].gap_to_next is None
    assert schedule.day_schedule(DAY).live_count == 2


def test_a_day_is_a_toronto_day_not_a_utc_one(practice):
    late = practice.visit(at(DAY, 22, 30))  # 03:30 UTC the next day
    practice.visit(at(DAY + timedelta(days=1), 0, 30))

    assert [v.appointment for v in schedule.day_schedule(DAY).visits] == [late]


def test_gap_across_the_fall_back_hour_counts_real_minutes(practice):
    fall_back = date(2030, 11, 3)
    practice.visit(at(fall_back, 0, 30), opt=practice.short)
    practice.visit(at(fall_back, 2), opt=practice.short)

    # 01:00 to 02:00 on the wall clock is two hours: the clocks go back at 2:00 daylight time.
    assert schedule.day_schedule(fall_back).visits[0].gap_to_next.minutes == 120


def test_week_has_seven_days_each_with_its_visits(practice):
    monday = schedule.week_start(DAY)
    practice.visit(at(monday, 9))
    practice.visit(at(monday + timedelta(days=6), 9))
    practice.visit(at(monday + timedelta(days=7), 9))

    week = schedule.week_schedule(monday)

    assert monday == date(2030, 3, 4)
    assert [d.day for d in week.days] == [monday + timedelta(days=n) for n in range(7)]
    assert [len(d.visits) for d in week.days] == [1, 0, 0, 0, 0, 0, 1]
    assert (week.previous_week, week.next_week) == (date(2030, 2, 25), date(2030, 3, 11))


def twenty_visits(practice, day):
    for n in range(20):
        practice.visit(at(day, 4) + timedelta(minutes=45 * n), opt=practice.short)


def test_day_schedule_runs_four_queries_for_one_visit_or_twenty(
    practice, django_assert_num_queries
):
    practice.visit(at(DAY, 9), opt=practice.short)
    # The policy, the driving times, the visits and the time off.
    with django_assert_num_queries(4):
        schedule.day_schedule(DAY)
    twenty_visits(practice, DAY + timedelta(days=1))
    with django_assert_num_queries(4):
        assert len(schedule.day_schedule(DAY + timedelta(days=1)).visits) == 20


def test_week_schedule_runs_four_queries_however_many_visits(practice, django_assert_num_queries):
    monday = schedule.week_start(DAY)
    practice.visit(at(monday, 9))
    with django_assert_num_queries(4):
        schedule.week_schedule(monday)
    twenty_visits(practice, monday + timedelta(days=2))
    with django_assert_num_queries(4):
        schedule.week_schedule(monday)


# The pages


@pytest.fixture
def taylor(client, practice):
    login_in_group(client, "taylor", "Therapist")
    return client


def test_day_view_lists_visits_with_times_clients_areas_and_the_tight_gap(taylor, practice):
    first = practice.visit(at(DAY, 10), practice.north, name="Ada North")
    practice.visit(at(DAY, 11, 20), practice.south, name="Bea South")

    response = taylor.get(reverse("admin:bookings_appointment_day"), {"day": "2030-03-06"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Schedule for Wednesday, March 6, 2030" in page
    assert "10:00</time>–<time" in page and "Ada North" in page and "Bea South" in page
    assert "North · Test massage, 60 min" in page
    assert "Short by 10 min:" in page
    assert "20 min until the next visit; the drive takes 30 min." in page
    assert reverse("admin:bookings_appointment_change", args=[first.pk]) in page
    assert "?day=2030-03-05" in page and "?day=2030-03-07" in page


def test_day_view_defaults_to_today_in_toronto(client, practice, time_machine):
    time_machine.move_to(at(DAY, 22, 30), tick=False)  # already the 7th in UTC
    practice.visit(at(DAY, 23))
    login_in_group(client, "taylor", "Therapist")

    response = client.get(reverse("admin:bookings_appointment_day"))

    assert response.context["schedule"].day == DAY


def test_day_view_query_count_does_not_grow_with_visits(taylor, practice):
    practice.visit(at(DAY, 9), opt=practice.short)
    twenty_visits(practice, DAY + timedelta(days=1))
    url = reverse("admin:bookings_appointment_day")

    counts = []
    for day in (DAY, DAY + timedelta(days=1)):
        taylor.get(url, {"day": day.isoformat()})  # warm the session and permission caches
        with CaptureQueriesContext(connection) as queries:
            response = taylor.get(url, {"day": day.isoformat()})
        counts.append(len(queries))
    assert len(response.context["schedule"].visits) == 20
    assert counts[0] == counts[1]


def test_week_view_shows_each_day_with_links_to_the_day_view(taylor, practice):
    practice.visit(at(DAY, 9), name="Cy Wednesday")

    response = taylor.get(reverse("admin:bookings_appointment_week"), {"start": "2030-03-06"})

    page = response.content.decode()
    assert response.context["week"].first_day == date(2030, 3, 4)
    assert "Week of March 4, 2030" in page
    assert "Monday, March 4" in page and "Sunday, March 10" in page
    assert "Cy Wednesday" in page
    assert "?start=2030-02-25" in page and "?start=2030-03-11" in page


def test_week_view_query_count_does_not_grow_with_visits(taylor, practice):
    monday = schedule.week_start(DAY)
    practice.visit(at(monday, 9), opt=practice.short)
    twenty_visits(practice, monday + timedelta(days=7))
    url = reverse("admin:bookings_appointment_week")

    counts = []
    for first in (monday, monday + timedelta(days=7)):
        taylor.get(url, {"start": first.isoformat()})
        with CaptureQueriesContext(connection) as queries:
            taylor.get(url, {"start": first.isoformat()})
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_bad_day_in_the_address_shows_today(taylor, practice):
    response = taylor.get(reverse("admin:bookings_appointment_day"), {"day": "not-a-day"})

    assert response.context["schedule"].day == DAY


def test_index_shows_todays_agenda_to_the_therapist(taylor, practice):
    practice.visit(at(DAY, 9), name="Dee Today")
    practice.visit(at(DAY + timedelta(days=1), 9), name="Eve Tomorrow")

    page = taylor.get(reverse("admin:index")).content.decode()

    assert "Today, Wednesday, March 6" in page
    assert "Dee Today" in page and "Eve Tomorrow" not in page


def test_index_hides_the_agenda_from_an_editor(client, practice):
    practice.visit(at(DAY, 9), name="Dee Today")
    login_in_group(client, "editor", "Editor")

    page = client.get(reverse("admin:index")).content.decode()

    assert "Dee Today" not in page and "todays-agenda" not in page


def test_schedule_is_refused_to_staff_without_appointment_permission(client, practice):
    login_in_group(client, "editor", "Editor")

    assert client.get(reverse("admin:bookings_appointment_day")).status_code == 403
    assert client.get(reverse("admin:bookings_appointment_week")).status_code == 403


def test_changelist_links_to_the_schedule_phone_booking_and_export(taylor, practice):
    page = taylor.get(reverse("admin:bookings_appointment_changelist")).content.decode()

    assert reverse("admin:bookings_appointment_day") in page
    assert reverse("admin:bookings_appointment_phone_in") in page
    assert "Book a phone-in client" in page
    assert reverse("admin:bookings_appointment_export") in page


def test_appointment_list_query_count_does_not_grow_with_visits(taylor, practice):
    practice.visit(at(DAY, 9), opt=practice.short)
    url = reverse("admin:bookings_appointment_changelist")
    taylor.get(url)
    with CaptureQueriesContext(connection) as one:
        taylor.get(url)
    twenty_visits(practice, DAY + timedelta(days=1))
    with CaptureQueriesContext(connection) as twenty_one:
        response = taylor.get(url)

    assert response.context["cl"].result_count == 21
    assert len(one) == len(twenty_one)


# Time off


def test_day_view_shows_time_off_in_its_place_among_the_visits(taylor, practice):
    practice.visit(at(DAY, 9), name="Ada Morning")
    practice.visit(at(DAY, 15), name="Bea Afternoon")
    TimeOffFactory(starts_at=at(DAY, 12), ends_at=at(DAY, 13, 30), reason="Dentist")

    page = taylor.get(reverse("admin:bookings_appointment_day"), {"day": DAY.isoformat()})

    html = page.content.decode()
    assert html.index("Ada Morning") < html.index("Dentist") < html.index("Bea Afternoon")
    assert "12:00</time>–<time" in html and "13:30</time> Time off" in html


def test_time_off_over_several_days_shows_on_each_as_much_as_falls_on_it(practice):
    TimeOffFactory(starts_at=at(DAY, 14), ends_at=at(DAY + timedelta(days=2), 11), reason="Away")

    week = schedule.week_schedule(schedule.week_start(DAY))
    wednesday, thursday, friday = week.days[2:5]

    assert [(e.from_day_start, e.to_day_end) for e in wednesday.time_off] == [(False, True)]
    assert wednesday.time_off[0].starts_at.hour == 14
    assert [(e.from_day_start, e.to_day_end) for e in thursday.time_off] == [(True, True)]
    assert [(e.from_day_start, e.ends_at.hour) for e in friday.time_off] == [(True, 11)]
    assert week.days[1].time_off == []


def test_a_day_with_only_time_off_says_no_visits_and_shows_it(taylor, practice):
    TimeOffFactory(starts_at=at(DAY, 0), ends_at=at(DAY + timedelta(days=1), 0), reason="Holiday")

    html = taylor.get(
        reverse("admin:bookings_appointment_day"), {"day": DAY.isoformat()}
    ).content.decode()

    assert "No visits booked on this day." in html and "Holiday" in html
    assert "All day Time off" in " ".join(html.split())
