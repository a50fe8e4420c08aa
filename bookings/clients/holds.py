"""Bookings made without signing in: the time is held while the person confirms from the link
emailed to the address they typed.

Until then nothing they typed touches a client or a health record: it waits in the hold, and
the hold keeps the time from everyone else for HOLD_MINUTES. Confirming books the visit as
book_appointment does, under the same lock, with the health answers saved as a new record that
names the visit it came with. A hold not confirmed in time is released, its details emptied,
and the person told. Every email gets the same pages, questions and messages whether or not it
belongs to a client, so the flow tells a stranger nothing.
"""

import logging
from dataclasses import asdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.dateformat import format as format_date

from bookings.clinical.intake import IntakeDetails
from bookings.clinical.models import HealthIntake
from bookings.notifications.tasks import send_hold_email
from bookings.scheduling import booking
from bookings.scheduling.models import Appointment, BookingHold, BookingOption, BookingPolicy
from bookings.scheduling.travel import place_key
from content.models import PainArea, ServiceArea
from stillwaters.clock import in_utc, local

from . import links
from .household import ClientDetails
from .models import ClientSession, EmailLink

logger = logging.getLogger(__name__)

HOLD_MINUTES = 30
# A confirm button pressed twice, or a retry of a slow request, lands within this of the first.
REPEAT_WITHIN = timedelta(minutes=2)
KEPT_AFTER_ENDING = timedelta(days=7)


def requester_key(address: str) -> str:
    """A keyed hash of the booker's network address, to count their holds without keeping it."""
    return salted_hmac("bookings.clients.hold-requester", address).hexdigest()[:32]


class HoldEnded(Exception):
    """The hold was confirmed already, or released; the message says which, for the client."""


def hold_booking(
    *,
    option: BookingOption,
    area: ServiceArea,
    starts_at: datetime,
    client: ClientDetails,
    notes: str,
    intake: IntakeDetails,
    requested_from: str,
    reported_areas: list[PainArea] = (),
    now: datetime | None = None,
    submission_key: str = "",
) -> BookingHold:
    """Hold the time and email the confirmation link, or raise SlotTaken / BookingRefused. A
    `submission_key` already used (the same confirm form sent twice) gives back its hold, with
    no second hold and no second email."""
    now = now or timezone.now()
    starts_at = in_utc(starts_at, "starts_at")
    email = client.email.strip()
    place = place_key(client.postal_code, client.address, client.unit)
    with (
        booking.losing_the_race_is_slot_taken(option, area, starts_at, now=now, place=place),
        transaction.atomic(),
    ):
        policy = BookingPolicy.lock()
        earlier = submission_key and BookingHold.objects.filter(submission_key=submission_key)
        if earlier and earlier.exists():
            return earlier.get()
        option = BookingOption.objects.select_related("service").get(pk=option.pk)
        if not option.is_active:
            raise booking.BookingRefused(f"{option} is no longer offered. Please choose another.")
        release_expired_holds(now=now)
        _refuse_too_many_holds(email, requested_from, now=now)
        booking.check_start(option, area, starts_at, policy=policy, now=now, place=place)
        hold = BookingHold.objects.create(
            option=option,
            area=area,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=option.minutes),
            email=email,
            details={
                "client": asdict(client),
                "notes": notes,
                "intake": asdict(intake),
                "reported_areas": [area.pk for area in reported_areas],
            },
            requested_from=requested_from,
            submission_key=submission_key,
            created_at=now,
            expires_at=now + timedelta(minutes=HOLD_MINUTES),
        )
        link = links.create(
            email, EmailLink.Purpose.CONFIRM_HOLD, now=now, minutes=HOLD_MINUTES, hold=hold
        )
        send_hold_email.delay(link.pk, "confirm")
    logger.info("Hold %s placed for %s", hold.pk, starts_at)
    return hold


