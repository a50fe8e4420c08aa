"""Record requests: a client's right to a copy of their health record, answered within 30 days
(once extendable by up to 30 more, with written notice), with the record package: the printed
record of every visit plus the log of who saw that person's information. The package is kept
exactly as given, and every production and download of it is logged."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from bookings.clients.models import Person
from bookings.clinical import record
from bookings.notifications.tasks import send_record_request_notice, send_record_request_update
from stillwaters import clock

from . import audit
from .models import LONGEST_EXTENSION, RecordRequest


class RequestRefused(Exception):
    """The change breaks a rule of the request's handling; the message says which."""


def make_request(
    person: Person, *, note: str = "", channel: str = RecordRequest.Channel.ACCOUNT, now=None
) -> RecordRequest:
    """Record a request and tell Taylor."""
    with transaction.atomic():
        request = RecordRequest.objects.create(
            account=person.account, person=person, channel=channel, note=note,
            requested_at=now or timezone.now(),
        )  # fmt: skip
        send_record_request_notice.delay(request.pk)
    return request


def open_requests():
    """Requests not yet answered, the nearest deadline first."""
    return RecordRequest.objects.filter(answered_at__isnull=True).select_related("person")


def extend(request: RecordRequest, *, days: int, notice: str, now=None) -> RecordRequest:
    """Move the deadline once, by 1 to 30 days, and send the client the written notice."""
    if request.is_answered:
        raise RequestRefused("This request is answered already.")
    if request.extended_to is not None:
        raise RequestRefused("The deadline can be extended only once.")
    if not 1 <= days <= LONGEST_EXTENSION.days:
        raise RequestRefused(f"Extend by 1 to {LONGEST_EXTENSION.days} days.")
    if not notice.strip():
        raise RequestRefused("Write the notice the client receives: why, and the new date.")
    with transaction.atomic():
        request.extended_to = request.due_on + timedelta(days=days)
        request.extension_notice = notice.strip()
        request.save(update_fields=["extended_to", "extension_notice"])
        send_record_request_update.delay(request.pk, "extended")
    return request


def answer(request: RecordRequest, *, user, now: datetime | None = None) -> RecordRequest:
    """Produce the record package, keep it with the request, and tell the client it is ready
    in their account."""
    now = now or timezone.now()
    if request.is_answered:
        return request
    package = package_pdf(request.person, user)
    with transaction.atomic():
        request.package = package
        request.answered_at = now
        request.answered_by = user
        request.save(update_fields=["package", "answered_at", "answered_by"])
        log(request, user, "record package produced", now=now)
        send_record_request_update.delay(request.pk, "answered")
    return request


def package_pdf(person: Person, user) -> bytes:
    """The person's whole record, then who has seen their information, as one PDF."""
    printed = record.for_person(person, user)
    entries = person.audit_log.order_by("accessed_at", "pk")
    return record.pdf(printed, access_log=list(entries))


def log(request: RecordRequest, user, purpose: str, *, now=None) -> None:
    audit.record(
        audit.Action.DISCLOSE, purpose, user=user, by=request.person.name,
        record_request=request, fields="record package", now=now,
    )  # fmt: skip


def days_left(request: RecordRequest, *, now=None) -> int:
    return (request.due_on - clock.today(now)).days
