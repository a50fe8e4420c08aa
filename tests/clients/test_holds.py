"""A booking made without signing in holds its time for 30 minutes; confirming from the email
books it, and a hold nobody confirms is released, its details emptied and the person told.

The racing tests need PostgreSQL, as in tests/scheduling/test_double_booking.py.
"""

import threading
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection

from bookings.clients import holds, links
from bookings.clients.household import ClientDetails
from bookings.clinical.intake import IntakeDetails
from bookings.models import Appointment, BookingHold, EmailLink, HealthIntake
from bookings.scheduling import availability, booking
from tests.support import TORONTO, at, confirm_from_email, emailed_link

WEDNESDAY = date(2030, 3, 6)
NOW = datetime.combine(date(2030, 3, 4), time(9, 0), tzinfo=TORONTO)
SAM = ClientDetails(
    name="Sam Client", email="sam@example.com", phone="+19055550101",
    address="12 Main St N", city="Brampton", postal_code="L6V 1N6",
)  # fmt: skip
HISTORY = IntakeDetails(
    areas_of_concern="Neck.", emergency_contact_name="Jo", emergency_contact_phone="+19055550100",
    consent_to_treatment=True, consent_to_privacy=True, medications="Warfarin",
)  # fmt: skip


def hold(practice, starts_at=None, *, client=SAM, now=NOW, requested_from="test-address"):
    return holds.hold_booking(
        option=practice.option, area=practice.area, starts_at=starts_at or at(WEDNESDAY, 10),
        client=client, notes="Side door.", intake=HISTORY, requested_from=requested_from, now=now,
    )  # fmt: skip


def confirm_link(held: BookingHold) -> EmailLink:
    return EmailLink.objects.get(hold=held)


def free(practice, starts_at, now) -> bool:
    return availability.is_start_free(practice.option, practice.area, starts_at, now=now)


@pytest.mark.django_db
def test_a_hold_keeps_its_time_for_thirty_minutes_then_frees_it(small_practice):
    held = hold(small_practice)
    start = at(WEDNESDAY, 10)
    assert not free(small_practice, start, NOW + timedelta(minutes=29, seconds=59))
    assert free(small_practice, start, NOW + timedelta(minutes=30))  # expired: free at once
    assert held.expires_at == NOW + timedelta(minutes=holds.HOLD_MINUTES)
    assert not Appointment.objects.exists()


