"""Treatment note rules: opening a visit's note, saving a draft with its body chart, written
consents and refusals, withdrawal, finalising (signed and locked), amendments, and whether a
visit's note is due or was late.

The College's rules behind them: a record for every treatment; written consent before each
treatment of a sensitive area, at each visit, even when the need arises mid-session; verbal
consent to the rest recorded each visit; consent may be withdrawn; refusals recorded and signed.
Every read and write of a note goes through `log_note`, into the health record access log.
"""

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from bookings.privacy import audit
from bookings.scheduling.models import Appointment, BookingPolicy
from content.models import PainArea

from .models import (
    ChartMark,
    HealthIntake,
    NoteAmendment,
    TreatmentConsent,
    TreatmentNote,
)

# A note finalised longer than this after the visit ended is marked late.
LATE_AFTER = timedelta(hours=24)
MAX_SIGNATURE_BYTES = 200_000
_PNG_PREFIX = "data:image/png;base64,"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
NOTE_FIELDS = ("subjective", "assessment", "treatment", "pressure", "plan", "referrals")


class NoteRefused(Exception):
    """The change breaks a record-keeping rule; the message says which, for Taylor."""


@dataclass(frozen=True)
class MarkInput:
    assessed: bool = False
    treated: bool = False
    finding: str = ""


@dataclass(frozen=True)
class Region:
    """One region of the body chart, as the note page draws it."""

    area: PainArea
    mark: ChartMark | None
    client_reported: bool

    @property
    def assessed(self) -> bool:
        return bool(self.mark and self.mark.assessed)

    @property
    def treated(self) -> bool:
        return bool(self.mark and self.mark.treated)


def note_for(appointment: Appointment, *, now: datetime | None = None) -> TreatmentNote:
    """The visit's note, started as a draft the first time it is opened."""
    note, _ = TreatmentNote.objects.get_or_create(
        appointment=appointment, defaults={"created_at": now or timezone.now()}
    )
    return note


def previous_note(note: TreatmentNote) -> TreatmentNote | None:
    """The person's last finalised note before this visit, to start from."""
    appointment = note.appointment
    return (
        TreatmentNote.objects.filter(
            status=TreatmentNote.Status.FINAL,
            appointment__person_id=appointment.person_id,
            appointment__starts_at__lt=appointment.starts_at,
        )
        .order_by("-appointment__starts_at")
        .first()
    )


def chart_regions(note: TreatmentNote, history: HealthIntake | None) -> list[Region]:
    """Every pain finder place as a chart region, with this note's mark and whether the client
    reported it: picked in the pain finder, or named in `history`, the health history in force
    for the visit."""
    marks = {mark.pain_area_id: mark for mark in note.marks.all()}
    appointment = note.appointment
    reported = {area.pk for area in appointment.reported_areas.all()}
    concern = history.areas_of_concern.casefold() if history else ""
    return [
        Region(
            area=area,
            mark=marks.get(area.pk),
            client_reported=area.pk in reported
            or (bool(concern) and area.name.casefold() in concern),
        )
        for area in PainArea.objects.order_by("position", "name")
    ]


def active_consent(note: TreatmentNote, area: PainArea) -> TreatmentConsent | None:
    """The written consent to treat `area` at this visit that still stands."""
    return note.consents.filter(
        kind=TreatmentConsent.Kind.CONSENT, pain_area=area, withdrawn_at__isnull=True
    ).last()


