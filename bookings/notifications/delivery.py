"""Sending what messages.py builds: each email loaded from its rows, checked still current, and
sent once.

The sent-once memory lives in the cache (Redis in production) under a key naming the work, for
example the task id and the recipient. `send_once` claims the key before sending, with a short
lease, so two runs at the same moment send one message; it keeps the key for two days once
sent, so a retry or a redelivered task skips what already went out; and it drops the key when
sending fails, so the next try sends. Delivery stays at least once: a worker killed after the
mail server took a message and before the key was marked sent leaves a claim that runs out
after the lease, and a redelivery (an hour later, after Redis's visibility timeout) sends the
message again.
"""

import logging
from collections.abc import Callable
from datetime import date

from django.core.cache import cache

from bookings.billing.models import Receipt
from bookings.clients.models import EmailLink
from bookings.clinical.intake import record_intake_read
from bookings.privacy import audit
from bookings.privacy.models import RecordRequest
from bookings.scheduling.models import Appointment, BookingHold, BookingPolicy
from stillwaters import clock

from . import messages
from .agenda import build_daily_agenda

logger = logging.getLogger(__name__)

SENDING_LEASE_SECONDS = 10 * 60
SENT_MEMORY_SECONDS = 60 * 60 * 48


def send_once(key: str | None, send: Callable[[], object]) -> bool:
    """Call `send` unless a send under `key` succeeded or is under way; False when skipped.

    With no key, always send: a direct call has no retry to guard against.
    """
    if key is None:
        send()
        return True
    if not cache.add(key, "sending", SENDING_LEASE_SECONDS):
        return False
    try:
        send()
    except BaseException:
        cache.delete(key)
        raise
    cache.set(key, "sent", SENT_MEMORY_SECONDS)
    return True


def deliver_appointment_email(
    appointment_id: int, kind: str, *, once_key: str | None = None, client_only: bool = False
) -> None:
    """Email the client and Taylor that an appointment was booked, rescheduled or cancelled;
    `client_only` resends the client's alone (with a new manage link, after a revoke).

    The two emails are sent independently: a failure of one does not hold back the other, and
    the first failure is raised once both were tried. With `once_key` (the task id), each is
    sent once however often the task runs.
    """
    if kind not in messages.KINDS:
        raise ValueError(
            f"Unknown appointment email kind {kind!r}; expected one of {messages.KINDS}."
        )
    appointment = Appointment.objects.select_related("client", "option__service", "area").get(
        pk=appointment_id
    )
    if not messages.is_current(appointment, kind):
        return
    policy = BookingPolicy.current()
    failure = None
    recipients = [("client", messages.client_email), ("therapist", messages.therapist_email)]
    for recipient, build in recipients[:1] if client_only else recipients:
        key = f"bookings:email-sent:{once_key}:{recipient}" if once_key else None
        try:
            sent = send_once(
                key, lambda build=build: build(appointment, kind, policy=policy).send()
            )
        except OSError as error:  # smtplib.SMTPException is an OSError
            failure = failure or error
            continue
        if sent and recipient == "therapist":
            audit.record(
                audit.Action.EMAIL, f"{kind} email to the therapist", appointment=appointment,
                fields="address, access and parking notes",
            )  # fmt: skip
    if failure is not None:
        raise failure


def deliver_receipt_email(receipt_id: int, *, once_key: str | None = None) -> bool:
    """Email the client a receipt, once; False when there was nothing to send.

    A receipt replaced before its email went out is not sent: its replacement's email is.
    """
    receipt = Receipt.objects.select_related("appointment__client", "replaces", "replaced_by").get(
        pk=receipt_id
    )
    if receipt.is_void:
        return False
    key = f"bookings:receipt-sent:{once_key}" if once_key else None
    sent = send_once(key, lambda: messages.receipt_email(receipt).send())
    if sent:
        audit.record(
            audit.Action.EMAIL, "receipt emailed to the client", receipt=receipt,
            fields=audit.RECEIPT,
        )  # fmt: skip
    return sent


def deliver_daily_agenda(day: date | None = None, *, resend: bool = False) -> bool:
    """Email Taylor the day's agenda (today in Toronto by default) once; False if already sent.

    The once-a-day key makes two beat ticks or a rerun send it once; `resend` forgets it first.
    """
    day = day or clock.today()
    key = f"bookings:agenda-sent:{day.isoformat()}"
    if resend:
        cache.delete(key)
    agenda = build_daily_agenda(day)
    if not send_once(key, lambda: messages.daily_agenda_email(agenda).send()):
        logger.info("Agenda for %s already sent", day)
        return False
    purpose = "daily agenda email"
    for visit in agenda.visits:
        audit.record(
            audit.Action.EMAIL, purpose, appointment=visit.appointment, fields=audit.VISIT_NOTES
        )
        shown = not visit.red_flags_withheld
        if shown and visit.health_intake is not None and visit.health_intake.red_flags:
            record_intake_read(
                visit.health_intake, None, purpose, action=audit.Action.EMAIL, fields="red flags"
            )
    logger.info("Agenda for %s sent (%s visits)", day, len(agenda.visits))
    return True


def deliver_hold_email(link_id: int, kind: str, *, once_key: str | None = None) -> bool:
    """Email a held booking's confirmation link ("confirm") or its release ("released"), once;
    False when there is nothing to send any more (a confirmation for a hold that has ended)."""
    link = EmailLink.objects.select_related("hold__option__service", "hold__area").get(pk=link_id)
    if kind == "confirm" and link.hold.status != BookingHold.Status.PENDING:
        return False
    key = f"bookings:hold-email-sent:{once_key}" if once_key else None
    return send_once(key, lambda: messages.hold_email(link, kind).send())


def deliver_sign_in_email(link_id: int, *, once_key: str | None = None) -> bool:
    link = EmailLink.objects.get(pk=link_id)
    key = f"bookings:sign-in-sent:{once_key}" if once_key else None
    return send_once(key, lambda: messages.sign_in_email(link).send())


def deliver_record_request_notice(request_id: int, *, once_key: str | None = None) -> bool:
    request = RecordRequest.objects.select_related("account", "person").get(pk=request_id)
    key = f"bookings:record-request-sent:{once_key}" if once_key else None
    return send_once(key, lambda: messages.record_request_notice(request).send())


def deliver_record_request_update(
    request_id: int, kind: str, *, once_key: str | None = None
) -> bool:
    request = RecordRequest.objects.select_related("account", "person").get(pk=request_id)
    key = f"bookings:record-request-update-sent:{once_key}" if once_key else None
    return send_once(key, lambda: messages.record_request_update(request, kind).send())
