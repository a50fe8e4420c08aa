"""The calendar file (.ics) attached to appointment emails.

One appointment is one calendar event for its whole life: the UID comes from the appointment id
and the site's host, so a rescheduled or cancelled event replaces the entry the client saved
before instead of adding a second one.
"""

from datetime import date, datetime
from urllib.parse import urlparse

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

from bookings.scheduling.models import Appointment
from stillwaters.clock import local

_EVENT_STATUS = {
    Appointment.Status.REQUESTED: "TENTATIVE",
    Appointment.Status.CANCELLED: "CANCELLED",
}


def event_uid(appointment: Appointment) -> str:
    host = urlparse(settings.SITE_URL).hostname or "stillwaters"
    return f"appointment-{appointment.pk}@{host}"


def event_sequence(appointment: Appointment, now: datetime) -> int:
    """A revision number that only grows: seconds from the booking to this rendering.

    Calendar apps apply an update only when its SEQUENCE is higher than the one they hold. The
    model keeps no revision counter, but every calendar is rendered from the appointment as it is
    at that moment, so a later rendering always carries the newest time and status; counting the
    seconds since the booking gives it a higher number than any earlier one. A resent email only
    repeats what the client already has. 32 bits of seconds last 68 years.
    """
    return max(0, int((now - appointment.created_at).total_seconds()))


def appointment_calendar(appointment: Appointment) -> bytes:
    """The appointment as an iCalendar file: PUBLISH while it stands, CANCEL once cancelled."""
    now = timezone.now()
    cancelled = appointment.status == Appointment.Status.CANCELLED
    service = appointment.option.service
    practice = settings.PRACTICE

    if cancelled:
        description = (
            f"Cancelled. To book again: {settings.SITE_URL}\n"
            f"Questions: {practice['phone']}, {practice['email']}"
        )
    else:
        # No manage link: calendars get shared, and that link works as a password. The
        # client signs in with their email instead (or uses the link in the email).
        description = (
            "To see, move or cancel this appointment, sign in with your email at "
            f"{settings.SITE_URL}{reverse('clients:sign_in')}\n"
            f"Questions: {practice['phone']}, {practice['email']}"
        )

    organizer = vCalAddress(f"mailto:{practice['email']}")
    organizer.params["CN"] = practice["name"]

    event = Event.new(
        uid=event_uid(appointment),
        stamp=now,
        sequence=event_sequence(appointment, now),
        start=local(appointment.starts_at),
        end=local(appointment.ends_at),
        summary=(f"{service.name} ({appointment.option.minutes} min) with {practice['therapist']}"),
        location=appointment.full_address,
        description=description,
        organizer=organizer,
        status=_EVENT_STATUS.get(appointment.status, "CONFIRMED"),
    )

    calendar = Calendar()
    calendar.add("prodid", f"-//{practice['name']}//Bookings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    calendar.add_component(event)
    # A short VTIMEZONE around the appointment: clients need the rules only for its dates.
    calendar.add_missing_timezones(
        first_date=date(appointment.starts_at.year - 1, 1, 1),
        last_date=date(appointment.ends_at.year + 1, 12, 31),
    )
    return calendar.to_ical()
