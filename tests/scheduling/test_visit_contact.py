"""A booking never changes the client record; each visit keeps the name, phone and address typed.

The public booking form matches a returning client by email, and anyone can type a client's
email. Such a booking used to rewrite the client's name and phone, and so what Taylor saw for that
client's visits already booked. Now the client record stays as it was and every email, agenda,
schedule, admin page, export and receipt reads who a visit is for and how to reach them from the
visit. Visit B below is booked under Jane's record with another name and phone, so each test
fails if what it checks reads the client instead.
"""

import csv
import importlib
import io
from dataclasses import replace
from datetime import date, datetime, time

import pytest
from django.apps import apps
from django.urls import reverse

from bookings.billing import receipts
from bookings.models import Appointment, BookingPolicy, Client
from bookings.notifications import agenda, messages
from bookings.scheduling.booking import ClientDetails, book_appointment
from stillwaters.display import phone as phone_for_people
from tests.support import TORONTO, at, login_in_group

MONDAY = date(2030, 3, 4)
WEDNESDAY = date(2030, 3, 6)
NOW = datetime.combine(MONDAY, time(9, 0), tzinfo=TORONTO)

P1 = "+19055550101"
P2 = "+14165550199"
JANE = ClientDetails(
    name="Jane Client",
    email="jane@example.com",
    phone=P1,
    address="12 Main St N",
    unit="4",
    city="Brampton",
    postal_code="L6V 1N6",
    access_notes="Side door.",
)
X = "4-12 Main St N, Brampton, ON L6V 1N6"
# A stranger who knows Jane's email.
MALLORY = replace(
    JANE,
    name="Mallory",
    phone=P2,
    address="99 Elsewhere Rd",
    unit="",
    city="Mississauga",
    postal_code="L5B 1A1",
    access_notes="Back gate.",
)
Y = "99 Elsewhere Rd, Mississauga, ON L5B 1A1"

migration = importlib.import_module("bookings.migrations.0008_appointment_contact")


@pytest.fixture
def a_and_b(small_practice, time_machine):
    """Jane's visit A, then visit B booked with her email by Mallory."""
    time_machine.move_to(NOW, tick=False)
    practice = small_practice
    practice.policy.registration_number = "A1234"
    practice.policy.save()

    def book(hour, details):
        return book_appointment(
            option=practice.option,
            area=practice.area,
            starts_at=at(WEDNESDAY, hour),
            client=details,
        )

    a = book(10, JANE)
    b = book(14, MALLORY)
    a.refresh_from_db()
    return a, b


# Each visit and whose details it must show, and must not.
def pairs(a, b):
    return (
        (a, ("Jane Client", P1, X), ("Mallory", P2, Y)),
        (b, ("Mallory", P2, Y), ("Jane Client", P1, X)),
    )


def test_a_booking_under_a_known_email_leaves_the_client_record_as_it_was(a_and_b):
    a, b = a_and_b

    client = Client.objects.get()
    assert a.client_id == b.client_id == client.pk
    assert (client.name, client.phone, client.full_address) == ("Jane Client", P1, X)
    assert client.access_notes == JANE.access_notes


def test_each_visit_records_the_name_and_phone_typed(a_and_b):
    a, b = a_and_b

    assert (a.contact_name, a.contact_phone, a.full_address) == ("Jane Client", P1, X)
    assert (b.contact_name, b.contact_phone, b.full_address) == ("Mallory", P2, Y)


def test_taylors_notice_names_the_visits_contact(a_and_b):
    for visit, shown, hidden in pairs(*a_and_b):
        notice = messages.therapist_email(visit, "booked", policy=BookingPolicy.current())
        name, phone, address = shown
        assert name in notice.subject
        assert f"Client: {name}\nPhone: {phone_for_people(phone)}\n" in notice.body
        assert f"Address: {address}" in notice.body
        for other in hidden:
            assert other not in notice.subject + notice.body


def test_the_client_email_greets_the_visits_contact(a_and_b):
    for visit, (name, _, _), (other, _, _) in pairs(*a_and_b):
        message = messages.client_email(visit, "booked", policy=BookingPolicy.current())
        ((html, _),) = message.alternatives
        assert message.body.startswith(f"Hello {name},")
        assert f"Hello {name}," in html
        assert other not in message.body + html
        assert message.to == [JANE.email]


