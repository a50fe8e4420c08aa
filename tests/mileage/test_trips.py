"""Taylor's trips: home to each completed visit and back, with minutes and km (entered, or
estimated from the minutes), in the day view's route and the CRA logbook and its CSV alike."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from bookings.mileage import trips
from bookings.mileage.logbook import logbook
from bookings.notifications import delivery
from bookings.scheduling.models import Appointment, BookingPolicy
from tests.factories import (
    AppointmentFactory,
    BookingPolicyFactory,
    DrivingTimeFactory,
    ServiceAreaFactory,
    WorkingHoursFactory,
)
from tests.support import at, login_in_group

pytestmark = pytest.mark.django_db
THURSDAY = date(2026, 11, 12)


@pytest.fixture
def practice():
    brampton = ServiceAreaFactory(name="Brampton")
    guelph = ServiceAreaFactory(name="Guelph")
    BookingPolicyFactory(home_area=brampton, same_area_km=Decimal("8"), estimated_km_per_hour=48)
    DrivingTimeFactory(from_area=brampton, to_area=guelph, minutes=60, km=Decimal("62.5"))
    DrivingTimeFactory(from_area=guelph, to_area=brampton, minutes=70)  # no km: estimated
    return brampton, guelph


def visit(area, hour, *, city, status=Appointment.Status.COMPLETED, day=THURSDAY):
    return AppointmentFactory(starts_at=at(day, hour), area=area, city=city, status=status)


def test_a_day_runs_from_home_through_each_visit_and_back(practice):
    brampton, guelph = practice
    visit(guelph, 10, city="Guelph")
    visit(guelph, 13, city="Guelph")
    visit(guelph, 15, city="Guelph", status=Appointment.Status.CANCELLED)
    book = logbook(THURSDAY, THURSDAY)
    assert [(t.origin, t.destination, t.minutes, t.km, t.km_estimated) for t in book.trips] == [
        ("Home base (Brampton)", "Guelph", 60, Decimal("62.5"), False),
        ("Guelph", "Guelph", 15, Decimal("8"), False),
        ("Guelph", "Home base (Brampton)", 70, Decimal("56.0"), True),  # 70 min at 48 km/h
    ]
    assert book.total_km == Decimal("126.5") and book.estimated_km == Decimal("56.0")
    assert book.trips[0].departs_at is None  # he leaves home when he must
    assert f"{book.trips[1].departs_at:%H:%M}" == "11:00"


def test_a_second_person_at_the_same_home_is_no_trip(practice):
    brampton, guelph = practice
    first = visit(guelph, 10, city="Guelph")
    AppointmentFactory(
        starts_at=first.ends_at, area=guelph, city="Guelph", status=Appointment.Status.COMPLETED,
        address=first.address, postal_code=first.postal_code, unit=first.unit,
    )  # fmt: skip
    book = logbook(THURSDAY, THURSDAY)
    assert [(t.origin, t.destination) for t in book.trips] == [
        ("Home base (Brampton)", "Guelph"),
        ("Guelph", "Home base (Brampton)"),
    ]
    assert f"{book.trips[1].departs_at:%H:%M}" == "12:00"  # after the second treatment


def test_a_weekday_starting_elsewhere_starts_the_route_there(practice):
    brampton, guelph = practice
    WorkingHoursFactory(weekday=THURSDAY.weekday(), home_area=guelph)
    visit(guelph, 10, city="Guelph")
    origins = [trip.origin for trip in logbook(THURSDAY, THURSDAY).trips]
    assert origins == ["Home base (Guelph)", "Guelph"]


def test_without_a_home_base_the_day_runs_from_the_first_visit_to_the_last(practice):
    brampton, guelph = practice
    BookingPolicy.objects.update(home_area=None)
    visit(brampton, 9, city="Brampton")
    visit(guelph, 13, city="Guelph")
    book = logbook(THURSDAY, THURSDAY)
    assert [(t.origin, t.destination) for t in book.trips] == [("Brampton", "Guelph")]


def test_the_months_csv_matches_the_trips_in_the_day_views(practice, client):
    brampton, guelph = practice
    visit(guelph, 10, city="Guelph")
    visit(brampton, 14, city="Brampton")
    visit(brampton, 11, city="Brampton", day=date(2026, 11, 20))
    visit(brampton, 11, city="Brampton", day=date(2026, 12, 1))  # next month: not in it
    login_in_group(client, "taylor", "Therapist")
    response = client.get(
        reverse("admin:bookings_appointment_mileage"), {"month": "2026-11", "format": "csv"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Date", "Departure", "From", "To", "Purpose", "Kilometres", "Estimated"]
    from_days = []
    for day in (THURSDAY, date(2026, 11, 20)):
        page = client.get(reverse("admin:bookings_appointment_day"), {"day": day.isoformat()})
        for trip in page.context["route"]:
            from_days.append([day.isoformat(), trip.origin, trip.destination, f"{trip.km:.1f}"])
            assert f"{trip.origin} → {trip.destination}" in page.content.decode()
    assert [[r[0], r[2], r[3], r[5]] for r in rows[1:-1]] == from_days
    total = sum(Decimal(row[5]) for row in rows[1:-1])
    assert rows[-1][4:6] == ["Business kilometres", f"{total:.1f}"]


def test_the_logbook_page_shows_the_period_and_refuses_a_bad_month(practice, client):
    visit(practice[1], 10, city="Guelph")
    login_in_group(client, "taylor", "Therapist")
    url = reverse("admin:bookings_appointment_mileage")
    page = client.get(url, {"month": "2026-11"}).content.decode()
    assert "Business kilometres" in page and "Home base (Brampton)" in page
    assert "Choose a month, like 2026-11." in client.get(url, {"month": "2026-13"}).content.decode()
    assert client.get(url, {"year": "2026"}).status_code == 200


def test_the_day_view_links_each_visit_to_directions(practice, client):
    visit(practice[1], 10, city="Guelph", status=Appointment.Status.CONFIRMED)
    login_in_group(client, "taylor", "Therapist")
    page = client.get(reverse("admin:bookings_appointment_day"), {"day": THURSDAY.isoformat()})
    assert "https://www.google.com/maps/dir/?api=1&amp;destination=" in page.content.decode()
    assert [trip.purpose for trip in page.context["route"]] == [
        trips.PURPOSE,
        "Return from client visits",
    ]


@pytest.mark.parametrize("visits", [1, 12])
def test_a_years_logbook_costs_the_same_few_queries_however_many_visits(
    practice, visits, django_assert_num_queries
):
    for n in range(visits):
        visit(practice[1], 10, city="Guelph", day=date(2026, 1 + n, 5))
    with django_assert_num_queries(5):  # policy, its home base, hours, the matrix, the visits
        book = logbook(date(2026, 1, 1), date(2026, 12, 31))
    assert len(book.trips) == 2 * visits


def test_the_morning_agenda_carries_the_route_of_the_day(practice, mailoutbox):
    visit(practice[1], 10, city="Guelph", status=Appointment.Status.CONFIRMED)
    assert delivery.deliver_daily_agenda(THURSDAY)
    (agenda,) = mailoutbox
    assert "ROUTE OF THE DAY:" in agenda.body
    assert "Home base (Brampton) to Guelph, 60 min, 62.5 km" in agenda.body
    assert "Guelph to Home base (Brampton), 70 min, 56.0 km (estimated)" in agenda.body
    assert "maps/dir/?api=1&amp;destination=" in agenda.alternatives[0][0]
