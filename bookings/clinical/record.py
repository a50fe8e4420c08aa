"""The clinical record as printed: for one visit or for every person in an account, the health
histories, treatment notes with their chart marks, consents with their signatures, refusals,
amendments and receipts. The HTML page and the PDF read the same `ClinicalRecord`; building
one logs a print of every note and history it holds. The record package (a client's request
for a copy) reuses it whole; a copy for someone else (privacy/disclosures.py) leaves out what the
client's lock-box withholds, saying so where it would have been.
"""

from dataclasses import dataclass, field
from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import dateformat
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer

from bookings.billing import pdf as billing_pdf
from bookings.clients.models import Client, Person
from bookings.privacy import audit
from bookings.privacy.lockbox import WITHHELD
from bookings.scheduling import pricing
from bookings.scheduling.models import Appointment
from stillwaters.clock import local

from . import intake, notes
from .models import HealthIntake, TreatmentNote


@dataclass
class VisitRecord:
    appointment: Appointment
    note: TreatmentNote | None
    late: bool = False
    receipts: list = field(default_factory=list)


@dataclass
class PersonRecord:
    person: Person
    intakes: list[HealthIntake]
    visits: list[VisitRecord]
    # Decided correction requests, with any statement of disagreement: they print with the
    # record ever after.
    corrections: list = field(default_factory=list)
    # The lock-box items left out of this copy (privacy/models.py LockBoxInstruction.Item).
    withheld: frozenset[str] = frozenset()


@dataclass
class ClinicalRecord:
    title: str
    people: list[PersonRecord]


def for_visits(appointments: list[Appointment], user) -> ClinicalRecord:
    person = appointments[0].person
    record = ClinicalRecord(
        title=f"Clinical record of {person.name}, visit of "
        f"{dateformat.format(local(appointments[0].starts_at), 'F j, Y')}",
        people=[_person(person, appointments, user)],
    )
    return record


def for_person(
    person: Person,
    user,
    *,
    withheld: frozenset[str] = frozenset(),
    purpose: str = "printed clinical record",
) -> ClinicalRecord:
    visits = list(person.appointments.order_by("starts_at"))
    printed = _person(person, visits, user, purpose=purpose)
    printed.withheld = withheld
    return ClinicalRecord(title=f"Clinical record of {person.name}", people=[printed])


def for_account(account: Client, user) -> ClinicalRecord:
    people = []
    for person in account.people.order_by("created_at", "pk"):
        visits = list(person.appointments.order_by("starts_at"))
        people.append(_person(person, visits, user))
    return ClinicalRecord(title=f"Clinical record of the {account.name} household", people=people)


def _person(
    person: Person, appointments: list[Appointment], user, *, purpose="printed clinical record"
) -> PersonRecord:
    latest = max((a.starts_at for a in appointments), default=None)
    intakes = person.intakes.order_by("submitted_at")
    if latest is not None and len(appointments) == 1:
        intakes = intakes.filter(submitted_at__lte=latest)
    intakes = list(intakes)
    for history in intakes:
        intake.record_intake_read(history, user, purpose, action=audit.Action.PRINT)
    visits = []
    for appointment in appointments:
        note = (
            TreatmentNote.objects.filter(appointment=appointment)
            .prefetch_related("marks__pain_area", "consents__pain_area", "amendments")
            .first()
        )
        if note is not None:
            notes.log_note(note, user, audit.Action.PRINT, purpose)
        visits.append(
            VisitRecord(
                appointment=appointment,
                note=note,
                late=bool(note and note.is_final and notes.is_late(note)),
                receipts=[r for r in appointment.receipts.all() if not r.is_void],
            )
        )
    corrections = list(person.corrections.exclude(decision="open"))
    return PersonRecord(person=person, intakes=intakes, visits=visits, corrections=corrections)


def pdf(record: ClinicalRecord, *, access_log: list | None = None) -> bytes:
    """The record as a PDF; with `access_log`, a last section listing who saw the information,
    when and why (the record package a client asks for)."""
    billing_pdf._register_fonts()
    styles = billing_pdf._styles()
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=0.8 * inch,
        rightMargin=0.8 * inch,
        topMargin=0.7 * inch,
        bottomMargin=0.7 * inch,
        title=record.title,
        invariant=1,
        pageCompression=0,
    )
    story = [Paragraph(_text(record.title), styles["practice"]), Spacer(1, 8)]
    for entry in record.people:
        story.append(Paragraph(_text(_person_heading(entry.person)), styles["label"]))
        for history in entry.intakes:
            story += _intake_story(history, styles, entry.withheld)
        for visit in entry.visits:
            story += _visit_story(visit, styles, entry.withheld)
        for correction in entry.corrections:
            story += _correction_story(correction, styles)
        story.append(Spacer(1, 12))
    if access_log is not None:
        story.append(Paragraph("Who has seen this information", styles["label"]))
        for entry in access_log:
            story.append(
                Paragraph(
                    f"{escape(_when(entry.accessed_at))}: {_text(entry.username)}, "
                    f"{escape(entry.get_action_display().lower())}, {_text(entry.purpose)}",
                    styles["small"],
                )
            )
    document.build(story)
    return buffer.getvalue()


def _person_heading(person: Person) -> str:
    born = f", born {person.date_of_birth:%Y-%m-%d}" if person.date_of_birth else ""
    return f"{person.name}{born}"


