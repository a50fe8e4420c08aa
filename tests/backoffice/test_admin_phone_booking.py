"""Taylor books a client who phoned in, through the same rules as the website."""

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from bookings.models import Appointment, Client, WorkingHours
from tests.factories import (
    ClientFactory,
    PersonFactory,
    TimeOffFactory,
    WorkingHoursFactory,
    account_holder,
)
from tests.support import at, login_in_group, sign_in_staff

MONDAY = date(2030, 3, 4)
WEDNESDAY = date(2030, 3, 6)
NOW = at(MONDAY, 9)
URL = "admin:bookings_appointment_phone_in"

NEW_CLIENT = {
    "name": "Pat Caller",
    "email": "pat@example.com",
    "phone": "905 555 0199",
    "address": "7 King St",
    "city": "Brampton",
    "postal_code": "l6v1n6",
}


@pytest.fixture
def practice(bookable_site, time_machine, client):
    """The bookable site, with Taylor working Sundays too; the clock on MONDAY."""
    time_machine.move_to(NOW, tick=False)
    WorkingHoursFactory(weekday=WorkingHours.Weekday.SUNDAY)
    option = bookable_site.services["swedish-massage"].options.get(minutes=60)
    login_in_group(client, "taylor", "Therapist")
    return SimpleNamespace(
        option=option,
        brampton=bookable_site.areas["brampton"],
        toronto=bookable_site.areas["toronto"],
        client=client,
    )


@pytest.fixture
def known_client():
    """A client already on file (the account holder), as Taylor finds them in the search."""
    return account_holder(ClientFactory(
        name="Known Client",
        email="known@example.com",
        phone="+19055550111",
        address="3 Queen St",
        unit="12",
        city="Toronto",
        postal_code="M5V 2T6",
        access_notes="Concierge has a key.",
    ))  # fmt: skip


def form(practice, **fields):
    return {
        "option": practice.option.pk,
        "day": WEDNESDAY.isoformat(),
        "start_time": "10:00",
        "notes": "",
        **fields,
    }


def post(practice, data):
    return practice.client.post(reverse(URL), data)


