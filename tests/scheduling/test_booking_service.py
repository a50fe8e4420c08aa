"""The booking service: what booking, rescheduling and cancelling write, refuse and email."""

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from smtplib import SMTPException
from unittest import mock

import pytest

from bookings.models import (
    Appointment,
    Client,
    TimeOff,
)
from bookings.scheduling import availability
from bookings.scheduling.booking import (
    BookingRefused,
    ClientDetails,
    SlotTaken,
    book_appointment,
    can_client_change,
    cancel_appointment,
    reschedule_appointment,
)
from tests.support import TORONTO, at

MONDAY = date(2030, 3, 4)
WEDNESDAY = date(2030, 3, 6)
NOW = datetime.combine(MONDAY, time(9, 0), tzinfo=TORONTO)

JANE = ClientDetails(
    name="Jane Client",
    email="jane@example.com",
    phone="+19055550101",
    address="12 Main St N",
    city="Brampton",
    postal_code="L6V 1N6",
    access_notes="Side door.",
)
SAM = replace(JANE, name="Sam Other", email="sam@example.com", address="90 Queen St E")


@pytest.fixture
def practice(small_practice, time_machine):
    """The small practice of tests/conftest.py, with the clock on MONDAY."""
    time_machine.move_to(NOW, tick=False)
    return small_practice


def to_jane(mailoutbox) -> list:
    return [message for message in mailoutbox if message.to == [JANE.email]]


def book(practice, starts_at: datetime, client: ClientDetails = JANE, **kwargs) -> Appointment:
    return book_appointment(
        option=practice.option, area=practice.area, starts_at=starts_at, client=client, **kwargs
    )


# Booking


def test_a_second_person_at_the_same_door_is_booked_as_the_first_visit_ends(practice):
    first = book(practice, at(WEDNESDAY, 10))
    # Typed a little differently, the same home: no drive, the table already up.
    kit = replace(JANE, name="Kit Client", address="12  main st n", postal_code="l6v1n6")
    second = book(practice, first.ends_at, client=kit)
    assert (second.starts_at, second.person.name) == (first.ends_at, "Kit Client")


def test_someone_at_another_address_still_needs_the_drive_between(practice):
    first = book(practice, at(WEDNESDAY, 10))
    with pytest.raises(SlotTaken) as taken:
        book(practice, first.ends_at, client=SAM)
    assert first.ends_at not in taken.value.alternatives


def test_booking_saves_client_and_confirmed_appointment_at_todays_price(practice):
    appointment = book(practice, at(WEDNESDAY, 10), notes="Left shoulder.")

    practice.option.price = Decimal("130.00")
    practice.option.save()
    appointment.refresh_from_db()
    assert appointment.price == Decimal("110.00")
    assert appointment.status == Appointment.Status.CONFIRMED
    assert appointment.starts_at == at(WEDNESDAY, 10)
    assert appointment.ends_at == at(WEDNESDAY, 11)
    assert appointment.area == practice.area
    assert appointment.notes == "Left shoulder."
    client = appointment.client
    assert (client.name, client.email, client.postal_code) == ("Jane Client", JANE.email, "L6V 1N6")
    assert client.access_notes == "Side door."


def test_booking_is_a_request_when_taylor_approves_each_one(practice):
    practice.policy.confirm_automatically = False
    practice.policy.save()

    appointment = book(practice, at(WEDNESDAY, 10))

    assert appointment.status == Appointment.Status.REQUESTED


def test_a_returning_client_is_found_by_email_and_their_record_left_unchanged(practice):
    """Anyone can type a client's email, so the details typed go on the visit only."""
    first = book(practice, at(WEDNESDAY, 10))
    moved = replace(JANE, email="JANE@example.com", phone="+19055550199", unit="4", city="Caledon")

    second = book(practice, at(WEDNESDAY, 14), client=moved)

    assert Client.objects.count() == 1
    assert second.client_id == first.client_id
    client = Client.objects.get()
    assert (client.email, client.phone, client.unit, client.city) == (
        JANE.email,
        JANE.phone,
        JANE.unit,
        JANE.city,
    )
    assert (second.contact_phone, second.unit, second.city) == ("+19055550199", "4", "Caledon")


def test_taken_start_is_slot_taken_with_nearest_free_starts(practice):
    book(practice, at(WEDNESDAY, 10))

    with pytest.raises(SlotTaken) as taken:
        book(practice, at(WEDNESDAY, 10, 30), client=SAM)

    assert Appointment.objects.count() == 1
    assert not Client.objects.filter(email=SAM.email).exists()
    alternatives = taken.value.alternatives
    assert alternatives
    for start in alternatives:
        assert availability.is_start_free(practice.option, practice.area, start)