def save_draft(
    note: TreatmentNote,
    *,
    fields: dict,
    marks: dict[int, MarkInput],
    verbal_consent: bool,
    user,
    now: datetime | None = None,
) -> None:
    """Save what Taylor typed and marked. A sensitive area newly marked treated needs a written
    consent for this visit that still stands; without one nothing is saved."""
    now = now or timezone.now()
    with transaction.atomic():
        note = TreatmentNote.objects.select_for_update().get(pk=note.pk)
        if note.is_final:
            raise NoteRefused("This note is finalised. Add an amendment instead.")
        existing = {mark.pain_area_id: mark for mark in note.marks.select_related("pain_area")}
        areas = PainArea.objects.in_bulk(list(marks))
        for area_id, wanted in marks.items():
            area = areas[area_id]
            already = existing.get(area_id)
            newly_treated = wanted.treated and not (already and already.treated)
            if newly_treated and area.is_sensitive and active_consent(note, area) is None:
                raise NoteRefused(
                    f"{area.name} is a sensitive area: the client's written consent for this "
                    "visit is needed before it is treated. Record it below, then mark it."
                )
        for name in NOTE_FIELDS:
            setattr(note, name, fields.get(name, ""))
        if verbal_consent and note.verbal_consent_at is None:
            note.verbal_consent_at = now
        elif not verbal_consent:
            note.verbal_consent_at = None
        note.updated_at = now
        note.save()
        for area_id, wanted in marks.items():
            _save_mark(note, existing.get(area_id), area_id, wanted, now)
        for area_id, mark in existing.items():
            if area_id not in marks:
                mark.delete()
        log_note(note, user, audit.Action.WRITE, "treatment note: draft saved", now=now)


def _save_mark(note, mark, area_id: int, wanted: MarkInput, now: datetime) -> None:
    if mark is None:
        ChartMark.objects.create(
            note=note,
            pain_area_id=area_id,
            assessed=wanted.assessed,
            treated=wanted.treated,
            finding=wanted.finding,
            marked_at=now,
        )
        return
    if (mark.assessed, mark.treated, mark.finding) == (
        wanted.assessed,
        wanted.treated,
        wanted.finding,
    ):
        return
    if wanted.treated and not mark.treated:
        mark.marked_at = now  # the treatment mark's time, checked against consent at finalising
    mark.assessed, mark.treated, mark.finding = wanted.assessed, wanted.treated, wanted.finding
    mark.save()


