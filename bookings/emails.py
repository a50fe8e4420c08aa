"""Every email the bookings app sends is rendered here.

Templates live in `bookings/templates/bookings/email/`. Each client email is a pair,
`client_<kind>.txt` and `client_<kind>.html`, extending `client_base.txt` / `client_base.html`,
which hold the appointment details, what to prepare, the manage link, the cancellation policy
and the practice's contact details; the reminder (`client_reminder`) is one more pair beside
them. Taylor's daily agenda is `therapist_agenda.txt` / `.html`. A receipt's email is
`receipt.txt` / `.html`, with the receipt's PDF attached.
"""

import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone

from . import receipt_pdf, receipts
from .ics import TORONTO, appointment_calendar, manage_url
from .models import Appointment, BookingPolicy, Receipt, Reminder

if TYPE_CHECKING:
    from .agenda import DailyAgenda

KINDS = ("booked", "rescheduled", "cancelled")
CALENDAR_FILENAME = "stillwaters-appointment.ics"
REMINDER_HEADER = "X-Stillwaters-Reminder"

# Retries and redelivery of one task happen within hours; a day is ample and then forgotten.
_SENT_MEMORY_SECONDS = 60 * 60 * 24

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
    return dateformat.format(timezone.localtime(value, TORONTO), r"l, F j, Y \a\t g:i a T")


def _short_time(value: datetime) -> str:
    return dateformat.format(timezone.localtime(value, TORONTO), r"l, F j \a\t g:i a")


def _tidy(text: str) -> str:
    # Template tags on lines of their own leave blank runs behind in plain text.
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _load(appointment_id: int) -> Appointment:
    return Appointment.objects.select_related("client", "option__service", "area").get(
        pk=appointment_id
    )


def is_current(appointment: Appointment, kind: str) -> bool:
    """Whether a `kind` email still describes the appointment.

    A queued confirmation that runs after the appointment was cancelled would contradict the
    cancellation the client already has, and the reverse; such emails are dropped. Moves need
    no check: every email shows the appointment as it is when sent.
    """
    return (kind == "cancelled") == (appointment.status == Appointment.Status.CANCELLED)


def _context(appointment: Appointment, kind: str) -> dict:
    policy = BookingPolicy.load()
    window = timedelta(hours=policy.cancellation_window_hours)
    cancelled = appointment.status == Appointment.Status.CANCELLED
    return {
        "kind": kind,
        "appointment": appointment,
        "service": appointment.option.service,
        "minutes": appointment.option.minutes,
        "when": toronto_time(appointment.starts_at),
        "ends": dateformat.format(timezone.localtime(appointment.ends_at, TORONTO), "g:i a"),
        "price": f"${appointment.price:,.2f}",
        "is_requested": appointment.status == Appointment.Status.REQUESTED,
        "manage_url": None if cancelled else manage_url(appointment),
        "window_hours": policy.cancellation_window_hours,
        "change_deadline": toronto_time(appointment.starts_at - window),
        "practice": settings.PRACTICE,
        "site_url": settings.SITE_URL,
    }


def client_email(appointment: Appointment, kind: str) -> EmailMultiAlternatives:
    context = _context(appointment, kind)
    context["subject"] = _CLIENT_SUBJECTS[kind, context["is_requested"]].format(
        day=_short_time(appointment.starts_at)
    )
    return _client_message(appointment, context)


def reminder_email(reminder: Reminder, *, now: datetime | None = None) -> EmailMultiAlternatives:
    """The client's reminder of a confirmed visit; `now` decides 'today' or 'tomorrow'."""
    appointment = reminder.appointment
    context = _context(appointment, "reminder")
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
    local = timezone.localtime(starts_at, TORONTO)
    days = (local.date() - timezone.localtime(now, TORONTO).date()).days
    clock = dateformat.format(local, "g:i a")
    if days == 0:
        return f"today at {clock}"
    if days == 1:
        return f"tomorrow at {clock}"
    return "on " + dateformat.format(local, r"l, F j \a\t g:i a")


def therapist_email(appointment: Appointment, kind: str) -> EmailMessage:
    context = _context(appointment, kind)
    subject = _THERAPIST_SUBJECTS[kind, context["is_requested"]].format(
        name=appointment.contact_name, day=_short_time(appointment.starts_at)
    )
    return EmailMessage(
        subject=subject,
        body=_tidy(render_to_string("bookings/email/therapist_notice.txt", context)),
        to=[settings.THERAPIST_EMAIL],
        reply_to=[appointment.client.email],
    )


def send_appointment_email(appointment_id: int, kind: str, *, once_key: str | None = None) -> None:
    """Email the client and Taylor that an appointment was booked, rescheduled or cancelled.

    The two emails are sent independently: a failure of one does not hold back the other, and
    the first failure is raised once both were tried. With `once_key` (the task id), an email
    that went out is remembered in the cache, so a retry or a redelivered task sends only what
    is missing. Delivery is still at least once: a crash between the SMTP server accepting a
    message and the cache recording it sends that message again.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown appointment email kind {kind!r}; expected one of {KINDS}.")
    appointment = _load(appointment_id)
    if not is_current(appointment, kind):
        return

    failure = None
    for name, build in (("client", client_email), ("therapist", therapist_email)):
        sent_key = f"bookings:email-sent:{once_key}:{name}" if once_key else None
        if sent_key and cache.get(sent_key):
            continue
        try:
            build(appointment, kind).send()
        except OSError as error:  # smtplib.SMTPException is an OSError
            failure = failure or error
            continue
        if sent_key:
            cache.set(sent_key, True, _SENT_MEMORY_SECONDS)
    if failure is not None:
        raise failure


def daily_agenda_email(agenda: "DailyAgenda") -> EmailMultiAlternatives:
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
            "starts": dateformat.format(
                timezone.localtime(visit.appointment.starts_at, TORONTO), "g:i a T"
            ),
            "ends": dateformat.format(
                timezone.localtime(visit.appointment.ends_at, TORONTO), "g:i a"
            ),
            "is_requested": visit.appointment.status == Appointment.Status.REQUESTED,
        }
        for number, visit in enumerate(agenda.visits, start=1)
    ]
    context = {
        "day": day,
        "visits": visits,
        "subject": (f"Your visits on {day}: {count}" if count else f"No visits booked for {day}"),
        "practice": settings.PRACTICE,
        "admin_url": settings.SITE_URL + reverse("admin:bookings_appointment_changelist"),
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
    context = receipts.receipt_context(receipt)
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
    message.attach(
        receipt_pdf.receipt_filename(receipt), receipt_pdf.receipt_pdf(receipt), "application/pdf"
    )
    return message


def send_receipt_email(receipt_id: int, *, once_key: str | None = None) -> bool:
    """Email the client a receipt, once; False when there was nothing to send.

    A receipt replaced before its email went out is not sent: its replacement's email is. With
    `once_key` (the task id) a sent email is remembered, so a retry or redelivery skips it.
    """
    receipt = Receipt.objects.select_related("appointment__client", "replaces", "replaced_by").get(
        pk=receipt_id
    )
    sent_key = f"bookings:receipt-sent:{once_key}" if once_key else None
    if receipt.is_void or (sent_key and cache.get(sent_key)):
        return False
    receipt_email(receipt).send()
    if sent_key:
        cache.set(sent_key, True, _SENT_MEMORY_SECONDS)
    return True
