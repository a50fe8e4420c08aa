"""Appointment reminders, each sent exactly once.

Every reminder is a row with its due time, planned when an appointment is booked, re-planned
when it moves or is confirmed, and cancelled with it. A beat task (or cron running
`send_due_reminders`) calls `dispatch_due_reminders` every minute; it sends each due reminder
of a confirmed, upcoming appointment like this:

1. Claim: one conditional UPDATE, pending (or claimed with an expired lease) to claimed, with a
   lease (`claimed_until`) and `attempts` + 1. It filters on the attempts it read, so the row
   count says who won: 1, this process sends; 0, another claimed it first (healthchecks'
   sendalerts).
2. Send the email.
3. Mark it sent with a second conditional UPDATE that must find this very claim.

A process killed between 1 and 2 leaves a claimed row; once the lease runs out the next
dispatch claims it again, so nothing is lost. A process killed between 2 and 3 has sent the
email without recording it, and the reclaim sends it again: that is the one at-least-once
window, at most one message per killed process. An SMTP error puts the row back to pending
with a retry time in `claimed_until` (1, 2, 4, 8 minutes); after REMINDER_MAX_ATTEMPTS tries
it is failed, with the error shown in admin.

A reminder more than REMINDER_TOO_LATE_MINUTES late (or half its offset, if that is less) is
skipped: a "tomorrow" email that lands an hour before the visit helps no one. A reminder already
due when it is planned (a 24-hour reminder for a visit booked 3 hours ahead) is skipped at once,
since the booking or confirmation email the client receives at that moment says the same.
Offsets are durations: a 24-hour reminder goes out 24 real hours before, which on a clock-change
weekend is 23 or 25 hours on the wall clock.
"""

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from bookings.scheduling.models import Appointment, BookingPolicy

from . import messages
from .models import Reminder, ReminderOffset

logger = logging.getLogger(__name__)

# States a reminder may still leave; the others are final.
LIVE_STATUSES = (Reminder.Status.PENDING, Reminder.Status.CLAIMED)


@dataclass
class DispatchCounts:
    """What one dispatch did: how many reminders it sent, skipped, gave up on, and so on."""

    sent: int = 0
    skipped: int = 0
    cancelled: int = 0
    retrying: int = 0
    failed: int = 0
    # Claimed by another process first; that one sends it.
    taken: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    def __str__(self) -> str:
        return ", ".join(f"{name} {count}" for name, count in self.as_dict().items())


def plan_reminders(appointment: Appointment, *, now: datetime | None = None) -> list[Reminder]:
    """Give the appointment one reminder per active offset, due that long before it starts.

    Safe to call again: a reminder whose due time is unchanged keeps its state (a sent one stays
    sent), except that a pending one already due is skipped, because the caller is about to
    email the client (confirming a request). A reminder whose due time changed (the visit
    moved) starts over, even if it was sent for the old time. Call it inside the transaction
    that changed the appointment, so the two commit together.
    """
    now = now or timezone.now()
    offsets = set(
        ReminderOffset.objects.filter(is_active=True).values_list("minutes_before", flat=True)
    )
    with transaction.atomic():
        return _plan(appointment, offsets, now)


def _plan(appointment: Appointment, offsets: set[int], now: datetime) -> list[Reminder]:
    existing = {
        reminder.minutes_before: reminder
        for reminder in Reminder.objects.select_for_update().filter(appointment=appointment)
    }
    planned = []
    for minutes in sorted(offsets, reverse=True):
        due_at = appointment.starts_at - timedelta(minutes=minutes)
        status, reason = _planned_status(due_at, now)
        reminder = existing.get(minutes)
        if reminder is None:
            reminder = Reminder.objects.create(
                appointment=appointment,
                minutes_before=minutes,
                due_at=due_at,
                status=status,
                last_error=reason,
            )
        elif reminder.due_at != due_at:
            reminder.due_at, reminder.status, reminder.last_error = due_at, status, reason
            reminder.attempts, reminder.claimed_until, reminder.sent_at = 0, None, None
            reminder.save()
        elif reminder.status == Reminder.Status.PENDING and status == Reminder.Status.SKIPPED:
            reminder.status, reminder.last_error, reminder.claimed_until = status, reason, None
            reminder.save(update_fields=["status", "last_error", "claimed_until"])
        planned.append(reminder)
    # An offset Taylor switched off since the last plan no longer reminds this visit.
    Reminder.objects.filter(appointment=appointment, status__in=LIVE_STATUSES).exclude(
        minutes_before__in=offsets
    ).update(status=Reminder.Status.CANCELLED, claimed_until=None)
    return planned


