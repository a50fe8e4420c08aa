"""The emails about an appointment: what the client and Taylor receive, and delivery retries."""

import logging
import re
import smtplib
from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from icalendar import Calendar

from bookings.models import Appointment, BookingPolicy
from bookings.notifications import delivery, tasks
from bookings.notifications.models import FailedNotification
from bookings.scheduling.tokens import appointment_for_token
from stillwaters.tasks import MAX_RETRIES

pytestmark = pytest.mark.django_db

# make_appointment's default start, 15:00 UTC in January, is 10:00 a.m. Eastern Standard Time.
TORONTO_START = "Tuesday, January 12, 2027 at 10:00 a.m. EST"


class DisconnectingBackend(LocmemBackend):
    """An SMTP server that drops the connection on every message."""

    attempts = 0

    def send_messages(self, messages):
        type(self).attempts += 1
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class OnceDisconnectingBackend(LocmemBackend):
    """An SMTP server that drops the connection on the first message only."""

    attempts = 0

    def send_messages(self, messages):
        type(self).attempts += 1
        if type(self).attempts == 1:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def _fresh_backends():
    DisconnectingBackend.attempts = 0
    OnceDisconnectingBackend.attempts = 0


@pytest.fixture
def appointment(make_appointment):
    return make_appointment()


def sent_to(address):
    (message,) = [message for message in mail.outbox if message.to == [address]]
    return message


def html_of(message):
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    return html


def calendar_of(message):
    ((filename, content, mimetype),) = message.attachments
    assert filename == "stillwaters-appointment.ics"
    return mimetype, Calendar.from_ical(content)


def test_client_gets_plain_text_and_html_with_the_calendar_attached(appointment):
    delivery.deliver_appointment_email(appointment.pk, "booked")

    message = sent_to("ada@example.com")
    assert "Test Massage, 60 minutes" in message.body
    assert "Test Massage, 60 minutes" in html_of(message)
    mimetype, calendar = calendar_of(message)
    assert mimetype == "text/calendar; method=PUBLISH"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar.events[0]["UID"].startswith(f"appointment-{appointment.pk}@")
    assert message.reply_to == ["hello@stillwaters.example"]


