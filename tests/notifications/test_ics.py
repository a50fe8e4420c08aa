"""The .ics calendar file: one stable event per appointment, in Toronto time."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from icalendar import Calendar

from bookings.models import Appointment
from bookings.notifications.calendar import appointment_calendar
from tests.support import TORONTO

pytestmark = pytest.mark.django_db


def event_of(ics: bytes):
    calendar = Calendar.from_ical(ics)
    (event,) = calendar.events
    return calendar, event


def test_uid_is_stable_across_renderings_and_a_reschedule(make_appointment, settings):
    settings.SITE_URL = "https://stillwaters.example"
    appointment = make_appointment(datetime(2027, 1, 12, 10, tzinfo=TORONTO))
    _, first = event_of(appointment_calendar(appointment))
    _, again = event_of(appointment_calendar(appointment))

    appointment.starts_at += timedelta(days=2)
    appointment.ends_at += timedelta(days=2)
    appointment.save()
    _, moved = event_of(appointment_calendar(appointment))

    assert first["UID"] == f"appointment-{appointment.pk}@stillwaters.example"
    assert again["UID"] == first["UID"] == moved["UID"]


def test_start_and_end_are_toronto_times_with_a_vtimezone(make_appointment):
    starts_at = datetime(2027, 1, 12, 15, tzinfo=UTC)
    calendar, event = event_of(appointment_calendar(make_appointment(starts_at)))

    assert event["DTSTART"].params["TZID"] == "America/Toronto"
    assert event.start == starts_at
    assert event.start.replace(tzinfo=None) == datetime(2027, 1, 12, 10)
    assert event.end == starts_at + timedelta(minutes=60)
    assert [tz.tz_name for tz in calendar.timezones] == ["America/Toronto"]


def test_vtimezone_rules_give_the_right_instant_on_the_dst_change_day(make_appointment):
    # Clocks fall back at 2:00 on 2026-11-01; 10:00 that morning is EST, five hours behind UTC.
    starts_at = datetime(2026, 11, 1, 10, tzinfo=TORONTO)
    calendar, event = event_of(appointment_calendar(make_appointment(starts_at)))

    assert event.start.astimezone(UTC) == datetime(2026, 11, 1, 15, tzinfo=UTC)
    # A client that reads only the file's own VTIMEZONE, not a zone database, agrees.
    file_zone = calendar.timezones[0].to_tz(lookup_tzid=False)
    wall_clock = datetime(2026, 11, 1, 10, tzinfo=file_zone)
    assert wall_clock.astimezone(UTC) == datetime(2026, 11, 1, 15, tzinfo=UTC)
    summer = datetime(2026, 10, 31, 10, tzinfo=file_zone)
    assert summer.astimezone(UTC) == datetime(2026, 10, 31, 14, tzinfo=UTC)


def test_location_is_the_visits_full_address(make_appointment):
    _, event = event_of(
        appointment_calendar(make_appointment(datetime(2027, 1, 12, 15, tzinfo=UTC)))
    )

    assert str(event["LOCATION"]) == "4-12 Main St N, Brampton, ON L6V 1N6"


def test_summary_names_service_length_and_taylor_and_description_signs_in_without_a_token(
    make_appointment, settings
):
    settings.SITE_URL = "https://stillwaters.example"
    ics = appointment_calendar(make_appointment(datetime(2027, 1, 12, 15, tzinfo=UTC)))
    _, event = event_of(ics)

    assert str(event["SUMMARY"]) == "Test Massage (60 min) with Taylor"
    # Calendars get shared: the file names the sign-in page, never the manage link's token.
    assert "https://stillwaters.example/account/sign-in/" in str(event["DESCRIPTION"])
    assert b"/book/manage/" not in ics


def test_published_while_it_stands(make_appointment):
    calendar, event = event_of(
        appointment_calendar(make_appointment(datetime(2027, 1, 12, 15, tzinfo=UTC)))
    )

    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["PRODID"]
    assert calendar["VERSION"] == "2.0"
    assert event["STATUS"] == "CONFIRMED"
    assert "DTSTAMP" in event


def test_a_requested_time_is_tentative(make_appointment):
    appointment = make_appointment(
        datetime(2027, 1, 12, 15, tzinfo=UTC), status=Appointment.Status.REQUESTED
    )
    _, event = event_of(appointment_calendar(appointment))

    assert event["STATUS"] == "TENTATIVE"


def test_a_later_rendering_has_a_higher_sequence_so_calendars_take_the_new_time(
    make_appointment,
):
    with time_machine.travel(datetime(2026, 12, 1, 9, tzinfo=UTC), tick=False):
        appointment = make_appointment(datetime(2027, 1, 12, 15, tzinfo=UTC))
        _, booked = event_of(appointment_calendar(appointment))
    with time_machine.travel(datetime(2026, 12, 3, 9, tzinfo=UTC), tick=False):
        appointment.starts_at -= timedelta(days=1)
        appointment.ends_at -= timedelta(days=1)
        appointment.save()
        _, moved = event_of(appointment_calendar(appointment))

    assert booked["SEQUENCE"] == 0
    assert moved["SEQUENCE"] > booked["SEQUENCE"]
    assert moved.start == datetime(2027, 1, 11, 15, tzinfo=UTC)


def test_a_cancellation_cancels_the_same_event_with_a_higher_sequence(make_appointment):
    with time_machine.travel(datetime(2026, 12, 1, 9, tzinfo=UTC), tick=False):
        appointment = make_appointment(datetime(2027, 1, 12, 15, tzinfo=UTC))
        _, booked = event_of(appointment_calendar(appointment))
    with time_machine.travel(datetime(2026, 12, 1, 9, 5, tzinfo=UTC), tick=False):
        appointment.status = Appointment.Status.CANCELLED
        appointment.save()
        calendar, cancelled = event_of(appointment_calendar(appointment))

    assert calendar["METHOD"] == "CANCEL"
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled["UID"] == booked["UID"]
    assert cancelled["SEQUENCE"] > booked["SEQUENCE"]
    assert "/book/manage/" not in str(cancelled["DESCRIPTION"])
