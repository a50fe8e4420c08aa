"""Health intake rules: when a client must give their health history, saving it, who read it, and
how long it is kept.

A review never edits an old record: it adds a new HealthIntake, so the history Taylor relied on
for a visit stays as it was. Every read of a record's contents goes through `record_intake_read`,
so the access log answers "who saw this, when, and why".
"""

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone

from bookings.scheduling.models import Appointment, Client
from stillwaters import clock

from .models import HealthIntake, IntakeAccessLog

# A health history older than this is reviewed before the next visit.
REVIEW_AFTER = timedelta(days=365)
# Ontario's health records rule for RMTs: kept ten years after the last visit.
RETENTION_YEARS = 10


@dataclass(frozen=True, kw_only=True)
class IntakeDetails:
    areas_of_concern: str
    emergency_contact_name: str
    emergency_contact_phone: str
    consent_to_treatment: bool
    consent_to_privacy: bool
    health_conditions: str = ""
    medications: str = ""
    allergies: str = ""
    goals: str = ""
    contraindications: tuple[str, ...] = ()
    contraindication_details: str = ""


def latest_intake(email: str) -> HealthIntake | None:
    """The newest health history given under this email, if any."""
    return (
        HealthIntake.objects.filter(client__email__iexact=email.strip())
        .order_by("-submitted_at")
        .first()
    )


def intake_needed(email: str, now: datetime | None = None) -> bool:
    """Whether a booking under this email must include a health history: a first visit, or the
    latest one given is more than twelve months old."""
    latest = latest_intake(email)
    now = now or timezone.now()
    return latest is None or latest.submitted_at < now - REVIEW_AFTER


def save_intake(client: Client, details: IntakeDetails, *, now: datetime) -> HealthIntake:
    """A new record of the client's health history; earlier ones are kept unchanged."""
    fields = asdict(details)
    fields["contraindications"] = list(details.contraindications)
    return HealthIntake.objects.create(client=client, submitted_at=now, **fields)


def intake_for_visit(appointment: Appointment) -> HealthIntake | None:
    """The health history in force for a visit: the latest given before it starts."""
    return (
        HealthIntake.objects.filter(
            client_id=appointment.client_id, submitted_at__lte=appointment.starts_at
        )
        .order_by("-submitted_at")
        .first()
    )


def intakes_for_visits(appointments: list[Appointment]) -> dict[int, HealthIntake]:
    """`intake_for_visit` for many visits in one query, keyed by appointment id."""
    if not appointments:
        return {}
    by_client: dict[int, list[HealthIntake]] = {}
    for record in HealthIntake.objects.filter(
        client_id__in={a.client_id for a in appointments},
        submitted_at__lte=max(a.starts_at for a in appointments),
    ).order_by("submitted_at"):
        by_client.setdefault(record.client_id, []).append(record)
    found = {}
    for appointment in appointments:
        earlier = [
            r
            for r in by_client.get(appointment.client_id, [])
            if r.submitted_at <= appointment.starts_at
        ]
        if earlier:
            found[appointment.pk] = earlier[-1]
    return found


def record_intake_read(
    intake: HealthIntake,
    user: AbstractBaseUser | AnonymousUser | None,
    purpose: str,
    *,
    now: datetime | None = None,
) -> IntakeAccessLog:
    """Log that a record's contents were shown. `user` is None when the app itself sent them
    (the daily agenda email); `purpose` then names where they went."""
    person = user if user is not None and user.is_authenticated else None
    return IntakeAccessLog.objects.create(
        intake=intake,
        user=person,
        username=person.get_username() if person else purpose,
        accessed_at=now or timezone.now(),
        purpose=purpose[:100],
    )


def records_kept_until(client: Client) -> date | None:
    """The day the client's health records may be deleted: ten years after the last visit (or
    the last intake, if later). None when there are no health records to keep."""
    last_intake = client.intakes.order_by("-submitted_at").values_list("submitted_at", flat=True)
    last_intake = last_intake.first()
    if last_intake is None:
        return None
    last_visit = (
        client.appointments.order_by("-starts_at").values_list("starts_at", flat=True).first()
    )
    last = max(filter(None, (last_intake, last_visit)))
    return _years_after(clock.local(last).date(), RETENTION_YEARS)


def records_must_be_kept(client: Client, now: datetime | None = None) -> bool:
    kept_until = records_kept_until(client)
    return kept_until is not None and clock.today(now) < kept_until


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # February 29 in a year that has none
        return day.replace(year=day.year + years, day=28)
