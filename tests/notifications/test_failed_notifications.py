"""A line break typed into a one-line field is refused with a message; an email header is one
line whatever was saved before; an email that cannot be sent for good is recorded for Taylor,
by kind only, never silently dropped and never logged with what it held."""

import logging
from datetime import datetime

import pytest
from django.core import mail
from django.urls import reverse

from bookings.models import Appointment
from bookings.notifications import messages, tasks
from bookings.notifications.models import FailedNotification
from bookings.scheduling.models import BookingPolicy
from tests.factories import AppointmentFactory, BookingPolicyFactory, ClientFactory
from tests.support import TORONTO, details_data, login_in_group

pytestmark = pytest.mark.django_db
INJECTED = "Sam Client\nBcc: everyone@example.com"


@pytest.mark.usefixtures("bookable_site")
@pytest.mark.parametrize("field", ["name", "address", "city", "emergency_contact_name"])
def test_a_line_break_in_a_one_line_field_is_refused_and_the_rest_kept(
    client, bookable_site, field, time_machine
):
    time_machine.move_to(datetime(2026, 12, 1, 8, 0, tzinfo=TORONTO), tick=False)
    option = bookable_site.services["trigger-point-release"].options.get(minutes=60)
    data = details_data(option, "2026-12-02T10:00:00-05:00", **{field: INJECTED})
    page = client.post("/book/details/", {**data, "confirm": "1"}).content.decode()
    assert "Keep this on one line" in page
    assert "Side door; dog is friendly." in page  # everything else typed is still there
    assert not Appointment.objects.exists()


def test_a_name_saved_with_a_line_break_still_makes_a_one_line_subject():
    BookingPolicyFactory()
    visit = AppointmentFactory(client=ClientFactory(name="Old"), contact_name=INJECTED)
    message = messages.therapist_email(visit, "booked", policy=BookingPolicy.current())
    message.message()  # what the mail library would refuse to send
    assert "\n" not in message.subject and "Bcc: everyone" in message.subject


def test_an_email_that_cannot_be_sent_is_recorded_by_kind_only(caplog, client):
    visit = AppointmentFactory(contact_name="Ada O'Neil")
    with caplog.at_level(logging.INFO):
        tasks.send_appointment_email.apply(args=[visit.pk, "no-such-kind"])
    given_up = FailedNotification.objects.get()
    assert (given_up.task, given_up.arguments, given_up.error) == (
        "send_appointment_email", f"{visit.pk}, no-such-kind", "ValueError",
    )  # fmt: skip
    assert "not sent: ValueError" in caplog.text
    assert "Unknown appointment email kind" not in caplog.text  # the error's own words
    assert mail.outbox == []
    login_in_group(client, "taylor", "Therapist")
    listed = client.get(reverse("admin:bookings_failednotification_changelist"))
    assert "send_appointment_email" in listed.content.decode()