def confirm_hold(link: EmailLink, *, now: datetime | None = None) -> Appointment:
    """Book the held visit from its link. Raises LinkRefused (used, or expired), HoldEnded, or
    SlotTaken / BookingRefused, after which the hold is released and its details emptied."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            BookingPolicy.lock()
            hold = BookingHold.objects.select_for_update().get(pk=link.hold_id)
            repeated = confirmed_moments_ago(link, now=now)
            if repeated is not None:
                return repeated
            if hold.status != BookingHold.Status.PENDING or hold.expires_at <= now:
                raise HoldEnded(_ended_message(hold))
            links.use(link, now=now)
            # Confirmed first, so the availability check inside book_appointment no longer
            # sees this hold as holding its own time.
            hold.status = BookingHold.Status.CONFIRMED
            hold.save(update_fields=["status"])
            appointment = booking.book_appointment(
                option=hold.option,
                area=hold.area,
                starts_at=hold.starts_at,
                client=ClientDetails(**hold.details["client"]),
                notes=hold.details["notes"],
                intake=_intake(hold.details["intake"]),
                intake_source=HealthIntake.Source.EMAIL_LINK,
                reported_areas=PainArea.objects.filter(
                    pk__in=hold.details.get("reported_areas", [])
                ),
                now=now,
            )
            hold.appointment = appointment
            hold.details = {}
            hold.save(update_fields=["appointment", "details"])
    except HoldEnded:
        release_expired_holds(now=now)
        raise
    except (booking.SlotTaken, booking.BookingRefused):
        _release(link.hold_id, tell_client=False)
        raise
    logger.info("Hold %s confirmed as appointment %s", hold.pk, appointment.pk)
    return appointment


def confirmed_moments_ago(link: EmailLink, *, now: datetime | None = None) -> Appointment | None:
    """The visit this hold link booked, when it was used just now: the same button sent again
    (a double click, or a retry while the first request was still booking) lands on the same
    confirmation. A link used longer ago is refused as used, as any single-use link is."""
    now = now or timezone.now()
    used_at = EmailLink.objects.filter(pk=link.pk).values_list("used_at", flat=True).first()
    if used_at is None or now - used_at > REPEAT_WITHIN or link.hold_id is None:
        return None
    return Appointment.objects.filter(hold__pk=link.hold_id).first()


def release_expired_holds(*, now: datetime | None = None) -> int:
    """Release the holds whose time ran out, emptying what was typed, and tell each person."""
    now = now or timezone.now()
    due = BookingHold.objects.filter(status=BookingHold.Status.PENDING, expires_at__lte=now)
    return sum(_release(hold_id, tell_client=True) for hold_id in due.values_list("pk", flat=True))


def forget_what_has_ended(*, now: datetime | None = None) -> None:
    """Delete released holds, used or expired links and ended sessions once a week has passed:
    an email typed by a stranger is not worth keeping, and a confirmed hold's visit keeps its
    own record."""
    now = now or timezone.now()
    week_ago = now - KEPT_AFTER_ENDING
    BookingHold.objects.filter(status=BookingHold.Status.RELEASED, expires_at__lt=week_ago).delete()
    EmailLink.objects.filter(hold__isnull=True, expires_at__lt=week_ago).delete()
    ClientSession.objects.filter(expires_at__lte=now).delete()


def _release(hold_id: int, *, tell_client: bool) -> bool:
    # The conditional update claims the release, so two sweeps tell the person once.
    released = BookingHold.objects.filter(pk=hold_id, status=BookingHold.Status.PENDING).update(
        status=BookingHold.Status.RELEASED, details={}
    )
    if released and tell_client:
        link = EmailLink.objects.filter(hold_id=hold_id).order_by("-pk").first()
        if link is not None:
            send_hold_email.delay(link.pk, "released")
    return bool(released)


def _refuse_too_many_holds(email: str, requested_from: str, *, now: datetime) -> None:
    pending = BookingHold.objects.holding(now).filter(
        Q(email__iexact=email) | Q(requested_from=requested_from)
    )
    allowed = settings.PENDING_HOLDS_ALLOWED
    if pending.count() >= allowed:
        first_free = min(pending.values_list("expires_at", flat=True))
        raise booking.BookingRefused(
            f"{allowed} bookings from you are already waiting for email "
            "confirmation. Confirm them from the emails we sent, or book again after "
            f"{format_date(local(first_free), 'g:i a')}, when the first is released."
        )


def _intake(answers: dict) -> IntakeDetails:
    return IntakeDetails(**{**answers, "contraindications": tuple(answers["contraindications"])})


def _ended_message(hold: BookingHold) -> str:
    if hold.status == BookingHold.Status.CONFIRMED:
        return "This booking is already confirmed."
    return (
        "This booking was not confirmed within "
        f"{HOLD_MINUTES} minutes, so its time was released. Please book again."
    )
