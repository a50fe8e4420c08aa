"""The write side of bookings: book, confirm, reschedule and cancel an appointment.

Every write that takes Taylor's time first locks the one BookingPolicy row, so bookings run one
at a time: each re-checks availability inside the lock and sees every booking committed before
it. On PostgreSQL the exclusion constraint `appointment_no_overlap` backs this up; on SQLite the
IMMEDIATE transaction mode takes the write lock at BEGIN and `select_for_update` does nothing.
Losing a race, however it shows up, is SlotTaken with the nearest free starts, never a 500.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime, timedelta

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from bookings.clients.household import ClientDetails, is_minor, person_for_booking
from bookings.clients.models import Person
from bookings.clinical.intake import IntakeDetails, save_intake
from bookings.notifications.reminders import cancel_pending_reminders, plan_reminders
from bookings.notifications.tasks import send_appointment_email
from content.models import ServiceArea
from stillwaters.clock import in_utc, local

from . import availability, pricing
from .models import Appointment, BookingOption, BookingPolicy
from .travel import place_key, place_of

logger = logging.getLogger(__name__)

ALTERNATIVES_OFFERED = 3

# SQLSTATEs that mean another transaction won the race for the same time: deadlock_detected and
# serialization_failure (psycopg2's DeadlockDetected, SerializationFailure).
_RACE_SQLSTATES = {"40P01", "40001"}
_EXCLUSION_VIOLATION = "23P01"
_NO_OVERLAP_CONSTRAINT = "appointment_no_overlap"


class SlotTaken(Exception):
    """The start is held by another appointment (or the drive to it, or time off)."""

    def __init__(self, alternatives: list[datetime]):
        super().__init__("That time has just been taken. Please choose another.")
        self.alternatives = alternatives


class BookingRefused(Exception):
    """The request breaks a booking rule; the message says which, in words for the client."""


class Occupied(Exception):
    """Raised inside the lock; turned into SlotTaken once the transaction has rolled back."""


def book_appointment(
    *,
    option: BookingOption,
    area: ServiceArea,
    starts_at: datetime,
    client: ClientDetails,
    person: Person | None = None,
    notes: str = "",
    intake: IntakeDetails | None = None,
    intake_source: str | None = None,
    guardian_consent_by: str = "",
    reported_areas=(),
    now: datetime | None = None,
    override_working_hours: bool = False,
    submission_key: str = "",
) -> Appointment:
    """Book a visit, or raise SlotTaken / BookingRefused. Taylor may book outside his hours
    and inside the minimum notice (`override_working_hours`), never in the past.

    Only verified callers book: Taylor, a signed-in client (who names the `person`), and a
    held booking confirmed from its email (clients/holds.py). Without a `person`, the visit is
    for the person with the typed name in the email's household (clients/household.py). The
    name, phone and address typed are recorded on the appointment; a booking never rewrites
    an account on file. A health history given with the booking (saved as `intake_source`
    says it came) is saved in the same transaction, so a booking that loses its time saves
    none of the client's health details either. A minor's visit needs the consent of the
    guardian named in `guardian_consent_by`. `reported_areas` are the pain finder places the
    client came from, shown on the visit's body chart. A `submission_key` already used (the
    same confirm form sent twice) gives back the visit it booked, booking nothing more.
    """
    if intake is not None and intake_source is None:
        raise ValueError("Say how the health history came (intake_source).")
    now = now or timezone.now()
    starts_at = in_utc(starts_at, "starts_at")
    place = place_key(client.postal_code, client.address, client.unit)
    with (
        losing_the_race_is_slot_taken(option, area, starts_at, now=now, place=place),
        transaction.atomic(),
    ):
        policy = BookingPolicy.lock()
        earlier = submission_key and Appointment.objects.filter(submission_key=submission_key)
        if earlier and earlier.exists():
            return earlier.get()
        option = BookingOption.objects.select_related("service").get(pk=option.pk)
        if not option.is_active:
            raise BookingRefused(f"{option} is no longer offered. Please choose another.")
        check_start(
            option,
            area,
            starts_at,
            policy=policy,
            now=now,
            respect_working_hours=not override_working_hours,
            respect_notice=not override_working_hours,
            place=place,
        )
        if person is None:
            account, person = person_for_booking(client)
        else:
            account = person.account
        minor = is_minor(person, local(starts_at).date())
        if minor and not guardian_consent_by.strip():
            raise BookingRefused(
                f"{person.name} is under 18: a parent or guardian must consent to the treatment."
            )
        appointment = Appointment.objects.create(
            client=account,
            person=person,
            guardian_consent_by=guardian_consent_by.strip() if minor else "",
            guardian_consent_at=now if minor else None,
            option=option,
            price=option.price,
            travel_fee=pricing.travel_fee(area),
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=option.minutes),
            area=area,
            status=(
                Appointment.Status.CONFIRMED
                if policy.confirm_automatically
                else Appointment.Status.REQUESTED
            ),
            notes=notes,
            submission_key=submission_key,
            **_visit_details(client),
        )
        appointment.reported_areas.set(reported_areas)
        if intake is not None:
            save_intake(person, intake, now=now, source=intake_source, given_with=appointment)
        # A request's reminders are planned too; they wait until it is confirmed.
        plan_reminders(appointment, now=now)
        send_appointment_email.delay(appointment.pk, "booked")
    logger.info("Appointment %s booked (%s) for %s", appointment.pk, appointment.status, starts_at)
    return appointment


def reschedule_appointment(
    appointment: Appointment, starts_at: datetime, *, now: datetime | None = None
) -> Appointment:
    """Move a client's appointment while the window allows; its id, price and travel fee stay."""
    now = now or timezone.now()
    starts_at = in_utc(starts_at, "starts_at")
    option, area, place = appointment.option, appointment.area, place_of(appointment)
    with (
        losing_the_race_is_slot_taken(
            option, area, starts_at, now=now, ignore_appointment_id=appointment.pk, place=place
        ),
        transaction.atomic(),
    ):
        policy = BookingPolicy.lock()
        current = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if not _client_may_change(current, policy=policy, now=now):
            raise _no_change(current, policy)
        moved = current.starts_at != starts_at
        if moved:
            check_start(
                option,
                area,
                starts_at,
                policy=policy,
                now=now,
                ignore_appointment_id=current.pk,
                place=place,
            )
            current.starts_at = starts_at
            current.ends_at = starts_at + timedelta(minutes=option.minutes)
            current.save(update_fields=["starts_at", "ends_at"])
            plan_reminders(current, now=now)
            send_appointment_email.delay(current.pk, "rescheduled")
    if moved:
        logger.info("Appointment %s rescheduled to %s", current.pk, starts_at)
    appointment.refresh_from_db()
    return appointment