def decode_signature(data_url: str) -> bytes:
    """The PNG a drawn signature sends, checked; NoteRefused when it is not one."""
    if not data_url.startswith(_PNG_PREFIX):
        raise NoteRefused("The signature did not come through. Ask the client to sign again.")
    try:
        image = base64.b64decode(data_url[len(_PNG_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raise NoteRefused(
            "The signature did not come through. Ask the client to sign again."
        ) from None
    if not image.startswith(_PNG_MAGIC) or len(image) > MAX_SIGNATURE_BYTES:
        raise NoteRefused("The signature did not come through. Ask the client to sign again.")
    return image


def record_signed(
    note: TreatmentNote,
    *,
    kind: str,
    pain_area: PainArea | None,
    what: str,
    explanation: str,
    signature: str,
    typed_name: str,
    user,
    now: datetime | None = None,
) -> TreatmentConsent:
    """Record a written consent (a sensitive area) or a refusal, signed by the client now."""
    now = now or timezone.now()
    if signature:
        decode_signature(signature)
    elif not typed_name.strip():
        raise NoteRefused("The client must sign: draw the signature, or type their full name.")
    if kind == TreatmentConsent.Kind.CONSENT and (pain_area is None or not pain_area.is_sensitive):
        raise NoteRefused("Written consent is recorded for a sensitive area: choose one.")
    with transaction.atomic():
        note = TreatmentNote.objects.select_for_update().get(pk=note.pk)
        if note.is_final:
            raise NoteRefused("This note is finalised. Add an amendment instead.")
        consent = TreatmentConsent.objects.create(
            note=note,
            kind=kind,
            pain_area=pain_area,
            what=what,
            explanation=explanation,
            signature=signature,
            typed_name=typed_name.strip(),
            signed_at=now,
        )
        log_note(
            note,
            user,
            audit.Action.WRITE,
            f"{consent.get_kind_display().lower()} signed",
            now=now,
        )
    return consent


def withdraw(consent: TreatmentConsent, *, user, now: datetime | None = None) -> None:
    """The client withdraws a consent during the session: recorded, once."""
    now = now or timezone.now()
    with transaction.atomic():
        consent = (
            TreatmentConsent.objects.select_for_update().select_related("note").get(pk=consent.pk)
        )
        if consent.note.is_final:
            raise NoteRefused("This note is finalised. Add an amendment instead.")
        if consent.withdrawn_at is not None:
            return
        consent.withdrawn_at = now
        consent.save(update_fields=["withdrawn_at"])
        log_note(consent.note, user, audit.Action.WRITE, "consent withdrawn", now=now)


def problems_before_finalising(note: TreatmentNote) -> list[str]:
    """What stops the note from being signed, in words for Taylor; empty when it may be."""
    problems = []
    if not note.assessment.strip():
        problems.append("Write the assessment findings.")
    if not note.treatment.strip():
        problems.append("Write the treatment given.")
    if note.verbal_consent_at is None:
        problems.append("Record the client's verbal consent to the treatment plan.")
    consents = list(note.consents.filter(kind=TreatmentConsent.Kind.CONSENT))
    for mark in note.marks.select_related("pain_area").filter(treated=True):
        if not mark.pain_area.is_sensitive:
            continue
        covered = any(
            c.pain_area_id == mark.pain_area_id
            and c.signed_at <= mark.marked_at
            and (c.withdrawn_at is None or c.withdrawn_at > mark.marked_at)
            for c in consents
        )
        if not covered:
            problems.append(
                f"{mark.pain_area.name} is marked treated without the client's written consent "
                "for this visit, signed before it was treated."
            )
    if not BookingPolicy.current().registration_number:
        problems.append("Add your CMTO registration number to the booking policy to sign notes.")
    return problems


def finalise(note: TreatmentNote, *, user, now: datetime | None = None) -> TreatmentNote:
    """Sign the note with Taylor's name and registration number, and lock it and its chart
    marks and consents. NoteRefused lists what must be done first."""
    now = now or timezone.now()
    with transaction.atomic():
        note = (
            TreatmentNote.objects.select_for_update().select_related("appointment").get(pk=note.pk)
        )
        if note.is_final:
            return note
        problems = problems_before_finalising(note)
        if problems:
            raise NoteRefused(" ".join(problems))
        policy = BookingPolicy.current()
        note.status = TreatmentNote.Status.FINAL
        note.finalised_at = now
        note.finalised_by = user
        note.signed_name = policy.therapist_name
        note.signed_registration = policy.registration_number
        # The marks and consents lock first: once the note is final nothing may save them.
        note.marks.update(locked=True)
        note.consents.update(locked=True)
        TreatmentNote.objects.filter(pk=note.pk).update(
            **{
                name: getattr(note, name)
                for name in (
                    "status",
                    "finalised_at",
                    "finalised_by",
                    "signed_name",
                    "signed_registration",
                )
            }
        )
        log_note(note, user, audit.Action.WRITE, "treatment note: finalised", now=now)
    return note


def amend(
    note: TreatmentNote, *, text: str, reason: str, user, now: datetime | None = None
) -> NoteAmendment:
    now = now or timezone.now()
    if not note.is_final:
        raise NoteRefused("A draft is edited directly; amendments are for finalised notes.")
    amendment = NoteAmendment.objects.create(
        note=note,
        text=text,
        reason=reason,
        author=user,
        author_name=user.get_full_name() or user.get_username(),
        created_at=now,
    )
    log_note(note, user, audit.Action.WRITE, "treatment note: amended", now=now)
    return amendment


def is_late(note: TreatmentNote) -> bool:
    """Finalised more than a day after the visit ended, or still open a day after it."""
    ended = note.appointment.ends_at
    signed = note.finalised_at or timezone.now()
    return signed - ended > LATE_AFTER


def note_is_due(appointment: Appointment) -> bool:
    """A completed visit whose treatment note is not finalised yet."""
    if appointment.status != Appointment.Status.COMPLETED:
        return False
    note = getattr(appointment, "treatment_note", None)
    return note is None or not note.is_final


def log_note(
    note: TreatmentNote, user, action: str, purpose: str, *, now: datetime | None = None
) -> None:
    audit.record(action, purpose, user=user, note=note, fields=audit.TREATMENT_NOTE, now=now)
