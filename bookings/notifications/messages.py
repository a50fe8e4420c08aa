"""Every email the bookings app sends is built here: each builder takes models and returns a
message. Nothing here loads rows or sends; delivery.py does both.

Templates live in `bookings/templates/bookings/email/`. Each client email is a pair,
`client_<kind>.txt` and `client_<kind>.html`, extending `client_base.txt` / `client_base.html`,
which hold the appointment details, what to prepare, the manage link, the cancellation policy
and the practice's contact details; the reminder (`client_reminder`) is one more pair beside
them. The account emails (a held booking's confirmation link or release, the sign-in link)
are `hold_confirm`, `hold_released` and `sign_in`, each a .txt and .html pair. Taylor's daily
agenda is `therapist_agenda.txt` / `.html`. A receipt's email is
`receipt.txt` / `.html`, with the receipt's PDF attached.
"""

import re
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone

from bookings.billing import documents, pdf
from bookings.billing.models import Receipt
from bookings.clients.links import url_for
from bookings.clients.models import EmailLink
from bookings.privacy.models import RecordRequest
from bookings.scheduling import pricing
from bookings.scheduling.models import Appointment, BookingPolicy
from bookings.scheduling.tokens import manage_url
from stillwaters.clock import local
from stillwaters.text import one_line

from .agenda import DailyAgenda
from .calendar import appointment_calendar
from .models import Reminder

KINDS = ("booked", "rescheduled", "cancelled")
CALENDAR_FILENAME = "stillwaters-appointment.ics"
REMINDER_HEADER = "X-Stillwaters-Reminder"

_CLIENT_SUBJECTS = {
    ("booked", False): "Your appointment on {day} is confirmed",
    ("booked", True): "We have your request for {day}",
    ("rescheduled", False): "Your appointment has moved to {day}",
    ("rescheduled", True): "Your requested time has changed to {day}",
    ("cancelled", False): "Your appointment on {day} is cancelled",
    ("cancelled", True): "Your request for {day} is cancelled",
}
_THERAPIST_SUBJECTS = {
    ("booked", False): "New booking: {name}, {day}",
    ("booked", True): "Booking request to approve: {name}, {day}",
    ("rescheduled", False): "Rescheduled: {name}, now {day}",
    ("rescheduled", True): "Request rescheduled, to approve: {name}, now {day}",
    ("cancelled", False): "Cancelled: {name}, {day}",
    ("cancelled", True): "Request cancelled: {name}, {day}",
}


def toronto_time(value: datetime) -> str:
    """'Tuesday, December 1, 2026 at 10:30 a.m. EST': the practice's clock, zone named."""
    return dateformat.format(local(value), r"l, F j, Y \a\t g:i a T")


def _short_time(value: datetime) -> str:
    return dateformat.format(local(value), r"l, F j \a\t g:i a")


def _tidy(text: str) -> str:
    # Template tags on lines of their own leave blank runs behind in plain text.
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def is_current(appointment: Appointment, kind: str) -> bool:
    """Whether a `kind` email still describes the appointment.

    A queued confirmation that runs after the appointment was cancelled would contradict the
    cancellation the client already has, and the reverse; such emails are dropped. Moves need
    no check: every email shows the appointment as it is when sent.
    """
    return (kind == "cancelled") == (appointment.status == Appointment.Status.CANCELLED)


def _context(appointment: Appointment, kind: str, policy: BookingPolicy) -> dict:
    window = timedelta(hours=policy.cancellation_window_hours)
    cancelled = appointment.status == Appointment.Status.CANCELLED
    return {
        "kind": kind,
        "appointment": appointment,
        "service": appointment.option.service,
        "minutes": appointment.option.minutes,
        "setup_minutes": appointment.option.setup_minutes,
        "when": toronto_time(appointment.starts_at),
        "ends": dateformat.format(local(appointment.ends_at), "g:i a"),
        "price": str(pricing.of_visit(appointment)),
        "is_requested": appointment.status == Appointment.Status.REQUESTED,
        "manage_url": None if cancelled else manage_url(appointment),
        "window_hours": policy.cancellation_window_hours,
        "change_deadline": toronto_time(appointment.starts_at - window),
        "practice": settings.PRACTICE,
        "site_url": settings.SITE_URL,
    }