def cancel_appointment(
    appointment: Appointment,
    *,
    now: datetime | None = None,
    by_therapist: bool = False,
    reason: str = "",
) -> Appointment:
    """Cancel an upcoming appointment. Clients must be outside the window; Taylor need not be.
    `reason` is what the client gave, kept with the visit for Taylor.

    Cancelling twice is harmless: the second call changes nothing and sends no email.
    """
    now = now or timezone.now()
    policy = BookingPolicy.current()
    # The conditional update claims the change, so two cancellations cannot both send an email.
    upcoming = Appointment.objects.open().filter(pk=appointment.pk)
    if not by_therapist:
        upcoming = upcoming.filter(starts_at__gt=_change_cutoff(policy, now))
    with transaction.atomic():
        cancelled = (
            upcoming.update(status=Appointment.Status.CANCELLED, cancellation_reason=reason) == 1
        )
        if cancelled:
            cancel_pending_reminders(appointment)
            send_appointment_email.delay(appointment.pk, "cancelled")
    appointment.refresh_from_db()
    if cancelled:
        logger.info("Appointment %s cancelled by %s", appointment.pk, _who(by_therapist))
    elif appointment.status != Appointment.Status.CANCELLED:
        raise _no_change(appointment, policy)
    return appointment


def confirm_appointment(appointment: Appointment, *, now: datetime | None = None) -> Appointment:
    """Taylor approves a requested visit: it becomes confirmed and the client is emailed.

    Its reminders were planned at booking and have waited; any already due are skipped, since
    the confirmation email goes out now. Confirming twice changes nothing the second time.
    """
    now = now or timezone.now()
    with transaction.atomic():
        confirmed = (
            Appointment.objects.filter(
                pk=appointment.pk, status=Appointment.Status.REQUESTED, starts_at__gt=now
            ).update(status=Appointment.Status.CONFIRMED)
            == 1
        )
        if confirmed:
            plan_reminders(Appointment.objects.get(pk=appointment.pk), now=now)
            send_appointment_email.delay(appointment.pk, "booked")
    appointment.refresh_from_db()
    if confirmed:
        logger.info("Appointment %s confirmed", appointment.pk)
    elif appointment.status == Appointment.Status.REQUESTED:
        raise BookingRefused("This request's time has passed; it can no longer be confirmed.")
    elif appointment.status != Appointment.Status.CONFIRMED:
        raise _no_change(appointment, BookingPolicy.current())
    return appointment


def can_client_change(appointment: Appointment, *, now: datetime | None = None) -> bool:
    """Whether the client may still cancel or reschedule online."""
    return _client_may_change(
        appointment, policy=BookingPolicy.current(), now=now or timezone.now()
    )


