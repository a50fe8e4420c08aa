"""Health intake rules: when a client must give their health history, saving it, who read it, and
how long it is kept.

A review never edits an old record: it adds a new HealthIntake, so the history Taylor relied on
for a visit stays as it was. Every read of a record's contents goes through `record_intake_read`,
so the audit log (privacy/audit.py) answers "who saw this, when, and why".
"""

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone

from bookings.clients.household import ADULT_AGE, is_minor
from bookings.clients.models import Client, Person
from bookings.privacy import audit
from bookings.privacy.models import AuditEntry
from bookings.scheduling.models import Appointment
from stillwaters import clock

from .models import HealthIntake

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


def latest_intake(person: Person | None) -> HealthIntake | None:
    """The person's newest verified health history, if any. Only a signed-in client, a
    confirmed email or Taylor can give one, so nobody else's answers ever count here."""
    if person is None:
        return None
    return (
        HealthIntake.objects.filter(person=person, source__in=HealthIntake.VERIFIED_SOURCES)
        .order_by("-submitted_at")
        .first()
    )


def recent_intake(person: Person | None, now: datetime | None = None) -> HealthIntake | None:
    """The person's newest verified health history when it is from the last twelve months,
    so a booking may rely on it; else None."""
    latest = latest_intake(person)
    now = now or timezone.now()
    return latest if latest is not None and latest.submitted_at >= now - REVIEW_AFTER else None


def intake_needed(person: Person | None, now: datetime | None = None) -> bool:
    """Whether a booking for this person must include a health history: nobody known (a
    booking made without signing in), no verified history, or the latest one more than twelve
    months old."""
    return recent_intake(person, now) is None


def save_intake(
    person: Person,
    details: IntakeDetails,
    *,
    now: datetime,
    source: str,
    given_with: Appointment | None = None,
) -> HealthIntake:
    """A new record of the person's health history; earlier ones are kept unchanged."""
    fields = asdict(details)
    fields["contraindications"] = list(details.contraindications)
    return HealthIntake.objects.create(
        person=person, submitted_at=now, source=source, given_with=given_with, **fields
    )


def intake_for_visit(appointment: Appointment) -> HealthIntake | None:
    """The health history in force for a visit: the person's latest verified one given before
    it starts. None means Taylor has no history he can rely on for this visit."""
    return (
        HealthIntake.objects.filter(
            person_id=appointment.person_id,
            submitted_at__lte=appointment.starts_at,
            source__in=HealthIntake.VERIFIED_SOURCES,
        )
        .order_by("-submitted_at")
        .first()
    )


def intakes_for_visits(appointments: list[Appointment]) -> dict[int, HealthIntake]:
    """`intake_for_visit` for many visits in one query, keyed by appointment id."""
    if not appointments:
        return {}
    by_person: dict[int, list[HealthIntake]] = {}
    for record in HealthIntake.objects.filter(
        person_id__in={a.person_id for a in appointments},
        source__in=HealthIntake.VERIFIED_SOURCES,
        submitted_at__lte=max(a.starts_at for a in appointments),
    ).order_by("submitted_at"):
        by_person.setdefault(record.person_id, []).append(record)
    found = {}
    for appointment in appointments:
        earlier = [
            r
            for r in by_person.get(appointment.person_id, [])
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
    action: str = audit.Action.READ,
    fields: str = audit.HEALTH_HISTORY,
    now: datetime | None = None,
) -> AuditEntry:
    """Log that a record's contents were shown (or printed, or emailed). `user` is None when
    the app itself sent them (the daily agenda email); `purpose` then names where they went."""
    return audit.record(action, purpose, user=user, intake=intake, fields=fields, now=now)


def person_records_kept_until(person: Person) -> date | None:
    """The day the person's health records may be destroyed: ten years after their last visit
    (or last health history, if later); for someone under 18 at that last visit, no sooner than
    ten years after their 18th birthday. None when they have no health records."""
    last_intake = (
        HealthIntake.objects.filter(person=person)
        .order_by("-submitted_at")
        .values_list("submitted_at", flat=True)
        .first()
    )
    last_visit = (
        person.appointments.order_by("-starts_at").values_list("starts_at", flat=True).first()
    )
    if last_intake is None and last_visit is None:
        return None
    last = clock.local(max(filter(None, (last_intake, last_visit)))).date()
    kept_until = _years_after(last, RETENTION_YEARS)
    born = person.date_of_birth
    if born is not None and is_minor(person, last):
        kept_until = max(kept_until, _years_after(_years_after(born, ADULT_AGE), RETENTION_YEARS))
    return kept_until


def records_kept_until(client: Client) -> date | None:
    """The day the last of the account's people's health records may be destroyed."""
    days = [person_records_kept_until(person) for person in client.people.all()]
    return max(filter(None, days), default=None)


def records_must_be_kept(client: Client, now: datetime | None = None) -> bool:
    kept_until = records_kept_until(client)
    return kept_until is not None and clock.today(now) < kept_until


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # February 29 in a year that has none
        return day.replace(year=day.year + years, day=28)