def client_email(
    appointment: Appointment, kind: str, *, policy: BookingPolicy
) -> EmailMultiAlternatives:
    context = _context(appointment, kind, policy)
    context["subject"] = _CLIENT_SUBJECTS[kind, context["is_requested"]].format(
        day=_short_time(appointment.starts_at)
    )
    return _client_message(appointment, context)


def reminder_email(
    reminder: Reminder, *, policy: BookingPolicy, now: datetime | None = None
) -> EmailMultiAlternatives:
    """The client's reminder of a confirmed visit; `now` decides 'today' or 'tomorrow'."""
    appointment = reminder.appointment
    context = _context(appointment, "reminder", policy)
    now = now or timezone.now()
    context["soon"] = _relative_time(appointment.starts_at, now)
    context["can_change_online"] = now < appointment.starts_at - timedelta(
        hours=context["window_hours"]
    )
    context["subject"] = f"Reminder: {settings.PRACTICE['therapist']} visits you {context['soon']}"
    message = _client_message(appointment, context)
    # Ids only: lets a mail log or a test tell reminders apart without reading the body.
    message.extra_headers[REMINDER_HEADER] = str(reminder.pk)
    return message


def _client_message(appointment: Appointment, context: dict) -> EmailMultiAlternatives:
    kind = context["kind"]
    message = EmailMultiAlternatives(
        subject=context["subject"],
        body=_tidy(render_to_string(f"bookings/email/client_{kind}.txt", context)),
        to=[appointment.client.email],
        reply_to=[settings.PRACTICE["email"]],
    )
    message.attach_alternative(
        render_to_string(f"bookings/email/client_{kind}.html", context), "text/html"
    )
    method = "CANCEL" if appointment.status == Appointment.Status.CANCELLED else "PUBLISH"
    message.attach(
        CALENDAR_FILENAME, appointment_calendar(appointment), f"text/calendar; method={method}"
    )
    return message


def _relative_time(starts_at: datetime, now: datetime) -> str:
    """'today at 2:00 p.m.', 'tomorrow at 10:00 a.m.' or 'on Friday, March 6 at 9:00 a.m.'."""
    starts = local(starts_at)
    days = (starts.date() - local(now).date()).days
    clock = dateformat.format(starts, "g:i a")
    if days == 0:
        return f"today at {clock}"
    if days == 1:
        return f"tomorrow at {clock}"
    return "on " + dateformat.format(starts, r"l, F j \a\t g:i a")


def therapist_email(appointment: Appointment, kind: str, *, policy: BookingPolicy) -> EmailMessage:
    context = _context(appointment, kind, policy)
    subject = _THERAPIST_SUBJECTS[kind, context["is_requested"]].format(
        name=one_line(appointment.contact_name), day=_short_time(appointment.starts_at)
    )
    return EmailMessage(
        subject=subject,
        body=_tidy(render_to_string("bookings/email/therapist_notice.txt", context)),
        to=[settings.THERAPIST_EMAIL],
        reply_to=[appointment.client.email],
    )


def daily_agenda_email(agenda: DailyAgenda) -> EmailMultiAlternatives:
    """Taylor's morning email: the day's visits in order, where, and the drives between."""
    day = dateformat.format(agenda.day, "l, F j")
    count = len(agenda.visits)
    visits = [
        {
            "number": number,
            "visit": visit,
            "appointment": visit.appointment,
            "service": visit.appointment.option.service,
            "minutes": visit.appointment.option.minutes,
            "starts": dateformat.format(local(visit.appointment.starts_at), "g:i a T"),
            "ends": dateformat.format(local(visit.appointment.ends_at), "g:i a"),
            "is_requested": visit.appointment.status == Appointment.Status.REQUESTED,
        }
        for number, visit in enumerate(agenda.visits, start=1)
    ]
    context = {
        "day": day,
        "visits": visits,
        "route": agenda.route,
        "subject": (f"Your visits on {day}: {count}" if count else f"No visits booked for {day}"),
        "practice": settings.PRACTICE,
        "admin_url": settings.SITE_URL + reverse("admin:bookings_appointment_changelist"),
        # Names and links only: what the note holds never travels by email.
        "notes_due": [
            {
                "starts": dateformat.format(local(due.starts_at), "M j, g:i a"),
                "name": due.person.name,
                "url": settings.SITE_URL
                + reverse("admin:bookings_appointment_note", args=[due.pk]),
            }
            for due in agenda.notes_due
        ],
    }
    message = EmailMultiAlternatives(
        subject=context["subject"],
        body=_tidy(render_to_string("bookings/email/therapist_agenda.txt", context)),
        to=[settings.THERAPIST_EMAIL],
    )
    message.attach_alternative(
        render_to_string("bookings/email/therapist_agenda.html", context), "text/html"
    )
    return message