def cancel_pending_reminders(appointment: Appointment) -> int:
    """Cancel the reminders not yet sent; returns how many. Call inside the cancelling
    transaction. A reminder being sent right now loses its claim, so it is not marked sent."""
    return Reminder.objects.filter(appointment=appointment, status__in=LIVE_STATUSES).update(
        status=Reminder.Status.CANCELLED, claimed_until=None
    )


def dispatch_due_reminders(now: datetime | None = None) -> DispatchCounts:
    """Send every due reminder of a confirmed, upcoming appointment; skip or cancel the rest.

    Runs safely in any number of processes at once: each reminder is claimed by exactly one.
    `now` freezes the clock for tests; without it each claim reads the clock afresh, so a
    lease is never shortened by a long batch.
    """
    clock: Callable[[], datetime] = (lambda: now) if now is not None else timezone.now
    counts = DispatchCounts()
    _settle_waiting(clock(), counts)
    connection = get_connection()
    policy = BookingPolicy.current()
    try:
        for candidate in _due(clock()):
            outcome = _dispatch_one(candidate, clock, connection, policy)
            setattr(counts, outcome, getattr(counts, outcome) + 1)
    finally:
        _close_quietly(connection)
    return counts


def is_too_late(due_at: datetime, minutes_before: int, now: datetime) -> bool:
    """Whether a reminder due at `due_at`, `minutes_before` the visit, is too late at `now`."""
    grace = min(
        timedelta(minutes=settings.REMINDER_TOO_LATE_MINUTES), timedelta(minutes=minutes_before) / 2
    )
    return now > due_at + grace


def retry_delay(attempts: int) -> timedelta:
    """Wait after the n-th failed send: 1, 2, 4, 8 minutes."""
    return timedelta(minutes=2 ** max(attempts - 1, 0))


@dataclass(frozen=True)
class _Candidate:
    pk: int
    status: str
    attempts: int
    due_at: datetime
    minutes_before: int
    last_error: str
    starts_at: datetime


def _planned_status(due_at: datetime, now: datetime) -> tuple[str, str]:
    if due_at <= now:
        return Reminder.Status.SKIPPED, "Already due when planned; the client was emailed then."
    return Reminder.Status.PENDING, ""


def _as_read(candidate: _Candidate) -> dict:
    # Every claim changes the attempts and every re-plan the due time, so a row that still
    # has both is the one that was read.
    return {"pk": candidate.pk, "attempts": candidate.attempts, "due_at": candidate.due_at}


def _claimable(now: datetime) -> Q:
    """Pending and past any retry time, or claimed by a process whose lease has run out."""
    return Q(status=Reminder.Status.PENDING) & (
        Q(claimed_until__isnull=True) | Q(claimed_until__lte=now)
    ) | Q(status=Reminder.Status.CLAIMED, claimed_until__lte=now)


def _due(now: datetime) -> list[_Candidate]:
    rows = (
        Reminder.objects.filter(
            _claimable(now), due_at__lte=now, appointment__status=Appointment.Status.CONFIRMED
        )
        .order_by("due_at", "pk")
        .values_list(
            "pk",
            "status",
            "attempts",
            "due_at",
            "minutes_before",
            "last_error",
            "appointment__starts_at",
        )
    )
    return [_Candidate(*row) for row in rows]


def _settle_waiting(now: datetime, counts: DispatchCounts) -> None:
    """Close the due reminders that will never be sent, so admin shows why.

    Those of a cancelled or finished appointment are cancelled (the admin can change a status
    without the booking service). Those of a request still unconfirmed keep waiting until
    they are too late, then are skipped.
    """
    due = Reminder.objects.filter(_claimable(now), due_at__lte=now)
    counts.cancelled += due.exclude(appointment__status__in=Appointment.OPEN_STATUSES).update(
        status=Reminder.Status.CANCELLED, claimed_until=None
    )
    waiting = due.filter(
        status=Reminder.Status.PENDING, appointment__status=Appointment.Status.REQUESTED
    )
    for pk, due_at, minutes_before in waiting.values_list("pk", "due_at", "minutes_before"):
        if is_too_late(due_at, minutes_before, now):
            counts.skipped += Reminder.objects.filter(pk=pk, status=Reminder.Status.PENDING).update(
                status=Reminder.Status.SKIPPED,
                last_error="Still a request, not confirmed, when it was due.",
            )