def _intake_story(history: HealthIntake, styles, withheld: frozenset[str]) -> list:
    when = dateformat.format(local(history.submitted_at), "F j, Y")

    def shown(item: str, value: str) -> str:
        return WITHHELD if item in withheld else escape(value or "none given")

    lines = [
        f"<b>Health history of {when}</b> ({escape(history.get_source_display().lower())})",
        f"Red flags: {shown('contraindications', '; '.join(history.red_flags) or 'none ticked')}",
        f"To treat: {escape(history.areas_of_concern)}",
        f"Conditions: {shown('health_conditions', history.health_conditions)}",
        f"Medications: {shown('medications', history.medications)}",
        f"Allergies: {shown('allergies', history.allergies)}",
        f"Emergency contact: {escape(history.emergency_contact_name)}, "
        f"{escape(history.emergency_contact_phone)}",
    ]
    return [Paragraph(line, styles["body"]) for line in lines] + [Spacer(1, 6)]


def _visit_story(visit: VisitRecord, styles, withheld: frozenset[str]) -> list:
    appointment = visit.appointment
    when = dateformat.format(local(appointment.starts_at), r"F j, Y \a\t g:i a")
    fee = pricing.of_visit(appointment)
    story = [
        Paragraph(
            f"<b>Visit of {escape(when)}</b>: {escape(appointment.option.service.name)}, "
            f"{appointment.option.minutes} minutes, fee {escape(str(fee))}, "
            f"{escape(appointment.get_status_display().lower())}",
            styles["body"],
        )
    ]
    if appointment.guardian_consent_by:
        story.append(
            Paragraph(
                f"Guardian's consent: {_text(appointment.guardian_consent_by)}", styles["body"]
            )
        )
    note = visit.note
    if note is None:
        story.append(Paragraph("No treatment note.", styles["body"]))
        return story
    if "treatment_notes" in withheld:
        story.append(Paragraph(f"Treatment note: {WITHHELD}", styles["body"]))
        return story
    for label, value in (
        ("Client reports", note.subjective),
        ("Assessment", note.assessment),
        ("Treatment", note.treatment),
        ("Pressure", note.get_pressure_display()),
        ("Plan and home care", note.plan),
        ("Referrals", note.referrals),
    ):
        if value:
            story.append(Paragraph(f"<b>{label}:</b> {_text(value)}", styles["body"]))
    if note.verbal_consent_at:
        story.append(
            Paragraph(
                f"Verbal consent to the plan: {_when(note.verbal_consent_at)}", styles["body"]
            )
        )
    for mark in note.marks.all():
        states = [s for s, on in (("assessed", mark.assessed), ("treated", mark.treated)) if on]
        finding = f": {_text(mark.finding)}" if mark.finding else ""
        story.append(
            Paragraph(
                f"Chart: {_text(mark.pain_area.name)}, {', '.join(states)}{finding}", styles["body"]
            )
        )
    for consent in note.consents.all():
        area = f", {consent.pain_area.name}" if consent.pain_area else ""
        signed = f"signed {_when(consent.signed_at)}"
        if consent.typed_name:
            signed += f" by typed name {consent.typed_name}"
        withdrawn = f"; withdrawn {_when(consent.withdrawn_at)}" if consent.withdrawn_at else ""
        story.append(
            Paragraph(
                f"<b>{escape(consent.get_kind_display())}{escape(area)}:</b> "
                f"{_text(consent.what)}. Explained: {_text(consent.explanation or '—')}. "
                f"{escape(signed)}{escape(withdrawn)}",
                styles["body"],
            )
        )
        image = consent.signature_image
        if image:
            story.append(Image(BytesIO(image), width=2.4 * inch, height=0.8 * inch, hAlign="LEFT"))
    if note.is_final:
        late = " (late)" if visit.late else ""
        story.append(
            Paragraph(
                f"Signed {escape(_when(note.finalised_at))}{late} by "
                f"{_text(note.signed_name)}, RMT, CMTO registration no. "
                f"{_text(note.signed_registration)}",
                styles["small"],
            )
        )
    else:
        story.append(Paragraph("Draft: not finalised.", styles["small"]))
    for amendment in note.amendments.all():
        story.append(
            Paragraph(
                f"<b>Amendment {escape(_when(amendment.created_at))}</b> by "
                f"{_text(amendment.author_name)} ({_text(amendment.reason)}): "
                f"{_text(amendment.text)}",
                styles["body"],
            )
        )
    for receipt in visit.receipts:
        story.append(
            Paragraph(
                f"Receipt {receipt.number}, issued {_when(receipt.issued_at)}", styles["small"]
            )
        )
    story.append(Spacer(1, 8))
    return story


def _correction_story(correction, styles) -> list:
    heading = (
        f"<b>Correction asked {escape(_when(correction.requested_at))}</b>: "
        f"{_text(correction.item)}. Asked for: {_text(correction.asked_for)}"
    )
    story = [Paragraph(heading, styles["body"])]
    if correction.decision == "corrected":
        story.append(
            Paragraph(
                f"Corrected {escape(_when(correction.decided_at))} by "
                f"{_text(correction.decided_by)}: "
                f"<strike>{_text(correction.original)}</strike> now reads "
                f"{_text(correction.correction)}. Reason: {_text(correction.reason)}",
                styles["body"],
            )
        )
    else:
        story.append(
            Paragraph(
                f"Refused {escape(_when(correction.decided_at))} by "
                f"{_text(correction.decided_by)}. Reason: {_text(correction.reason)}",
                styles["body"],
            )
        )
    if correction.disagreement:
        story.append(
            Paragraph(
                f"<b>The client's statement of disagreement</b> "
                f"({escape(_when(correction.disagreement_at))}): {_text(correction.disagreement)}",
                styles["body"],
            )
        )
    return story


def _when(value) -> str:
    return dateformat.format(local(value), r"F j, Y \a\t g:i a")


def _text(value: str) -> str:
    return escape(str(value)).replace("\n", "<br/>")