def test_the_calendar_is_a_text_calendar_part_in_the_sent_message(appointment):
    delivery.deliver_appointment_email(appointment.pk, "booked")

    raw = sent_to("ada@example.com").message()
    (part,) = [part for part in raw.walk() if part.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "PUBLISH"
    assert part.get_filename() == "stillwaters-appointment.ics"


def test_times_are_shown_in_toronto_time(appointment):
    delivery.deliver_appointment_email(appointment.pk, "booked")

    message = sent_to("ada@example.com")
    assert f"{TORONTO_START}, until 11:00 a.m." in message.body
    assert TORONTO_START in html_of(message)
    assert "Tuesday, January 12 at 10:00 a.m." in message.subject


def test_the_manage_link_opens_this_appointment(appointment, settings):
    settings.SITE_URL = "https://stillwaters.example"
    delivery.deliver_appointment_email(appointment.pk, "booked")

    message = sent_to("ada@example.com")
    (token,) = re.findall(r"https://stillwaters\.example/book/manage/([^/\s]+)/", message.body)
    assert f'href="https://stillwaters.example/book/manage/{token}/"' in html_of(message)
    found = appointment_for_token(token, now=appointment.starts_at - timedelta(days=1))
    assert found.pk == appointment.pk


def test_client_email_gives_price_address_preparation_policy_and_contact(appointment):
    policy = BookingPolicy.current()
    policy.cancellation_window_hours = 48
    policy.save()

    delivery.deliver_appointment_email(appointment.pk, "booked")

    for body in (sent_to("ada@example.com").body, html_of(sent_to("ada@example.com"))):
        assert "$120" in body and "$120.00" not in body
        assert "4-12 Main St N, Brampton, ON L6V 1N6" in body
        assert "2 m × 3 m" in body or "2&nbsp;m × 3&nbsp;m" in body
        assert "parking spot" in body
        assert "pets in another room" in body
        assert "until 48 hours before the appointment" in body
        assert "Sunday, January 10, 2027 at 10:00 a.m. EST" in body
        assert "905-555-0142" in body
        assert "hello@stillwaters.example" in body


def test_plain_text_is_not_html_escaped(appointment):
    delivery.deliver_appointment_email(appointment.pk, "booked")

    assert "Hello Ada O'Neil," in sent_to("ada@example.com").body
    assert "Hello Ada O&#x27;Neil," in html_of(sent_to("ada@example.com"))


def test_confirmed_booking_says_confirmed(appointment):
    delivery.deliver_appointment_email(appointment.pk, "booked")

    message = sent_to("ada@example.com")
    assert "is confirmed" in message.subject
    assert "booked and confirmed" in message.body
    assert "not yet confirmed" not in message.body


def test_requested_booking_says_the_time_is_not_yet_confirmed(make_appointment):
    appointment = make_appointment(status=Appointment.Status.REQUESTED)

    delivery.deliver_appointment_email(appointment.pk, "booked")

    message = sent_to("ada@example.com")
    assert "confirmed" not in message.subject
    assert "requested, not yet confirmed" in message.body
    assert "requested, not yet confirmed" in html_of(message)
    _, calendar = calendar_of(message)
    assert calendar.events[0]["STATUS"] == "TENTATIVE"
    assert "waiting for your approval" in sent_to("taylor@stillwaters.example").body


def test_rescheduled_email_gives_the_new_time(appointment):
    appointment.starts_at += timedelta(days=1, hours=2)
    appointment.ends_at += timedelta(days=1, hours=2)
    appointment.save()

    delivery.deliver_appointment_email(appointment.pk, "rescheduled")

    message = sent_to("ada@example.com")
    assert "has moved" in message.subject
    assert "Wednesday, January 13, 2027 at 12:00 p.m. EST" in message.body
    assert "moved to a new time" in sent_to("taylor@stillwaters.example").body


def test_cancellation_email_cancels_the_calendar_entry(make_appointment):
    appointment = make_appointment(status=Appointment.Status.CANCELLED)

    delivery.deliver_appointment_email(appointment.pk, "cancelled")

    message = sent_to("ada@example.com")
    assert "is cancelled" in message.subject
    assert f"Your appointment on {TORONTO_START}" in message.body
    assert "/book/manage/" not in message.body
    assert "/book/manage/" not in html_of(message)
    mimetype, calendar = calendar_of(message)
    assert mimetype == "text/calendar; method=CANCEL"
    assert calendar["METHOD"] == "CANCEL"
    assert calendar.events[0]["STATUS"] == "CANCELLED"
    assert "cancelled" in sent_to("taylor@stillwaters.example").body


def test_taylor_gets_a_short_plain_notice(appointment):
    delivery.deliver_appointment_email(appointment.pk, "booked")

    notice = sent_to("taylor@stillwaters.example")
    assert "Ada O'Neil" in notice.subject
    for detail in (
        "Client: Ada O'Neil",
        "Phone: 905-555-0199",
        f"When: {TORONTO_START}",
        "Area: Test Area",
        "Address: 4-12 Main St N, Brampton, ON L6V 1N6",
        "Access and parking: Side door; park in the driveway. Cat upstairs.",
        "Service: Test Massage, 60 min",
    ):
        assert detail in notice.body
    assert notice.reply_to == ["ada@example.com"]
    assert not getattr(notice, "alternatives", [])
    assert not notice.attachments


def test_a_queued_confirmation_is_dropped_once_the_appointment_is_cancelled(make_appointment):
    appointment = make_appointment(status=Appointment.Status.CANCELLED)

    delivery.deliver_appointment_email(appointment.pk, "booked")

    assert mail.outbox == []


def test_an_unknown_kind_is_refused(appointment):
    with pytest.raises(ValueError, match="reminded"):
        delivery.deliver_appointment_email(appointment.pk, "reminded")


def test_an_smtp_failure_makes_the_task_retry_and_leaves_the_appointment_untouched(
    appointment, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.DisconnectingBackend"
    before = Appointment.objects.values().get(pk=appointment.pk)

    with pytest.raises(Retry) as retry:
        tasks.send_appointment_email.apply(args=[appointment.pk, "booked"])

    assert isinstance(retry.value.exc, smtplib.SMTPServerDisconnected)
    assert retry.value.when == 60
    assert DisconnectingBackend.attempts == 2  # the client's email and Taylor's notice
    assert mail.outbox == []
    assert Appointment.objects.values().get(pk=appointment.pk) == before


def test_retries_wait_longer_each_time(appointment, settings):
    settings.EMAIL_BACKEND = f"{__name__}.DisconnectingBackend"
    waits = []
    for retries in range(MAX_RETRIES):
        with pytest.raises(Retry) as retry:
            tasks.send_appointment_email.apply(args=[appointment.pk, "booked"], retries=retries)
        waits.append(retry.value.when)

    assert waits == [60, 120, 240, 480, 960]
    # Longer waits would pass Redis's one-hour visibility timeout and be delivered twice.
    assert sum(waits) < 60 * 60


def test_the_last_retry_gives_up_and_logs_ids_only(appointment, settings, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.DisconnectingBackend"

    with caplog.at_level(logging.ERROR):
        tasks.send_appointment_email.apply(args=[appointment.pk, "booked"], retries=MAX_RETRIES)

    (record,) = [record for record in caplog.records if record.name == "stillwaters.tasks"]
    assert record.getMessage() == (
        f"Gave up on the booked email for appointment {appointment.pk} after 5 retries: "
        "SMTPServerDisconnected"
    )
    assert FailedNotification.objects.get().arguments == f"{appointment.pk}, booked"
    assert "ada@example.com" not in caplog.text
    assert "O'Neil" not in caplog.text
    assert mail.outbox == []


def test_a_retry_sends_only_the_email_that_failed(appointment, settings):
    settings.EMAIL_BACKEND = f"{__name__}.OnceDisconnectingBackend"
    task_args = {"args": [appointment.pk, "booked"], "task_id": "one-task-id"}

    with pytest.raises(Retry):
        tasks.send_appointment_email.apply(**task_args)
    tasks.send_appointment_email.apply(**task_args, retries=1)

    assert OnceDisconnectingBackend.attempts == 3
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ada@example.com",
        "taylor@stillwaters.example",
    ]


def test_running_the_same_task_again_sends_nothing_more(appointment):
    task_args = {"args": [appointment.pk, "booked"], "task_id": "one-task-id"}

    tasks.send_appointment_email.apply(**task_args)
    tasks.send_appointment_email.apply(**task_args)

    assert len(mail.outbox) == 2


def test_task_for_a_deleted_appointment_sends_nothing(appointment):
    appointment_id = appointment.pk
    appointment.delete()

    tasks.send_appointment_email.apply(args=[appointment_id, "booked"])

    assert mail.outbox == []