def test_the_drive_after_a_visit_holds_time_too(practice):
    book(practice, at(WEDNESDAY, 10))

    with pytest.raises(SlotTaken):
        book(practice, at(WEDNESDAY, 11), client=SAM)

    book(practice, at(WEDNESDAY, 11, 15), client=SAM)  # 15 minutes' drive within one area


def test_time_off_holds_time(practice):
    TimeOff.objects.create(starts_at=at(WEDNESDAY, 9), ends_at=at(WEDNESDAY, 13))

    with pytest.raises(SlotTaken):
        book(practice, at(WEDNESDAY, 10))


def test_start_outside_working_hours_is_refused(practice):
    with pytest.raises(BookingRefused, match="Taylor does not start visits at that time"):
        book(practice, at(WEDNESDAY, 7))

    assert not Appointment.objects.exists()


def test_taylor_can_book_outside_working_hours(practice):
    appointment = book(practice, at(WEDNESDAY, 7), override_working_hours=True)

    assert appointment.starts_at == at(WEDNESDAY, 7)


def test_overriding_working_hours_still_respects_other_visits(practice):
    book(practice, at(WEDNESDAY, 19), override_working_hours=True)

    with pytest.raises(SlotTaken):
        book(practice, at(WEDNESDAY, 19, 30), client=SAM, override_working_hours=True)


def test_start_too_soon_is_refused(practice):
    with pytest.raises(BookingRefused, match="at least 12 hours' notice"):
        book(practice, at(MONDAY, 17))


def test_start_in_the_past_is_refused(practice):
    with pytest.raises(BookingRefused, match="already passed"):
        book(practice, at(MONDAY - timedelta(days=7), 10))


def test_start_beyond_the_horizon_is_refused(practice):
    with pytest.raises(BookingRefused, match="60 days ahead"):
        book(practice, at(MONDAY + timedelta(days=70), 10))


def test_inactive_option_is_refused(practice):
    practice.option.is_active = False
    practice.option.save()

    with pytest.raises(BookingRefused, match="no longer offered"):
        book(practice, at(WEDNESDAY, 10))


def test_naive_start_is_a_programming_error(practice):
    with pytest.raises(ValueError, match="aware datetime"):
        book(practice, datetime(2030, 3, 6, 10))


def test_visit_across_the_autumn_clock_change_lasts_its_real_length(practice):
    fall_back = date(2030, 11, 3)
    two_days_before = at(fall_back - timedelta(days=2), 9)

    appointment = book(
        practice, at(fall_back, 1, 30), now=two_days_before, override_working_hours=True
    )

    assert appointment.ends_at - appointment.starts_at == timedelta(minutes=60)


# Rescheduling


def test_reschedule_moves_the_appointment_in_place(practice):
    appointment = book(practice, at(WEDNESDAY, 10))
    practice.option.price = Decimal("130.00")
    practice.option.save()

    moved = reschedule_appointment(appointment, at(WEDNESDAY, 15))

    assert moved.pk == appointment.pk
    assert Appointment.objects.count() == 1
    assert (moved.starts_at, moved.ends_at) == (at(WEDNESDAY, 15), at(WEDNESDAY, 16))
    assert moved.price == Decimal("110.00")


def test_reschedule_may_overlap_the_appointments_own_old_time(practice):
    appointment = book(practice, at(WEDNESDAY, 10))

    reschedule_appointment(appointment, at(WEDNESDAY, 10, 30))

    assert Appointment.objects.get().starts_at == at(WEDNESDAY, 10, 30)


def test_reschedule_into_a_taken_start_is_slot_taken_and_changes_nothing(practice):
    appointment = book(practice, at(WEDNESDAY, 10))
    book(practice, at(WEDNESDAY, 14), client=SAM)

    with pytest.raises(SlotTaken) as taken:
        reschedule_appointment(appointment, at(WEDNESDAY, 14, 30))

    appointment.refresh_from_db()
    assert appointment.starts_at == at(WEDNESDAY, 10)
    assert taken.value.alternatives


def test_reschedule_inside_the_cancellation_window_is_refused(practice, time_machine):
    appointment = book(practice, at(WEDNESDAY, 10))
    time_machine.move_to(at(WEDNESDAY, 10) - timedelta(hours=23), tick=False)

    with pytest.raises(BookingRefused, match="until 24 hours before"):
        reschedule_appointment(appointment, at(WEDNESDAY, 15))

    appointment.refresh_from_db()
    assert appointment.starts_at == at(WEDNESDAY, 10)