def test_books_a_new_client_in_the_area_of_their_postal_code(
    practice, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(practice, form(practice, **NEW_CLIENT, notes="Called Monday."))

    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith("?day=2030-03-06")
    assert appointment.starts_at == at(WEDNESDAY, 10)
    assert appointment.area == practice.brampton
    assert appointment.status == Appointment.Status.CONFIRMED
    assert appointment.notes == "Called Monday."
    client = appointment.client
    assert (client.name, client.phone, client.postal_code) == (
        "Pat Caller",
        "+19055550199",
        "L6V 1N6",
    )
    assert any("pat@example.com" in m.to for m in mailoutbox)


def test_books_an_existing_client_chosen_from_the_list(practice, known_client):
    existing = known_client

    response = post(practice, form(practice, person=existing.pk, start_time="14:00"))

    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert (appointment.client, appointment.person) == (existing.account, existing)
    assert appointment.area == practice.toronto
    assert Client.objects.count() == 1


def test_a_phoned_in_visit_is_booked_with_the_clients_details_on_file(practice, known_client):
    existing = known_client

    post(practice, form(practice, person=existing.pk, start_time="14:00"))

    appointment = Appointment.objects.get()
    assert appointment.full_address == "12-3 Queen St, Toronto, ON M5V 2T6"
    assert appointment.access_notes == "Concierge has a key."
    assert (appointment.contact_name, appointment.contact_phone) == ("Known Client", "+19055550111")


def test_a_new_client_needs_their_details(practice):
    response = post(practice, form(practice, name="Only A Name"))

    assert response.status_code == 200
    assert "Enter the new client&#x27;s email, or choose an existing client above." in (
        response.content.decode()
    )
    assert not Appointment.objects.exists()


def test_a_postal_code_outside_every_area_asks_for_the_area(practice):
    response = post(practice, form(practice, **{**NEW_CLIENT, "postal_code": "K1A 0B1"}))

    assert "K1A 0B1 is outside every service area; choose the nearest area." in (
        response.content.decode()
    )
    chosen = post(
        practice,
        form(practice, **{**NEW_CLIENT, "postal_code": "K1A 0B1"}, area=practice.brampton.pk),
    )
    assert chosen.status_code == 302
    assert Appointment.objects.get().area == practice.brampton


def test_the_time_typed_is_toronto_time_across_a_clock_change(practice, time_machine):
    time_machine.move_to(at(date(2030, 3, 8), 9), tick=False)
    # Two days on, Taylor signs in afresh: a staff session lasts a working day.
    sign_in_staff(practice.client, User.objects.get(username="taylor"))
    sunday_after_spring_forward = date(2030, 3, 10)

    post(practice, form(practice, **NEW_CLIENT, day=sunday_after_spring_forward.isoformat()))

    starts = Appointment.objects.get().starts_at
    assert starts == datetime(2030, 3, 10, 14, 0, tzinfo=UTC)  # 10:00 EDT


def test_outside_working_hours_is_refused_without_the_tick(practice):
    response = post(practice, form(practice, **NEW_CLIENT, start_time="19:30"))

    assert "Taylor does not start visits at that time." in response.content.decode()
    assert not Appointment.objects.exists()


def test_the_override_tick_books_outside_working_hours(practice):
    response = post(
        practice,
        form(practice, **NEW_CLIENT, start_time="19:37", override_working_hours="on"),
    )

    assert response.status_code == 302
    assert Appointment.objects.get().starts_at == at(WEDNESDAY, 19, 37)


def test_a_taken_time_keeps_what_was_typed_and_offers_the_nearest_free_times(practice):
    post(practice, form(practice, **NEW_CLIENT))

    second = {**NEW_CLIENT, "name": "Second Caller", "email": "second@example.com"}
    response = post(practice, form(practice, **second, start_time="10:30", notes="Back pain."))

    page = response.content.decode()
    assert response.status_code == 200
    assert "That time is taken by another visit" in page
    assert "The nearest free times are listed below." in page
    assert response.context["alternatives"]
    assert "Wednesday, March 6 at 08:45" not in page  # before working hours
    assert "Wednesday, March 6 at 11:15" in page
    assert 'value="Second Caller"' in page and "Back pain." in page
    assert Appointment.objects.count() == 1


def test_the_override_tick_books_inside_the_minimum_notice(practice):
    three_hours_ahead = {"day": MONDAY.isoformat(), "start_time": "12:00"}

    refused = post(practice, form(practice, **NEW_CLIENT, **three_hours_ahead))
    booked = post(
        practice, form(practice, **NEW_CLIENT, **three_hours_ahead, override_working_hours="on")
    )

    assert "at least 12 hours&#x27; notice" in refused.content.decode()
    assert booked.status_code == 302
    assert Appointment.objects.get().starts_at == at(MONDAY, 12)


def test_the_override_tick_still_refuses_a_start_that_has_passed(practice):
    response = post(
        practice,
        form(
            practice, **NEW_CLIENT, day=MONDAY.isoformat(), start_time="08:00",
            override_working_hours="on",
        ),
    )  # fmt: skip

    assert "That time has already passed." in response.content.decode()
    assert not Appointment.objects.exists()


def test_the_override_tick_never_allows_a_double_booking(practice):
    post(practice, form(practice, **NEW_CLIENT))

    second = {**NEW_CLIENT, "name": "Second Caller", "email": "second@example.com"}
    response = post(
        practice, form(practice, **second, start_time="10:30", override_working_hours="on")
    )

    assert "That time is taken" in response.content.decode()
    assert Appointment.objects.count() == 1


def test_time_off_is_never_overridden(practice):
    TimeOffFactory(starts_at=at(WEDNESDAY, 8), ends_at=at(WEDNESDAY, 12))

    response = post(practice, form(practice, **NEW_CLIENT, override_working_hours="on"))

    assert "That time is taken" in response.content.decode()
    assert not Appointment.objects.exists()


def test_a_start_that_has_passed_is_refused_with_the_services_message(practice):
    response = post(
        practice, form(practice, **NEW_CLIENT, day=MONDAY.isoformat(), start_time="08:00")
    )

    assert "That time has already passed." in response.content.decode()


def test_the_form_starts_on_the_day_it_was_opened_from(practice):
    response = practice.client.get(reverse(URL), {"day": "2030-03-07"})

    assert 'value="2030-03-07"' in response.content.decode()


def test_phone_booking_is_refused_to_an_editor(client, practice):
    client.logout()
    login_in_group(client, "editor", "Editor")

    assert client.get(reverse(URL)).status_code == 403


def test_the_day_view_links_to_phone_booking_for_its_day(practice):
    response = practice.client.get(
        reverse("admin:bookings_appointment_day"), {"day": WEDNESDAY.isoformat()}
    )

    assert f"{reverse(URL)}?day=2030-03-06" in response.content.decode()


def test_the_search_finds_existing_people_by_name_or_account_email(practice, known_client):
    known = known_client
    search = {"app_label": "bookings", "model_name": "appointment", "field_name": "person"}

    for term in ("Known", "known@example"):
        response = practice.client.get(reverse("admin:autocomplete"), {**search, "term": term})
        assert [r["id"] for r in response.json()["results"]] == [str(known.pk)]


def test_a_household_member_is_booked_under_their_own_name_at_the_accounts_home(
    practice, known_client
):
    child = PersonFactory(
        account=known_client.account, name="Kid Client", relation="child",
        date_of_birth=WEDNESDAY.replace(year=WEDNESDAY.year - 10),
    )  # fmt: skip

    refused = post(practice, form(practice, person=child.pk, start_time="14:00"))
    assert "Kid Client is under 18: a parent or guardian must consent" in refused.content.decode()
    assert not Appointment.objects.exists()

    post(practice, form(practice, person=child.pk, start_time="14:00", guardian_consent_by="Known"))
    appointment = Appointment.objects.get()
    assert (appointment.person, appointment.contact_name) == (child, "Kid Client")
    assert appointment.guardian_consent_by == "Known"
    assert appointment.guardian_consent_at == NOW
    assert appointment.full_address == "12-3 Queen St, Toronto, ON M5V 2T6"
