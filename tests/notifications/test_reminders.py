"""Reminders: planned with each booking, sent once when due, never for a cancelled visit; and
Taylor's daily agenda. The clock is frozen with time-machine; the dispatch runs in-process."""

import logging
import smtplib
import threading
import time as wall_clock
from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.db import connection

from bookings.models import Appointment, BookingPolicy, Client, Reminder, ReminderOffset
from bookings.notifications import agenda, delivery, reminders
from bookings.notifications.messages import REMINDER_HEADER
from bookings.notifications.tasks import dispatch_reminders, send_daily_agenda
from bookings.scheduling.booking import (
    BookingRefused,
    ClientDetails,
    book_appointment,
    cancel_appointment,
    confirm_appointment,
    reschedule_appointment,
)
from tests.factories import (
    AppointmentFactory,
    ClientFactory,
    DrivingTimeFactory,
    ServiceAreaFactory,
)
from tests.support import at, sign_in_staff

MONDAY = date(2030, 3, 4)
TUESDAY = date(2030, 3, 5)
WEDNESDAY = date(2030, 3, 6)
NOW = at(MONDAY, 9)
DAY = timedelta(days=1)
HOURS_2 = timedelta(hours=2)

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


class FailingBackend(LocmemBackend):
    """An SMTP server that refuses every message."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"jane@example.com": (550, b"Mailbox unavailable")})


class FlakyBackend(LocmemBackend):
    """An SMTP server that drops the connection on the first message only."""

    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).calls == 1:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


class CancellingBackend(LocmemBackend):
    """Delivers, while the client cancels in another tab during the SMTP conversation."""

    def send_messages(self, messages):
        Appointment.objects.update(status=Appointment.Status.CANCELLED)
        Reminder.objects.filter(status=Reminder.Status.CLAIMED).update(
            status=Reminder.Status.CANCELLED, claimed_until=None
        )
        return super().send_messages(messages)


class SlowBackend(LocmemBackend):
    """A slow SMTP server, so that two dispatches overlap."""

    def send_messages(self, messages):
        wall_clock.sleep(0.02)
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def _fresh_backends():
    FlakyBackend.calls = 0


@pytest.fixture
def practice(small_practice, time_machine):
    """The small practice of tests/conftest.py plus a second area, bookable a year ahead, the
    clock on MONDAY 9:00, reminders 24 h and 2 h before."""
    time_machine.move_to(NOW, tick=False)
    ReminderOffset.objects.all().delete()
    for minutes in (24 * 60, 2 * 60):
        ReminderOffset.objects.create(minutes_before=minutes)
    small_practice.policy.horizon_days = 400
    small_practice.policy.save()
    small_practice.far_area = ServiceAreaFactory(name="Far area")
    return small_practice


def book(practice, starts_at: datetime, client: ClientDetails = JANE, **kwargs) -> Appointment:
    return book_appointment(
        option=practice.option, area=practice.area, starts_at=starts_at, client=client, **kwargs
    )


def sent_reminders(outbox=None) -> list:
    return [
        m for m in (mail.outbox if outbox is None else outbox) if REMINDER_HEADER in m.extra_headers
    ]


def reminder(appointment: Appointment, minutes_before: int) -> Reminder:
    return Reminder.objects.get(appointment=appointment, minutes_before=minutes_before)


def dispatch_at(time_machine, moment: datetime) -> reminders.DispatchCounts:
    time_machine.move_to(moment, tick=False)
    return reminders.dispatch_due_reminders()


# Planning


def test_a_booking_plans_one_pending_reminder_per_active_offset(practice):
    ReminderOffset.objects.create(minutes_before=45, is_active=False)

    appointment = book(practice, at(WEDNESDAY, 10))

    planned = Reminder.objects.filter(appointment=appointment).order_by("due_at")
    assert [(r.minutes_before, r.due_at, r.status) for r in planned] == [
        (1440, at(TUESDAY, 10), Reminder.Status.PENDING),
        (120, at(WEDNESDAY, 8), Reminder.Status.PENDING),
    ]


def test_a_reminder_already_due_when_booked_is_skipped_not_sent_late(practice, time_machine):
    practice.policy.minimum_notice_hours = 2
    practice.policy.save()
    time_machine.move_to(at(MONDAY, 12), tick=False)

    appointment = book(practice, at(MONDAY, 15))  # the 24-hour reminder was due yesterday

    day_before = reminder(appointment, 1440)
    assert day_before.status == Reminder.Status.SKIPPED
    assert "Already due when planned" in day_before.last_error
    assert reminder(appointment, 120).status == Reminder.Status.PENDING
    assert dispatch_at(time_machine, at(MONDAY, 12, 30)).as_dict() == {
        "sent": 0, "skipped": 0, "cancelled": 0, "retrying": 0, "failed": 0, "taken": 0,
    }  # fmt: skip
    dispatch_at(time_machine, at(MONDAY, 13))
    assert [m.extra_headers[REMINDER_HEADER] for m in sent_reminders()] == [
        str(reminder(appointment, 120).pk)
    ]


def test_planning_again_changes_nothing(practice):
    appointment = book(practice, at(WEDNESDAY, 10))
    before = list(Reminder.objects.values().order_by("pk"))

    reminders.plan_reminders(appointment)

    assert list(Reminder.objects.values().order_by("pk")) == before


def test_a_moved_visit_gets_its_reminder_again_even_if_sent_for_the_old_time(
    practice, time_machine
):
    appointment = book(practice, at(WEDNESDAY, 10))
    dispatch_at(time_machine, at(TUESDAY, 10))
    assert reminder(appointment, 1440).status == Reminder.Status.SENT

    appointment.starts_at, appointment.ends_at = at(WEDNESDAY, 16), at(WEDNESDAY, 17)
    appointment.save()
    reminders.plan_reminders(appointment)

    moved = reminder(appointment, 1440)
    assert (moved.status, moved.due_at, moved.sent_at, moved.attempts) == (
        Reminder.Status.PENDING, at(TUESDAY, 16), None, 0,
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_reminders_can_be_planned_outside_a_transaction(practice):
    appointment = book(practice, at(WEDNESDAY, 10))
    Reminder.objects.all().delete()

    planned = reminders.plan_reminders(appointment)

    assert [r.minutes_before for r in planned] == [1440, 120]


# Sending when due


def test_a_reminder_is_not_sent_a_minute_before_it_is_due(practice, time_machine):
    book(practice, at(WEDNESDAY, 10))

    counts = dispatch_at(time_machine, at(TUESDAY, 9, 59))

    assert counts.sent == 0
    assert sent_reminders() == []


def test_a_due_reminder_is_sent_to_the_client_with_everything_for_the_visit(practice, time_machine):
    appointment = book(practice, at(WEDNESDAY, 10))

    counts = dispatch_at(time_machine, at(TUESDAY, 10))

    assert counts.sent == 1
    (message,) = sent_reminders()
    assert message.to == ["jane@example.com"]
    assert message.subject == "Reminder: Taylor visits you tomorrow at 10:00 a.m."
    html = message.alternatives[0].content
    for text in (message.body, html):
        assert "Wednesday, March 6, 2030 at 10:00 a.m. EST" in text
        assert "4-12 Main St N, Brampton, ON L6V 1N6" in text
        assert "treatment table" in text
        assert "parking" in text
        assert "pets" in text.lower()
        assert "/book/manage/" in text
        assert "changed online until 24 hours before they start" in text
    assert message.attachments[0].filename == "stillwaters-appointment.ics"
    sent = reminder(appointment, 1440)
    assert sent.status == Reminder.Status.SENT
    assert sent.sent_at == at(TUESDAY, 10)
    assert sent.attempts == 1
    assert sent.claimed_until is None


def test_the_two_hour_reminder_says_today_and_to_call(practice, time_machine):
    book(practice, at(WEDNESDAY, 10))

    dispatch_at(time_machine, at(WEDNESDAY, 8))

    (message,) = sent_reminders()
    assert message.subject == "Reminder: Taylor visits you today at 10:00 a.m."
    assert "please call or text 905-555-0142" in message.body


def test_a_reminder_before_the_change_window_says_until_when_to_change_online(
    practice, time_machine
):
    ReminderOffset.objects.create(minutes_before=48 * 60)
    practice.policy.minimum_notice_hours = 0
    practice.policy.save()
    book(practice, at(date(2030, 3, 8), 10))

    dispatch_at(time_machine, at(WEDNESDAY, 10))

    (message,) = sent_reminders()
    assert message.subject == "Reminder: Taylor visits you on Friday, March 8 at 10:00 a.m."
    assert (
        "cancel or reschedule online until 24 hours before the appointment, "
        "that is until Thursday, March 7, 2030 at 10:00 a.m. EST"
    ) in message.body


def test_running_the_dispatch_twice_sends_one_email(practice, time_machine):
    book(practice, at(WEDNESDAY, 10))

    first = dispatch_at(time_machine, at(TUESDAY, 10))
    second = reminders.dispatch_due_reminders()

    assert (first.sent, second.sent) == (1, 0)
    assert len(sent_reminders()) == 1


def test_each_reminder_is_sent_once_over_the_days_before_a_visit(practice, time_machine):
    appointment = book(practice, at(WEDNESDAY, 10))

    moment = at(TUESDAY, 9)
    while moment < at(WEDNESDAY, 11):
        dispatch_at(time_machine, moment)
        moment += timedelta(minutes=1)

    assert sorted(int(m.extra_headers[REMINDER_HEADER]) for m in sent_reminders()) == sorted(
        appointment.reminders.values_list("pk", flat=True)
    )


def test_the_beat_task_and_the_management_command_run_the_same_dispatch(practice, time_machine):
    book(practice, at(WEDNESDAY, 10))
    book(practice, at(WEDNESDAY, 14), client=ClientDetails(**{**JANE.__dict__, "email": "b@x.ca"}))
    time_machine.move_to(at(TUESDAY, 10), tick=False)

    assert dispatch_reminders.apply().get()["sent"] == 1
    output = StringIO()
    time_machine.move_to(at(TUESDAY, 14), tick=False)
    call_command("send_due_reminders", stdout=output)

    assert output.getvalue().startswith("Reminders: sent 1, skipped 0")
    assert len(sent_reminders()) == 2


# Cancelled, rescheduled, confirmed later


def test_a_cancelled_visit_gets_no_reminder(practice, time_machine):
    appointment = book(practice, at(WEDNESDAY, 10))

    cancel_appointment(appointment)
    dispatch_at(time_machine, at(TUESDAY, 10))
    dispatch_at(time_machine, at(WEDNESDAY, 8))

    assert sent_reminders() == []
    assert set(appointment.reminders.values_list("status", flat=True)) == {
        Reminder.Status.CANCELLED
    }


def test_a_visit_cancelled_in_admin_gets_no_reminder_and_its_reminders_are_closed(
    practice, time_machine
):
    appointment = book(practice, at(WEDNESDAY, 10))
    Appointment.objects.filter(pk=appointment.pk).update(status=Appointment.Status.CANCELLED)

    counts = dispatch_at(time_machine, at(TUESDAY, 10))

    assert counts.cancelled == 1
    assert sent_reminders() == []
    assert reminder(appointment, 1440).status == Reminder.Status.CANCELLED
    assert reminder(appointment, 120).status == Reminder.Status.PENDING  # not due yet


def test_a_visit_cancelled_while_its_reminder_is_being_sent_is_not_marked_sent(
    practice, time_machine, settings
):
    appointment = book(practice, at(WEDNESDAY, 10))
    settings.EMAIL_BACKEND = f"{__name__}.CancellingBackend"

    dispatch_at(time_machine, at(TUESDAY, 10))

    assert reminder(appointment, 1440).status == Reminder.Status.CANCELLED


def test_rescheduling_moves_the_reminders_to_the_new_time(practice, time_machine):
    appointment = book(practice, at(WEDNESDAY, 10))

    reschedule_appointment(appointment, at(WEDNESDAY, 15))
    at_old_time = dispatch_at(time_machine, at(TUESDAY, 10))
    at_new_time = dispatch_at(time_machine, at(TUESDAY, 15))

    assert (at_old_time.sent, at_new_time.sent) == (0, 1)
    (message,) = sent_reminders()
    assert "Wednesday, March 6, 2030 at 3:00 p.m. EST" in message.body
    assert reminder(appointment, 120).due_at == at(WEDNESDAY, 13)


def test_a_requested_visits_reminders_wait_for_confirmation(practice, time_machine):
    practice.policy.confirm_automatically = False
    practice.policy.save()
    appointment = book(practice, at(WEDNESDAY, 10))

    waiting = dispatch_at(time_machine, at(TUESDAY, 10))
    assert waiting.sent == 0
    assert reminder(appointment, 1440).status == Reminder.Status.PENDING

    time_machine.move_to(at(TUESDAY, 10, 20), tick=False)
    confirm_appointment(appointment)
    dispatch_at(time_machine, at(TUESDAY, 10, 21))
    dispatch_at(time_machine, at(WEDNESDAY, 8))

    # Confirmed after the 24-hour reminder fell due: the confirmation email replaces it.
    assert reminder(appointment, 1440).status == Reminder.Status.SKIPPED
    assert [m.subject for m in sent_reminders()] == [
        "Reminder: Taylor visits you today at 10:00 a.m."
    ]


def test_confirming_sends_the_booked_email_once(
    practice, django_capture_on_commit_callbacks, mailoutbox
):
    practice.policy.confirm_automatically = False
    practice.policy.save()
    appointment = book(practice, at(WEDNESDAY, 10))

    with django_capture_on_commit_callbacks(execute=True):
        confirm_appointment(appointment)
    with django_capture_on_commit_callbacks(execute=True):
        confirm_appointment(appointment)

    assert appointment.status == Appointment.Status.CONFIRMED
    to_jane = [m for m in mailoutbox if m.to == [JANE.email]]
    assert [m.subject for m in to_jane] == [
        "Your appointment on Wednesday, March 6 at 10:00 a.m. is confirmed"
    ]


def test_a_cancelled_request_cannot_be_confirmed(practice):
    practice.policy.confirm_automatically = False
    practice.policy.save()
    appointment = book(practice, at(WEDNESDAY, 10))
    cancel_appointment(appointment)

    with pytest.raises(BookingRefused, match="cancelled"):
        confirm_appointment(appointment)


def test_a_request_never_confirmed_has_its_reminder_skipped_once_too_late(practice, time_machine):
    practice.policy.confirm_automatically = False
    practice.policy.save()
    appointment = book(practice, at(WEDNESDAY, 10))

    counts = dispatch_at(time_machine, at(TUESDAY, 11, 1))

    assert counts.skipped == 1
    assert reminder(appointment, 1440).status == Reminder.Status.SKIPPED
    assert "not confirmed" in reminder(appointment, 1440).last_error


# Too late


def test_a_reminder_up_to_an_hour_late_is_still_sent(practice, time_machine):
    book(practice, at(WEDNESDAY, 10))

    assert dispatch_at(time_machine, at(TUESDAY, 11)).sent == 1


def test_a_reminder_more_than_an_hour_late_is_skipped(practice, time_machine):
    appointment = book(practice, at(WEDNESDAY, 10))

    counts = dispatch_at(time_machine, at(TUESDAY, 11, 1))

    assert (counts.sent, counts.skipped) == (0, 1)
    assert reminder(appointment, 1440).status == Reminder.Status.SKIPPED
    assert sent_reminders() == []


def test_a_short_offset_is_late_after_half_of_it(practice, time_machine):
    ReminderOffset.objects.create(minutes_before=30)
    appointment = book(practice, at(WEDNESDAY, 10))

    dispatch_at(time_machine, at(WEDNESDAY, 9, 46))

    assert reminder(appointment, 30).status == Reminder.Status.SKIPPED


def test_a_visit_that_has_started_gets_no_reminder(practice, time_machine):
    appointment = book(practice, at(WEDNESDAY, 10))
    Reminder.objects.filter(appointment=appointment).update(due_at=at(WEDNESDAY, 9, 59))

    dispatch_at(time_machine, at(WEDNESDAY, 10))

    assert sent_reminders() == []
    assert "started" in reminder(appointment, 120).last_error


# Clock changes: offsets are real hours, the email shows the wall clock of that day


def test_spring_forward_a_day_before_is_24_real_hours_and_the_email_says_edt(
    practice, time_machine
):
    sunday = date(2030, 3, 10)
    time_machine.move_to(at(date(2030, 3, 7), 9), tick=False)
    appointment = book(practice, at(sunday, 10))

    assert reminder(appointment, 1440).due_at == at(date(2030, 3, 9), 9)  # 9:00 EST
    assert reminder(appointment, 120).due_at == at(sunday, 8)
    assert dispatch_at(time_machine, at(date(2030, 3, 9), 8, 59)).sent == 0
    assert dispatch_at(time_machine, at(date(2030, 3, 9), 9)).sent == 1
    assert dispatch_at(time_machine, at(sunday, 7, 59)).sent == 0
    assert dispatch_at(time_machine, at(sunday, 8)).sent == 1
    first, second = sent_reminders()
    assert first.subject == "Reminder: Taylor visits you tomorrow at 10:00 a.m."
    for message in (first, second):
        assert "Sunday, March 10, 2030 at 10:00 a.m. EDT" in message.body


def test_fall_back_a_day_before_is_24_real_hours_and_the_email_says_est(practice, time_machine):
    sunday = date(2030, 11, 3)
    time_machine.move_to(at(date(2030, 10, 31), 9), tick=False)
    appointment = book(practice, at(sunday, 10))

    assert reminder(appointment, 1440).due_at == at(date(2030, 11, 2), 11)  # 11:00 EDT
    assert dispatch_at(time_machine, at(date(2030, 11, 2), 10, 59)).sent == 0
    assert dispatch_at(time_machine, at(date(2030, 11, 2), 11)).sent == 1
    assert dispatch_at(time_machine, at(sunday, 8)).sent == 1
    for message in sent_reminders():
        assert "Sunday, November 3, 2030 at 10:00 a.m. EST" in message.body


# Mail server failures


def test_an_smtp_failure_is_retried_with_backoff_then_sent_once(practice, time_machine, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    appointment = book(practice, at(WEDNESDAY, 10))

    failed = dispatch_at(time_machine, at(TUESDAY, 10))
    waiting = dispatch_at(time_machine, at(TUESDAY, 10, 0) + timedelta(seconds=59))
    retried = dispatch_at(time_machine, at(TUESDAY, 10, 1))

    assert (failed.retrying, waiting.sent, retried.sent) == (1, 0, 1)
    sent = reminder(appointment, 1440)
    assert (sent.status, sent.attempts, sent.last_error) == (Reminder.Status.SENT, 2, "")
    assert len(sent_reminders()) == 1


def test_after_the_last_try_the_reminder_is_failed_with_the_error_and_logs_hold_no_address(
    practice, time_machine, settings, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    appointment = book(practice, at(WEDNESDAY, 10))
    caplog.set_level(logging.INFO, logger="bookings")

    moment = at(TUESDAY, 10)
    outcomes = []
    for _ in range(reminders.settings.REMINDER_MAX_ATTEMPTS):
        counts = dispatch_at(time_machine, moment)
        outcomes.append("failed" if counts.failed else "retrying" if counts.retrying else "-")
        moment = reminder(appointment, 1440).claimed_until or moment

    assert outcomes == ["retrying"] * 4 + ["failed"]
    failed = reminder(appointment, 1440)
    assert failed.status == Reminder.Status.FAILED
    assert failed.attempts == 5
    assert failed.last_error.startswith("SMTPRecipientsRefused")
    assert "jane@example.com" not in caplog.text
    assert "Jane" not in caplog.text
    assert f"Reminder {failed.pk} failed after 5 attempts" in caplog.text


def test_retries_are_spaced_one_two_four_eight_minutes(practice, time_machine, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    appointment = book(practice, at(WEDNESDAY, 10))

    moment, waits = at(TUESDAY, 10), []
    for _ in range(4):
        dispatch_at(time_machine, moment)
        retry_at = reminder(appointment, 1440).claimed_until
        waits.append(int((retry_at - moment).total_seconds() // 60))
        moment = retry_at

    assert waits == [1, 2, 4, 8]


def test_a_failing_reminder_that_becomes_too_late_is_failed_not_skipped(
    practice, time_machine, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    appointment = book(practice, at(WEDNESDAY, 10))
    dispatch_at(time_machine, at(TUESDAY, 10))

    dispatch_at(time_machine, at(TUESDAY, 11, 1))

    failed = reminder(appointment, 1440)
    assert failed.status == Reminder.Status.FAILED
    assert failed.last_error.startswith("SMTPRecipientsRefused")


# Claims and leases


def test_a_reminder_claimed_by_a_live_worker_is_left_to_it(practice, time_machine):
    appointment = book(practice, at(WEDNESDAY, 10))
    Reminder.objects.filter(pk=reminder(appointment, 1440).pk).update(
        status=Reminder.Status.CLAIMED, claimed_until=at(TUESDAY, 10, 5), attempts=1
    )

    counts = dispatch_at(time_machine, at(TUESDAY, 10, 4))

    assert counts.sent == 0
    assert sent_reminders() == []


def test_a_claim_whose_worker_died_is_taken_over_when_the_lease_runs_out(practice, time_machine):
    appointment = book(practice, at(WEDNESDAY, 10))
    Reminder.objects.filter(pk=reminder(appointment, 1440).pk).update(
        status=Reminder.Status.CLAIMED, claimed_until=at(TUESDAY, 10, 5), attempts=1
    )

    counts = dispatch_at(time_machine, at(TUESDAY, 10, 5))

    assert counts.sent == 1
    assert reminder(appointment, 1440).attempts == 2


def test_a_claim_lease_lasts_the_configured_seconds(practice, time_machine, settings):
    settings.REMINDER_LEASE_SECONDS = 90
    appointment = book(practice, at(WEDNESDAY, 10))
    seen = {}

    class Peek(LocmemBackend):
        def send_messages(self, messages):
            seen["row"] = Reminder.objects.get(pk=reminder(appointment, 1440).pk)
            return super().send_messages(messages)

    globals()["Peek"] = Peek
    settings.EMAIL_BACKEND = f"{__name__}.Peek"
    dispatch_at(time_machine, at(TUESDAY, 10))

    assert seen["row"].status == Reminder.Status.CLAIMED
    assert seen["row"].claimed_until == at(TUESDAY, 10) + timedelta(seconds=90)


def test_a_lost_claim_race_sends_nothing(practice, time_machine):
    appointment = book(practice, at(WEDNESDAY, 10))
    time_machine.move_to(at(TUESDAY, 10), tick=False)
    (candidate,) = reminders._due(at(TUESDAY, 10))
    # Another process claims it between this one's scan and its claim.
    Reminder.objects.filter(pk=candidate.pk).update(
        status=Reminder.Status.CLAIMED, claimed_until=at(TUESDAY, 10, 5), attempts=1
    )

    outcome = reminders._dispatch_one(
        candidate, lambda: at(TUESDAY, 10), mail.get_connection(), BookingPolicy.current()
    )

    assert outcome == "taken"
    assert sent_reminders() == []
    assert reminder(appointment, 1440).attempts == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_dispatches_at_once_send_each_reminder_once(practice, settings):
    settings.EMAIL_BACKEND = f"{__name__}.SlowBackend"
    for n in range(30):
        details = ClientDetails(**{**JANE.__dict__, "email": f"client{n}@example.com"})
        book(practice, at(WEDNESDAY + n * DAY, 10), client=details)
    moment = at(TUESDAY, 10)
    Reminder.objects.filter(minutes_before=1440).update(due_at=moment - timedelta(minutes=5))
    results = []

    def dispatch():
        try:
            results.append(reminders.dispatch_due_reminders(now=moment))
        finally:
            connection.close()

    threads = [threading.Thread(target=dispatch) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    ids = [m.extra_headers[REMINDER_HEADER] for m in sent_reminders()]
    assert len(ids) == len(set(ids)) == 30
    assert sum(r.sent for r in results) == 30
    assert all(r.sent for r in results), "the dispatches did not overlap"
    assert Reminder.objects.filter(status=Reminder.Status.SENT).count() == 30


# Taylor's daily agenda


@pytest.fixture
def busy_wednesday(practice):
    """Three visits on WEDNESDAY: two in one area, one in a far area; one still a request."""
    DrivingTimeFactory(from_area=practice.area, to_area=practice.far_area, minutes=40)
    first = book(practice, at(WEDNESDAY, 9), notes="Left shoulder.")
    second = book_appointment(
        option=practice.option,
        area=practice.far_area,
        starts_at=at(WEDNESDAY, 10, 45),
        client=ClientDetails(
            **{
                **JANE.__dict__,
                "name": "Sam Far",
                "email": "sam@example.com",
                "address": "7 Gordon St",
                "unit": "",
                "postal_code": "N1H 4G8",
            }
        ),  # fmt: skip
    )
    practice.policy.confirm_automatically = False
    practice.policy.save()
    third = book_appointment(
        option=practice.option,
        area=practice.area,
        starts_at=at(WEDNESDAY, 15),
        client=ClientDetails(
            **{
                **JANE.__dict__,
                "name": "Ria Later",
                "email": "ria@example.com",
                "address": "30 Nelson St W",
            }
        ),  # fmt: skip
    )
    cancelled = book(practice, at(WEDNESDAY, 17), client=ClientDetails(
        **{**JANE.__dict__, "name": "Gone Person", "email": "gone@example.com"}
    ))  # fmt: skip
    cancel_appointment(cancelled)
    return first, second, third


def test_the_agenda_lists_the_days_visits_in_order_with_gaps_and_drives(busy_wednesday):
    first, second, third = busy_wednesday

    day = agenda.build_daily_agenda(WEDNESDAY)

    assert [visit.appointment for visit in day.visits] == [first, second, third]
    gaps = [v.gap and (v.gap.minutes, v.gap.drive_minutes, v.gap.is_tight) for v in day.visits]
    assert gaps == [
        None,
        (45, 40, True),  # 5 minutes to spare after the drive
        (195, 60, False),  # no driving time entered back from the far area: the default
    ]


def test_the_agenda_email_gives_times_addresses_drives_and_marks_requests(
    busy_wednesday, mailoutbox
):
    assert delivery.deliver_daily_agenda(WEDNESDAY)

    (message,) = mailoutbox
    assert message.to == ["taylor@stillwaters.example"]
    assert message.subject == "Your visits on Wednesday, March 6: 3"
    html = message.alternatives[0].content
    for text in (message.body, html):
        assert text.index("9:00 a.m. EST") < text.index("10:45 a.m. EST") < text.index("3:00 p.m.")
        assert "4-12 Main St N, Brampton, ON L6V 1N6" in text
        assert "tight: 45 min after the previous visit; the drive to far area takes about 40" in (
            text.replace("<strong>", "").replace("</strong>", "").lower()
        )
        assert "Side door; the dog is friendly." in text
        assert "Left shoulder." in text
        assert "Sam Far" in text
        assert "Gone Person" not in text
    assert "(REQUEST, not yet confirmed)" in message.body


def test_the_agenda_says_the_next_person_in_the_same_home_needs_no_drive(practice, mailoutbox):
    first = book(practice, at(WEDNESDAY, 9))
    book(practice, first.ends_at, client=ClientDetails(**{**JANE.__dict__, "name": "Kit Client"}))

    delivery.deliver_daily_agenda(WEDNESDAY)

    body = mailoutbox[0].body
    assert "0 min after the previous visit, in the same home: no drive." in body
    assert "TIGHT" not in body and "SHORT" not in body


def test_a_visit_with_less_time_than_the_drive_is_flagged_short(practice, mailoutbox):
    DrivingTimeFactory(from_area=practice.area, to_area=practice.far_area, minutes=40)
    book(practice, at(WEDNESDAY, 9))
    AppointmentFactory(
        client=Client.objects.get(),
        option=practice.option,
        starts_at=at(WEDNESDAY, 10, 15),
        area=practice.far_area,
        address="7 Gordon St",
    )

    delivery.deliver_daily_agenda(WEDNESDAY)

    assert "SHORT BY 25 MIN: 15 min after the previous visit" in mailoutbox[0].body
    assert "Short by 25 min:</strong> 15 min after" in mailoutbox[0].alternatives[0].content


def test_the_agenda_goes_out_once_a_day_unless_resent(busy_wednesday, mailoutbox):
    assert send_daily_agenda.apply([WEDNESDAY.isoformat()]).get() is True
    assert send_daily_agenda.apply([WEDNESDAY.isoformat()]).get() is False
    call_command("send_daily_agenda", "--date", WEDNESDAY.isoformat(), stdout=StringIO())
    assert len(mailoutbox) == 1

    call_command(
        "send_daily_agenda", "--date", WEDNESDAY.isoformat(), "--resend", stdout=StringIO()
    )
    assert len(mailoutbox) == 2


def test_a_failed_agenda_send_can_be_tried_again(busy_wednesday, settings, mailoutbox):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        delivery.deliver_daily_agenda(WEDNESDAY)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert delivery.deliver_daily_agenda(WEDNESDAY)
    assert len(mailoutbox) == 1


def test_the_agenda_defaults_to_today_in_toronto(busy_wednesday, time_machine, mailoutbox):
    # 04:30 UTC on Wednesday is still Tuesday evening in Toronto.
    time_machine.move_to(at(TUESDAY, 23, 30), tick=False)

    send_daily_agenda.apply().get()

    assert mailoutbox[0].subject == "No visits booked for Tuesday, March 5"


def test_the_agenda_covers_the_whole_day_on_clock_change_days(practice):
    night = ClientFactory(name="N", email="night@example.com")
    for day in (date(2030, 3, 10), date(2030, 11, 3)):
        inside = [at(day, 0, 30), at(day, 23, 30)]
        outside = [at(day - DAY, 23, 30), at(day + DAY, 0, 30)]
        for starts_at in inside + outside:
            AppointmentFactory(
                client=night, option=practice.option, starts_at=starts_at, area=practice.area
            )

        listed = [visit.appointment.starts_at for visit in agenda.build_daily_agenda(day).visits]

        assert listed == inside


def test_the_beat_schedule_runs_the_dispatch_every_minute_and_the_agenda_at_six_thirty(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE

    assert schedule["dispatch-due-reminders"]["task"] == dispatch_reminders.name
    assert schedule["dispatch-due-reminders"]["schedule"] == 60.0
    agenda_entry = schedule["send-daily-agenda"]
    assert agenda_entry["task"] == send_daily_agenda.name
    assert (agenda_entry["schedule"].hour, agenda_entry["schedule"].minute) == ({6}, {30})
    assert settings.CELERY_TIMEZONE == "America/Toronto"


# Admin


def test_admin_lists_failed_reminders_with_their_error_in_few_queries(
    practice, time_machine, settings, client, admin_user, django_assert_max_num_queries
):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    settings.REMINDER_MAX_ATTEMPTS = 1
    for n in range(5):
        details = ClientDetails(**{**JANE.__dict__, "email": f"c{n}@example.com"})
        book(practice, at(WEDNESDAY, 9 + 2 * n), client=details)
    dispatch_at(time_machine, at(TUESDAY, 17))
    sign_in_staff(client, admin_user)  # that evening: a staff session lasts a working day

    # Session (none when sessions live in Redis), user, the second factor's device, two counts,
    # the sidebar's policy check, the page, the date and offset filters: the same for 5
    # reminders or 500.
    with django_assert_max_num_queries(10):
        page = client.get("/admin/bookings/reminder/?status__exact=failed")

    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("SMTPRecipientsRefused") == 1
    assert "Jane Client at 2030-03-06" in html


def test_admin_shows_an_appointments_reminders_and_edits_offsets(practice, admin_client):
    appointment = book(practice, at(WEDNESDAY, 10))

    page = admin_client.get(f"/admin/bookings/appointment/{appointment.pk}/change/")
    offsets = admin_client.get("/admin/bookings/reminderoffset/")

    assert page.status_code == offsets.status_code == 200
    assert page.content.decode().count("Pending") >= 2
    assert "1 day before" in offsets.content.decode()


def test_admin_writes_reminder_offsets_as_times_before(practice, admin_client):
    appointment = book(practice, at(WEDNESDAY, 10))

    visit_page = admin_client.get(f"/admin/bookings/appointment/{appointment.pk}/change/")
    reminders = admin_client.get("/admin/bookings/reminder/")
    day_before = admin_client.get("/admin/bookings/reminder/?minutes_before=1440")

    for page in (visit_page, reminders):
        html = page.content.decode()
        assert "1 day before" in html and "2 hours before" in html
        assert ">1440<" not in html
    assert day_before.context["cl"].result_count == 1


@pytest.mark.parametrize("typed", ["day", "²", "9" * 40, "-5"])
def test_a_hand_typed_offset_filter_lists_nothing_rather_than_failing(
    practice, admin_client, typed
):
    book(practice, at(WEDNESDAY, 10))

    page = admin_client.get("/admin/bookings/reminder/", {"minutes_before": typed})

    assert page.status_code == 200
    assert page.context["cl"].result_count == 0
