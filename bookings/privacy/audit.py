"""The audit log's one way in. Every view, change, print, export, email and disclosure of a
person's health information writes an `AuditEntry` through `record` or `record_many`: whose
information, which record and which parts, what was done, by whom, when and why.

Entries are never changed or deleted (a PostgreSQL trigger refuses it; admin offers no way),
except when a person's records are destroyed at the end of retention (privacy/retention.py).
"""

from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone

from .models import AuditEntry

Action = AuditEntry.Action

# What each kind of record shows, named as Taylor would; an entry lists the parts it involved.
HEALTH_HISTORY = "red flags, conditions, medications, allergies, areas to treat, goals"
TREATMENT_NOTE = "treatment note, chart, consents, amendments"
VISIT_NOTES = "address, access and parking notes, client's notes"
RECEIPT = "receipt: name, service, date, fee"


def entry(
    action: str,
    purpose: str,
    *,
    user=None,
    by: str = "",
    fields: str = "",
    disclosed_to: str = "",
    now: datetime | None = None,
    **records,
) -> AuditEntry:
    """An unsaved entry. `records` names the record (intake=, note=, appointment=, receipt=,
    record_request=); whose it is follows from it unless `person=` is given. `user` is the
    staff member; without one, `by` (or else the purpose) names who acted: the app itself
    for the agenda email, or the client in their account."""
    staff = user if user is not None and user.is_authenticated else None
    person = records.pop("person", None)
    return AuditEntry(
        action=action,
        purpose=purpose[:100],
        user=staff,
        username=(staff.get_username() if staff else by or purpose)[:150],
        fields=fields[:300],
        disclosed_to=disclosed_to[:200],
        accessed_at=now or timezone.now(),
        person_id=person.pk if person is not None else _whose(records),
        **records,
    )


def record(action: str, purpose: str, **details) -> AuditEntry:
    """Write one entry; see `entry` for the details."""
    written = entry(action, purpose, **details)
    written.save()
    return written


def record_many(entries: Iterable[AuditEntry]) -> None:
    AuditEntry.objects.bulk_create(list(entries))


def _whose(records: dict) -> int:
    if records.get("intake") is not None:
        return records["intake"].person_id
    if records.get("note") is not None:
        return records["note"].appointment.person_id
    if records.get("receipt") is not None:
        return records["receipt"].appointment.person_id
    if records.get("appointment") is not None:
        return records["appointment"].person_id
    if records.get("record_request") is not None:
        return records["record_request"].person_id
    raise ValueError("An audit entry names whose information it is, or the record it is about.")