def _dispatch_one(
    candidate: _Candidate, clock: Callable[[], datetime], connection, policy: BookingPolicy
) -> str:
    now = clock()
    # Read before the claim: these decide without sending, each a conditional update on the
    # state read, so a row another process changed meanwhile is left to it.
    if candidate.starts_at <= now or is_too_late(candidate.due_at, candidate.minutes_before, now):
        return _give_up(candidate, now)
    if candidate.attempts >= settings.REMINDER_MAX_ATTEMPTS:
        return _finish(
            candidate,
            Reminder.Status.FAILED,
            f"Gave up after {candidate.attempts} attempts; the last did not finish.",
        )

    lease_until = now + timedelta(seconds=settings.REMINDER_LEASE_SECONDS)
    attempt = candidate.attempts + 1
    won = (
        Reminder.objects.filter(_claimable(now), **_as_read(candidate)).update(
            status=Reminder.Status.CLAIMED, claimed_until=lease_until, attempts=attempt
        )
        == 1
    )
    if not won:
        return "taken"
    mine = Reminder.objects.filter(
        pk=candidate.pk, status=Reminder.Status.CLAIMED, attempts=attempt, claimed_until=lease_until
    )

    reminder = Reminder.objects.select_related(
        "appointment__client", "appointment__option__service", "appointment__area"
    ).get(pk=candidate.pk)
    if reminder.appointment.status != Appointment.Status.CONFIRMED:
        # Cancelled between the scan and the claim.
        mine.update(status=Reminder.Status.CANCELLED, claimed_until=None)
        return "cancelled"

    try:
        message = messages.reminder_email(reminder, policy=policy, now=now)
        # One SMTP session for the whole batch, opened only once there is something to send.
        connection.open()
        message.connection = connection
        if message.send() != 1:
            raise OSError("The mail backend accepted no message.")
    except Exception as error:
        _close_quietly(connection)  # a broken session would fail every later send too
        return _after_failure(reminder, mine, attempt, error, clock())

    if mine.update(status=Reminder.Status.SENT, sent_at=clock(), claimed_until=None, last_error=""):
        logger.info("Reminder %s sent (attempt %s)", reminder.pk, attempt)
    else:
        # Cancelled, moved or (after a send slower than the lease) reclaimed while sending.
        logger.warning("Reminder %s was sent but changed while sending", reminder.pk)
    return "sent"


def _give_up(candidate: _Candidate, now: datetime) -> str:
    if candidate.attempts == 0:
        reason = (
            "The visit had started." if candidate.starts_at <= now else "Too late to be useful."
        )
        return _finish(candidate, Reminder.Status.SKIPPED, reason)
    # A try was made and did not end in a send: that is a failure, not a skip.
    return _finish(
        candidate,
        Reminder.Status.FAILED,
        candidate.last_error or "The last attempt did not finish; too late to try again.",
    )


def _finish(candidate: _Candidate, status: str, reason: str) -> str:
    changed = Reminder.objects.filter(status=candidate.status, **_as_read(candidate)).update(
        status=status, claimed_until=None, last_error=reason
    )
    if not changed:
        return "taken"
    if status == Reminder.Status.FAILED:
        # The reason may quote the mail server, which may quote an address: admin shows it.
        logger.error("Reminder %s failed: too late to try again", candidate.pk)
    return "failed" if status == Reminder.Status.FAILED else "skipped"


def _after_failure(reminder: Reminder, mine, attempt: int, error: Exception, now: datetime) -> str:
    error_text = f"{type(error).__name__}: {error}"[:2000]
    if not isinstance(error, OSError):  # smtplib.SMTPException and network errors are OSErrors
        # A bug, not the mail server: the traceback is what fixes it.
        logger.exception("Reminder %s could not be built or sent", reminder.pk)
    if attempt >= settings.REMINDER_MAX_ATTEMPTS:
        mine.update(status=Reminder.Status.FAILED, claimed_until=None, last_error=error_text)
        logger.error(
            "Reminder %s failed after %s attempts (%s)", reminder.pk, attempt, type(error).__name__
        )
        return "failed"
    retry_at = now + retry_delay(attempt)
    mine.update(status=Reminder.Status.PENDING, claimed_until=retry_at, last_error=error_text)
    logger.warning(
        "Reminder %s attempt %s failed (%s); retrying at %s",
        reminder.pk,
        attempt,
        type(error).__name__,
        retry_at.isoformat(),
    )
    return "retrying"


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except OSError:
        logger.warning("Closing the mail connection failed", exc_info=True)