def test_reschedule_of_a_cancelled_appointment_is_refused(practice):
    appointment = book(practice, at(WEDNESDAY, 10))
    cancel_appointment(appointment)

    with pytest.raises(BookingRefused, match="is cancelled and can no longer be changed"):
        reschedule_appointment(appointment, at(WEDNESDAY, 15))


def test_reschedule_outside_working_hours_is_refused(practice):
    appointment = book(practice, at(WEDNESDAY, 10))

    with pytest.raises(BookingRefused, match="Taylor does not start visits"):
        reschedule_appointment(appointment, at(WEDNESDAY, 20))


# Cancelling


def test_client_cancels_before_the_window_and_frees_the_time(practice):
    appointment = book(practice, at(WEDNESDAY, 10))

    cancelled = cancel_appointment(appointment)

    assert cancelled.status == Appointment.Status.CANCELLED
    assert book(practice, at(WEDNESDAY, 10), client=SAM).client.email == SAM.email


def test_client_cannot_cancel_inside_the_window(practice, time_machine):
    appointment = book(practice, at(WEDNESDAY, 10))
    time_machine.move_to(at(WEDNESDAY, 10) - timedelta(hours=24), tick=False)

    with pytest.raises(BookingRefused, match="until 24 hours before"):
        cancel_appointment(appointment)

    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CONFIRMED


def test_taylor_can_cancel_inside_the_window(practice, time_machine):
    appointment = book(practice, at(WEDNESDAY, 10))
    time_machine.move_to(at(WEDNESDAY, 9), tick=False)

    cancel_appointment(appointment, by_therapist=True)

    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED


def test_completed_appointment_cannot_be_cancelled(practice):
    appointment = book(practice, at(WEDNESDAY, 10))
    Appointment.objects.filter(pk=appointment.pk).update(status=Appointment.Status.COMPLETED)

    with pytest.raises(BookingRefused, match="is completed and can no longer be changed"):
        cancel_appointment(appointment, by_therapist=True)


def test_cancelling_twice_emails_once(practice, django_capture_on_commit_callbacks, mailoutbox):
    appointment = book(practice, at(WEDNESDAY, 10))
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancel_appointment(appointment)
        cancel_appointment(appointment)

    assert appointment.status == Appointment.Status.CANCELLED
    assert len(to_jane(mailoutbox)) == 1
    assert "cancelled" in to_jane(mailoutbox)[0].subject


def test_client_may_change_until_the_window_opens(practice):
    appointment = book(practice, at(WEDNESDAY, 10))
    window_opens = at(WEDNESDAY, 10) - timedelta(hours=24)

    assert can_client_change(appointment, now=window_opens - timedelta(seconds=1))
    assert not can_client_change(appointment, now=window_opens)
    appointment.status = Appointment.Status.COMPLETED
    assert not can_client_change(appointment, now=NOW)


# Emails


def test_email_is_queued_only_after_commit(
    practice, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks() as callbacks:
        appointment = book(practice, at(WEDNESDAY, 10))
        assert mailoutbox == []

    assert len(callbacks) == 1
    callbacks[0]()
    assert len(to_jane(mailoutbox)) == 1
    assert "confirmed" in to_jane(mailoutbox)[0].subject
    assert appointment.option.service.name in to_jane(mailoutbox)[0].body


def test_refused_and_taken_bookings_queue_no_email(practice, django_capture_on_commit_callbacks):
    book(practice, at(WEDNESDAY, 10))

    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(SlotTaken):
            book(practice, at(WEDNESDAY, 10), client=SAM)
        with pytest.raises(BookingRefused):
            book(practice, at(WEDNESDAY, 7), client=SAM)

    assert callbacks == []


def test_reschedule_emails_the_new_time(practice, django_capture_on_commit_callbacks, mailoutbox):
    appointment = book(practice, at(WEDNESDAY, 10))
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        reschedule_appointment(appointment, at(WEDNESDAY, 15))

    assert len(to_jane(mailoutbox)) == 1
    assert "moved" in to_jane(mailoutbox)[0].subject
    assert "3:00 p.m." in to_jane(mailoutbox)[0].subject


def test_smtp_failure_leaves_the_booking_saved(practice, django_capture_on_commit_callbacks):
    refuse = mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=SMTPException("451 try again later"),
    )
    with refuse as send, django_capture_on_commit_callbacks(execute=True):
        appointment = book(practice, at(WEDNESDAY, 10))

    assert send.called
    assert Appointment.objects.filter(pk=appointment.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_smtp_failure_after_a_real_commit_leaves_the_booking_saved(practice):
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=SMTPException("451 try again later"),
    ) as send:
        appointment = book(practice, at(WEDNESDAY, 10))

    assert send.called
    assert Appointment.objects.get(pk=appointment.pk).status == Appointment.Status.CONFIRMED