def change_deadline(appointment: Appointment, policy: BookingPolicy | None = None) -> datetime:
    """The last moment the client may cancel or reschedule online, in UTC."""
    policy = policy or BookingPolicy.current()
    return appointment.starts_at - timedelta(hours=policy.cancellation_window_hours)


def _client_may_change(appointment: Appointment, *, policy: BookingPolicy, now: datetime) -> bool:
    return appointment.is_open and appointment.starts_at > _change_cutoff(policy, now)


def _change_cutoff(policy: BookingPolicy, now: datetime) -> datetime:
    return now + timedelta(hours=policy.cancellation_window_hours)


def _no_change(appointment: Appointment, policy: BookingPolicy) -> BookingRefused:
    if appointment.is_open:
        return BookingRefused(
            "Appointments can be changed online until "
            f"{policy.cancellation_window_hours} hours before they start. "
            "Please call or email Taylor."
        )
    return BookingRefused(
        f"This appointment is {appointment.get_status_display().lower()} "
        "and can no longer be changed."
    )


def _who(by_therapist: bool) -> str:
    return "the therapist" if by_therapist else "the client"


def check_start(
    option: BookingOption,
    area: ServiceArea,
    starts_at: datetime,
    *,
    policy: BookingPolicy,
    now: datetime,
    ignore_appointment_id: int | None = None,
    respect_working_hours: bool = True,
    respect_notice: bool = True,
    place: str = "",
) -> None:
    """Raise Occupied if something holds the time, BookingRefused if it is simply not offered.
    `place` is the visit's address (travel.place_key): visits already booked there need no
    drive.

    The second look drops working hours and notice: a start still not free then is held by an
    appointment, the drive to or from one, or time off. The horizon applies to both looks, so
    it is checked here first. Without notice a start must still be in the future: a visit
    booked in the past would be reminded of and receipted as if it were to come.
    """
    if starts_at <= now:
        raise BookingRefused("That time has already passed. Please choose a later one.")
    if availability.is_start_free(
        option,
        area,
        starts_at,
        now=now,
        ignore_appointment_id=ignore_appointment_id,
        respect_working_hours=respect_working_hours,
        respect_notice=respect_notice,
        place=place,
    ):
        return
    if starts_at > now + timedelta(days=policy.horizon_days):
        raise BookingRefused(
            f"Bookings open {policy.horizon_days} days ahead. Please choose an earlier date."
        )
    if not availability.is_start_free(
        option,
        area,
        starts_at,
        now=now,
        ignore_appointment_id=ignore_appointment_id,
        respect_working_hours=False,
        respect_notice=False,
        place=place,
    ):
        raise Occupied
    if starts_at < now + timedelta(hours=policy.minimum_notice_hours):
        raise BookingRefused(
            f"Visits need at least {policy.minimum_notice_hours} hours' notice. "
            "Please choose a later time, or call Taylor for a sooner one."
        )
    raise BookingRefused(
        "Taylor does not start visits at that time. Please choose one of the times shown."
    )


def _visit_details(details: ClientDetails) -> dict[str, str]:
    """Who the visit is for, how to reach them and where, as typed for this booking."""
    fields = asdict(details)
    del fields["email"]  # the email is the client's, never the visit's
    return {"contact_name": fields.pop("name"), "contact_phone": fields.pop("phone"), **fields}


@contextmanager
def losing_the_race_is_slot_taken(
    option: BookingOption,
    area: ServiceArea,
    starts_at: datetime,
    *,
    now: datetime,
    ignore_appointment_id: int | None = None,
    place: str = "",
) -> Iterator[None]:
    """Turn every way of losing a start to another booking into SlotTaken with alternatives.

    Wraps the transaction, so the alternatives are read after it has rolled back.
    """
    try:
        yield
    except Occupied as error:
        lost = error
    except (IntegrityError, OperationalError) as error:
        if not _is_lost_race(error):
            raise
        lost = error
    else:
        return
    alternatives = availability.nearest_free_starts(
        option,
        area,
        starts_at,
        count=ALTERNATIVES_OFFERED,
        now=now,
        ignore_appointment_id=ignore_appointment_id,
        place=place,
    )
    raise SlotTaken(alternatives) from lost


def _is_lost_race(error: IntegrityError | OperationalError) -> bool:
    cause = error.__cause__
    sqlstate = getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)
    if sqlstate == _EXCLUSION_VIOLATION:
        constraint = getattr(getattr(cause, "diag", None), "constraint_name", None)
        return constraint == _NO_OVERLAP_CONSTRAINT
    if sqlstate in _RACE_SQLSTATES:
        return True
    # SQLite: another writer held the lock for longer than the connection's timeout.
    return isinstance(error, OperationalError) and "database is locked" in str(error)
