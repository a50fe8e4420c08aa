"""A visit keeps the address it was booked with.

The public booking form matches a returning client by email, so anyone who knows a client's
email can book under that client with another address. Such a booking must not send Taylor
somewhere else for that client's visits already booked: it leaves the client record as it was,
and every email, calendar file, page and schedule reads a visit's address from the visit.
"""

import importlib
from dataclasses import replace
from datetime import date, datetime, time

import pytest
from django.apps import apps
from django.urls import reverse
from icalendar import Calendar

from bookings.models import Appointment, BookingPolicy, Client
from bookings.notifications import agenda, messages
from bookings.notifications.calendar import appointment_calendar
from bookings.scheduling.booking import ClientDetails, book_appointment, reschedule_appointment
from bookings.scheduling.tokens import make_manage_token
from tests.support import TORONTO, at, login_in_group

MONDAY = date(2030, 3, 4)
WEDNESDAY = date(2030, 3, 6)
NOW = datetime.combine(MONDAY, time(9, 0), tzinfo=TORONTO)

JANE = ClientDetails(
    name="Jane Client",
    email="jane@example.com",
    phone="+19055550101",
    address="12 Main St N",
    unit="4",
    city="Brampton",
    postal_code="L6V 1N6",
    access_notes="Side door; the dog is friendly.",
)
JANE_AT_X = "4-12 Main St N, Brampton, ON L6V 1N6"
# Someone else who knows Jane's email books with another address.
IMPOSTOR = replace(
    JANE,
    email="JANE@example.com",
    address="99 Elsewhere Rd",
    unit="",
    city="Mississauga",
    postal_code="L5B 1A1",
    access_notes="Back gate.",
)
ELSEWHERE_Y = "99 Elsewhere Rd, Mississauga, ON L5B 1A1"

migration = importlib.import_module("bookings.migrations.0007_appointment_visit_address")


@pytest.fixture
def practice(small_practice, time_machine):
    time_machine.move_to(NOW, tick=False)
    return small_practice


def book(practice, starts_at: datetime, client: ClientDetails) -> Appointment:
    return book_appointment(
        option=practice.option, area=practice.area, starts_at=starts_at, client=client
    )


@pytest.fixture
def a_and_b(practice):
    """Jane's visit A at X, then visit B booked with her email at Y."""
    a = book(practice, at(WEDNESDAY, 10), JANE)
    b = book(practice, at(WEDNESDAY, 14), IMPOSTOR)
    a.refresh_from_db()
    return a, b


def location(appointment: Appointment) -> str:
    (event,) = Calendar.from_ical(appointment_calendar(appointment)).events
    return str(event["LOCATION"])


def test_each_booking_records_the_address_typed(a_and_b):
    a, b = a_and_b

    assert a.client_id == b.client_id
    assert (a.full_address, a.access_notes) == (JANE_AT_X, JANE.access_notes)
    assert (b.full_address, b.access_notes) == (ELSEWHERE_Y, IMPOSTOR.access_notes)


def test_the_client_record_keeps_its_address_whatever_a_booking_types(a_and_b):
    """A booking by email could be anyone's; Taylor changes the record in admin."""
    assert Client.objects.get().full_address == JANE_AT_X


def test_emails_about_an_earlier_visit_keep_its_address(a_and_b):
    a, b = a_and_b

    for appointment, here, not_here, notes in (
        (a, JANE_AT_X, ELSEWHERE_Y, JANE.access_notes),
        (b, ELSEWHERE_Y, JANE_AT_X, IMPOSTOR.access_notes),
    ):
        to_client = messages.client_email(appointment, "booked", policy=BookingPolicy.current())
        ((html, _),) = to_client.alternatives
        notice = messages.therapist_email(
            appointment, "booked", policy=BookingPolicy.current()
        ).body
        for body in (to_client.body, html, notice):
            assert here in body
            assert not_here not in body
        assert f"Access and parking: {notes}" in notice


def test_the_calendar_location_is_the_visits_address(a_and_b):
    a, b = a_and_b

    assert location(a) == JANE_AT_X
    assert location(b) == ELSEWHERE_Y


def test_the_manage_and_confirmation_pages_show_the_visits_address(client, a_and_b):
    a, b = a_and_b

    for appointment, here, not_here in ((a, JANE_AT_X, ELSEWHERE_Y), (b, ELSEWHERE_Y, JANE_AT_X)):
        token = make_manage_token(appointment)
        for name in ("bookings:manage", "bookings:confirmed"):
            page = client.get(reverse(name, args=[token])).content.decode()
            assert here in page
            assert not_here not in page


def test_the_admin_schedule_shows_each_visits_address(client, a_and_b):
    login_in_group(client, "taylor", "Therapist")

    page = client.get(reverse("admin:bookings_appointment_day"), {"day": "2030-03-06"})

    first, second = page.content.decode().split('class="visit-address"')[1:]
    assert JANE_AT_X in first and ELSEWHERE_Y not in first
    assert ELSEWHERE_Y in second


def test_the_daily_agenda_gives_each_visits_address_and_access_notes(a_and_b):
    message = messages.daily_agenda_email(agenda.build_daily_agenda(WEDNESDAY))

    first, second = message.body.split("\n2. ")
    assert JANE_AT_X in first and f"Access and parking: {JANE.access_notes}" in first
    assert ELSEWHERE_Y in second and f"Access and parking: {IMPOSTOR.access_notes}" in second


def test_rescheduling_keeps_the_visits_address(
    a_and_b, mailoutbox, django_capture_on_commit_callbacks
):
    a, _ = a_and_b

    with django_capture_on_commit_callbacks(execute=True):
        reschedule_appointment(a, at(WEDNESDAY, 11))

    a.refresh_from_db()
    assert a.full_address == JANE_AT_X
    (to_jane, to_taylor) = mailoutbox
    assert JANE_AT_X in to_jane.body and JANE_AT_X in to_taylor.body
    assert ELSEWHERE_Y not in to_jane.body + to_taylor.body


def test_the_appointment_admin_shows_the_visits_address(client, a_and_b):
    a, _ = a_and_b
    login_in_group(client, "taylor", "Therapist")

    page = client.get(reverse("admin:bookings_appointment_change", args=[a.pk])).content.decode()

    assert "12 Main St N" in page and JANE.access_notes in page
    assert "99 Elsewhere Rd" not in page


# The migration's backfill


def test_backfill_gives_visits_without_an_address_their_clients(practice):
    booked = book(practice, at(WEDNESDAY, 10), JANE)
    Appointment.objects.filter(pk=booked.pk).update(
        address="", unit="", city="", postal_code="", access_notes=""
    )

    migration.copy_address_from_client(apps, None)

    booked.refresh_from_db()
    assert booked.full_address == JANE_AT_X
    assert booked.access_notes == JANE.access_notes


def test_backfill_leaves_visits_that_have_their_own_address(a_and_b):
    a, _ = a_and_b

    migration.copy_address_from_client(apps, None)

    a.refresh_from_db()
    assert a.full_address == JANE_AT_X