@pytest.mark.django_db
def test_an_expired_hold_is_released_emptied_and_the_person_told(
    small_practice, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        held = hold(small_practice)
    assert mailoutbox[-1].subject.startswith("Confirm your booking for Wednesday, March 6")
    assert "Warfarin" not in mailoutbox[-1].body  # the email names the visit, not the answers
    assert holds.release_expired_holds(now=NOW + timedelta(minutes=29)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert holds.release_expired_holds(now=NOW + timedelta(minutes=30)) == 1
        assert holds.release_expired_holds(now=NOW + timedelta(minutes=31)) == 0
    held.refresh_from_db()
    assert held.status == BookingHold.Status.RELEASED and held.details == {}
    released = [m for m in mailoutbox if "was released" in m.subject]
    assert len(released) == 1 and released[0].to == ["sam@example.com"]
    assert not HealthIntake.objects.exists()


@pytest.mark.django_db
def test_booking_another_time_releases_expired_holds_first(small_practice):
    first = hold(small_practice)
    hold(small_practice, at(WEDNESDAY, 10), now=NOW + timedelta(minutes=31))
    first.refresh_from_db()
    assert first.status == BookingHold.Status.RELEASED


@pytest.mark.django_db
def test_confirming_books_the_visit_once_with_what_was_typed(small_practice):
    held = hold(small_practice)
    link = confirm_link(held)
    appointment = holds.confirm_hold(link, now=NOW + timedelta(minutes=5))
    assert appointment.starts_at == at(WEDNESDAY, 10)
    assert appointment.status == Appointment.Status.CONFIRMED
    assert (appointment.contact_name, appointment.notes) == ("Sam Client", "Side door.")
    assert appointment.client.email == "sam@example.com"
    record = HealthIntake.objects.get()
    assert (record.person, record.given_with, record.medications) == (
        appointment.person, appointment, "Warfarin",
    )  # fmt: skip
    held.refresh_from_db()
    assert held.appointment == appointment and held.details == {}
    with pytest.raises(links.LinkRefused) as used:
        links.open_link(links.token_for(link), now=NOW + timedelta(minutes=6))
    assert used.value.refusal is links.Refusal.USED
    assert Appointment.objects.count() == 1


@pytest.mark.django_db
def test_a_request_policy_makes_the_confirmed_hold_a_request(small_practice):
    small_practice.policy.confirm_automatically = False
    small_practice.policy.save()
    appointment = holds.confirm_hold(confirm_link(hold(small_practice)), now=NOW)
    assert appointment.status == Appointment.Status.REQUESTED


@pytest.mark.django_db
def test_a_link_opened_after_the_hold_ran_out_says_so_and_books_nothing(small_practice, client):
    link = confirm_link(hold(small_practice))
    with time_machine.travel(NOW + timedelta(minutes=31), tick=False):
        response = client.get(f"/account/link/{links.token_for(link)}/")
    assert response.status_code == 410
    assert "This link has expired." in response.content.decode()
    assert "Book again" in response.content.decode()
    assert not Appointment.objects.exists()


@pytest.mark.django_db
def test_the_whole_flow_from_the_page_to_the_confirmation(
    small_practice, client, django_capture_on_commit_callbacks
):
    """Through the views: the link's page shows the visit, its button books it once."""
    with django_capture_on_commit_callbacks(execute=True):
        hold(small_practice)
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        page = client.get(emailed_link(mail.outbox[-1])).content.decode()
        assert "Confirm your booking" in page and "Wednesday, March 6, 2030" in page
        done = confirm_from_email(client, mail.outbox[-1])
        assert done.status_code == 302 and done["Location"].startswith("/book/confirmed/")
    # Pressed again at once it lands on the same confirmation (test_repeated_submission.py);
    # later, the link is used.
    with time_machine.travel(NOW + timedelta(minutes=10), tick=False):
        again = client.post(emailed_link(mail.outbox[-1]))
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert Appointment.objects.count() == 1


def race(count: int, target) -> tuple[list, list]:
    """Run target(number) from `count` threads and connections released together."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def attempt(number: int) -> None:
        try:
            barrier.wait(timeout=30)
            results.append(target(number))
        except BaseException as error:  # noqa: BLE001 (each outcome is checked by the caller)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_people_racing_to_hold_one_time_hold_it_once(small_practice, settings):
    settings.PENDING_HOLDS_ALLOWED = 100

    def attempt(number):
        client = ClientDetails(**{**SAM.__dict__, "email": f"client{number}@example.com"})
        return hold(small_practice, client=client, requested_from=f"address-{number}")

    held, errors = race(20, attempt)
    assert len(held) == 1
    assert len(errors) == 19 and all(isinstance(e, booking.SlotTaken) for e in errors)
    assert BookingHold.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_hold_confirmed_while_others_race_for_its_time_books_it_once(small_practice):
    link = confirm_link(hold(small_practice))
    later = NOW + timedelta(minutes=1)

    def attempt(number):
        if number % 2:  # the same link clicked twice, or opened on two devices
            return holds.confirm_hold(EmailLink.objects.get(pk=link.pk), now=later)
        other = ClientDetails(**{**SAM.__dict__, "email": f"other{number}@example.com"})
        return booking.book_appointment(
            option=small_practice.option, area=small_practice.area,
            starts_at=at(WEDNESDAY, 10), client=other, now=later,
        )  # fmt: skip

    booked, errors = race(10, attempt)
    # The link pressed again while the first press was booking lands on the same visit.
    assert len({visit.pk for visit in booked}) == 1
    assert booked[0].client.email == "sam@example.com"
    refusals = booking.SlotTaken | links.LinkRefused | holds.HoldEnded
    assert all(isinstance(e, refusals) for e in errors), errors
    assert Appointment.objects.filter(status__in=Appointment.LIVE_STATUSES).count() == 1