def test_the_daily_agenda_gives_each_visits_contact(a_and_b):
    message = messages.daily_agenda_email(agenda.build_daily_agenda(WEDNESDAY))
    ((html, _),) = message.alternatives

    first, second = message.body.split("ROUTE OF THE DAY")[0].split("\n2. ")
    assert "Jane Client, 905-555-0101" in first and X in first
    assert "Mallory" not in first and "416-555-0199" not in first
    assert "Mallory, 416-555-0199" in second and Y in second
    assert "Jane Client" not in second and "905-555-0101" not in second
    visits_html = html.split("<h2>Route of the day</h2>")[0]
    html_first, html_second = visits_html.split("<li>")[1:]
    assert f'Jane Client, <a href="tel:{P1}">905-555-0101</a>' in html_first
    assert f'Mallory, <a href="tel:{P2}">416-555-0199</a>' in html_second


def test_the_admin_day_view_shows_each_visits_contact(client, a_and_b):
    login_in_group(client, "taylor", "Therapist")

    page = client.get(reverse("admin:bookings_appointment_day"), {"day": "2030-03-06"})

    chunks = page.content.decode().split('<li class="visit ')[1:]
    for chunk, (_, shown, hidden) in zip(chunks, pairs(*a_and_b), strict=True):
        assert all(value in chunk for value in shown)
        assert not any(value in chunk for value in hidden)


def test_the_appointment_admin_shows_and_finds_each_visits_contact(client, a_and_b):
    a, b = a_and_b
    login_in_group(client, "taylor", "Therapist")

    for visit, (name, phone, _), (other_name, other_phone, _) in pairs(a, b):
        url = reverse("admin:bookings_appointment_change", args=[visit.pk])
        page = client.get(url).content.decode()
        assert f'value="{name}"' in page and f'value="{phone}"' in page
        assert f'value="{other_name}"' not in page and other_phone not in page

    changelist = reverse("admin:bookings_appointment_changelist")
    found = client.get(changelist, {"q": "Mallory"}).context["cl"].result_list
    assert [visit.pk for visit in found] == [b.pk]
    found = client.get(changelist, {"q": P2}).context["cl"].result_list
    assert [visit.pk for visit in found] == [b.pk]
    listing = client.get(changelist).content.decode()
    assert "Mallory" in listing and P2 in listing


def test_the_export_names_each_visits_contact(client, a_and_b):
    login_in_group(client, "taylor", "Therapist")

    response = client.get(
        reverse("admin:bookings_appointment_export"),
        {"first_day": "2030-03-06", "last_day": "2030-03-06"},
    )

    _, first, second = csv.reader(io.StringIO(response.content.decode()))
    assert (first[3], second[3]) == ("Jane Client", "Mallory")


def test_a_receipt_names_the_visits_contact(a_and_b):
    a, b = a_and_b
    after = at(WEDNESDAY, 18)

    first = receipts.complete_and_issue_receipt(a, "cash", now=after)
    second = receipts.complete_and_issue_receipt(b, "cash", now=after)

    assert (first.client_name, second.client_name) == ("Jane Client", "Mallory")


# The migration's backfill


def test_backfill_gives_visits_without_a_contact_their_clients_name_and_phone(a_and_b):
    a, b = a_and_b
    Appointment.objects.filter(pk=a.pk).update(contact_name="", contact_phone="")
    Appointment.objects.filter(pk=b.pk).update(contact_name="")

    migration.copy_contact_from_client(apps, None)

    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.contact_name, a.contact_phone) == ("Jane Client", P1)
    assert (b.contact_name, b.contact_phone) == ("Jane Client", P2)


def test_backfill_leaves_visits_that_have_their_own_contact(a_and_b):
    a, b = a_and_b

    migration.copy_contact_from_client(apps, None)
    migration.copy_contact_from_client(apps, None)

    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.contact_name, a.contact_phone) == ("Jane Client", P1)
    assert (b.contact_name, b.contact_phone) == ("Mallory", P2)