def receipt_email(receipt: Receipt) -> EmailMultiAlternatives:
    """The client's receipt: its details in text and HTML, and the PDF for the insurer."""
    context = documents.receipt_context(receipt)
    context["site_url"] = settings.SITE_URL
    context["subject"] = (
        f"Corrected receipt {receipt.number} from {receipt.practice_name}"
        if receipt.replaces_id
        else f"Your receipt {receipt.number} from {receipt.practice_name}"
    )
    message = EmailMultiAlternatives(
        subject=context["subject"],
        body=_tidy(render_to_string("bookings/email/receipt.txt", context)),
        to=[receipt.appointment.client.email],
        reply_to=[settings.PRACTICE["email"]],
    )
    message.attach_alternative(
        render_to_string("bookings/email/receipt.html", context), "text/html"
    )
    message.attach(pdf.receipt_filename(receipt), pdf.receipt_pdf(receipt), "application/pdf")
    return message


_HOLD_SUBJECTS = {
    "confirm": "Confirm your booking for {day}",
    "released": "Your held time on {day} was released",
}


def hold_email(link: EmailLink, kind: str) -> EmailMultiAlternatives:
    """To the address typed with a booking made without signing in: the link that confirms it
    ("confirm"), or word that the time was released because nobody confirmed it ("released").
    It names the visit, never what was typed with it."""
    hold = link.hold
    context = {
        "kind": kind,
        "service": hold.option.service,
        "minutes": hold.option.minutes,
        "area": hold.area,
        "when": toronto_time(hold.starts_at),
        "expires": dateformat.format(local(hold.expires_at), "g:i a T"),
        "link_url": url_for(link),
        "book_url": settings.SITE_URL + reverse("bookings:start"),
        "practice": settings.PRACTICE,
        "site_url": settings.SITE_URL,
        "subject": _HOLD_SUBJECTS[kind].format(day=_short_time(hold.starts_at)),
    }
    return _account_message(f"hold_{kind}", context, to=link.email)


def sign_in_email(link: EmailLink) -> EmailMultiAlternatives:
    context = {
        "link_url": url_for(link),
        "expires": dateformat.format(local(link.expires_at), "g:i a T"),
        "practice": settings.PRACTICE,
        "site_url": settings.SITE_URL,
        "subject": f"Your sign-in link for {settings.PRACTICE['name']}",
    }
    return _account_message("sign_in", context, to=link.email)


def record_request_notice(request: RecordRequest) -> EmailMessage:
    """Taylor's notice that a client asked for a copy of their record. It names who and when,
    and links to the request in admin; the record itself never goes by email."""
    url = reverse("admin:bookings_recordrequest_change", args=[request.pk])
    return EmailMessage(
        subject=f"Record request: {one_line(request.person.name)}",
        body=_tidy(
            render_to_string(
                "bookings/email/therapist_record_request.txt",
                {
                    "request": request,
                    "requested": toronto_time(request.requested_at),
                    "admin_url": settings.SITE_URL + url,
                },
            )
        ),
        to=[settings.THERAPIST_EMAIL],
    )


def _account_message(template: str, context: dict, *, to: str) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=context["subject"],
        body=_tidy(render_to_string(f"bookings/email/{template}.txt", context)),
        to=[to],
        reply_to=[settings.PRACTICE["email"]],
    )
    message.attach_alternative(
        render_to_string(f"bookings/email/{template}.html", context), "text/html"
    )
    return message


_REQUEST_SUBJECTS = {
    "extended": "Your record request: a new date for the answer",
    "answered": "Your record is ready in your account",
}


def record_request_update(request: RecordRequest, kind: str) -> EmailMultiAlternatives:
    """To the client who asked for their record: the deadline was extended (with Taylor's
    notice), or the package is ready to download from the account. The record itself is never
    attached: it is delivered only to the signed-in account."""
    context = {
        "kind": kind,
        "request": request,
        "due": dateformat.format(request.due_on, "F j, Y"),
        "account_url": settings.SITE_URL + reverse("clients:visits"),
        "practice": settings.PRACTICE,
        "site_url": settings.SITE_URL,
        "subject": _REQUEST_SUBJECTS[kind],
    }
    return _account_message(f"record_request_{kind}", context, to=request.account.email)
