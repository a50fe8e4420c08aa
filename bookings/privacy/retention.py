"""Destroying health records whose retention has ended (clinical/intake.py says when: ten years
after the last visit, or after the 18th birthday plus ten years for a minor).

Destroying a person deletes everything the practice holds about them: health histories,
treatment notes with their chart marks, consents, refusals and amendments, their visits and
receipts, record requests and their packages, held bookings, and the audit log's entries about
those records; then the person, and the account once nobody is left in it. What remains is a
`DestroyedRecord` naming only the former id, the counts and who destroyed it when. The
PostgreSQL triggers that keep signed records unchanged are lifted for this transaction only.
Backups taken before expire on their own schedule; restoring an old one brings the records
back, so destruction is run again after any restore.
"""

from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date

import pgtrigger
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from bookings.billing.models import Receipt
from bookings.clients.models import Client, Person
from bookings.clinical.intake import person_records_kept_until
from bookings.clinical.models import (
    ChartMark,
    HealthIntake,
    NoteAmendment,
    TreatmentConsent,
    TreatmentNote,
)
from bookings.scheduling.models import Appointment, BookingHold
from stillwaters import clock

from .models import (
    AuditEntry,
    CorrectionRequest,
    DestroyedRecord,
    LockBoxInstruction,
    RecordRequest,
)

_LOCKS = [
    "bookings.TreatmentNote:finalised_note_is_locked",
    "bookings.ChartMark:locked_mark_is_kept",
    "bookings.TreatmentConsent:locked_consent_is_kept",
    "bookings.NoteAmendment:amendment_is_append_only",
    "bookings.AuditEntry:audit_log_is_append_only",
]


@dataclass(frozen=True)
class Expired:
    person: Person
    kept_until: date


def past_retention(today: date | None = None) -> list[Expired]:
    """Everyone whose records may be destroyed today, the longest past first."""
    today = today or clock.today()
    expired = []
    for person in Person.objects.select_related("account"):
        kept_until = person_records_kept_until(person)
        if kept_until is not None and kept_until <= today:
            expired.append(Expired(person, kept_until))
    return sorted(expired, key=lambda e: e.kept_until)


def destroy(person: Person, *, by: str, today: date | None = None) -> DestroyedRecord:
    """Delete the person's records (see the module's docstring); refuse while they must be kept."""
    kept_until = person_records_kept_until(person)
    if kept_until is None or kept_until > (today or clock.today()):
        raise ValueError(f"{person} must be kept until {kept_until}; nothing was destroyed.")
    with transaction.atomic(), _locks_lifted():
        counts = _delete_everything_of(person)
        account = person.account
        person_ref = f"person {person.pk}"
        Person.objects.filter(pk=person.pk).delete()
        if not account.people.exists():
            Client.objects.filter(pk=account.pk).delete()
            counts.append("the account")
        return DestroyedRecord.objects.create(
            person_ref=person_ref, kept_until=kept_until, destroyed="; ".join(counts),
            destroyed_by=by, destroyed_at=timezone.now(),
        )  # fmt: skip


def _delete_everything_of(person: Person) -> list[str]:
    visits = Appointment.objects.filter(person=person)
    notes = TreatmentNote.objects.filter(appointment__in=visits)
    intakes = HealthIntake.objects.filter(person=person)
    requests = RecordRequest.objects.filter(person=person)
    counts = [
        f"{intakes.count()} health histories",
        f"{notes.count()} treatment notes",
        f"{visits.count()} visits",
        f"{requests.count()} record requests",
    ]
    AuditEntry.objects.filter(
        Q(person=person)
        | Q(intake__in=intakes)
        | Q(note__in=notes)
        | Q(appointment__in=visits)
        | Q(receipt__appointment__in=visits)
        | Q(record_request__in=requests)
    ).delete()
    for model in (ChartMark, TreatmentConsent, NoteAmendment):
        model.objects.filter(note__in=notes).delete()
    intakes.delete()
    notes.delete()
    requests.delete()
    CorrectionRequest.objects.filter(person=person).delete()
    LockBoxInstruction.objects.filter(person=person).delete()
    receipts = Receipt.objects.filter(appointment__in=visits)
    # A corrected receipt points at the one it replaced; the newest go first.
    while receipts.exists():
        receipts.filter(replaced_by__isnull=True).delete()
    BookingHold.objects.filter(appointment__in=visits).delete()
    visits.delete()
    return counts


def _locks_lifted():
    # SQLite has no triggers; the models' own refusals are bypassed by deleting querysets.
    return pgtrigger.ignore(*_LOCKS) if connection.vendor == "postgresql" else nullcontext()
