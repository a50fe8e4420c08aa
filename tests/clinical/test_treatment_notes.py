"""The treatment note: SOAP with a body chart, written consent before a sensitive area is
treated, withdrawal, refusals, signed and locked on finalising, amendments, note-due flags,
the printed record, and who may see any of it."""

import base64
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.db import IntegrityError, InternalError, connection, transaction
from django.urls import reverse
from PIL import Image

from bookings.backoffice import schedule
from bookings.clinical import intake, notes, record
from bookings.clinical.models import (
    Locked,
    NoteAmendment,
    TreatmentConsent,
    TreatmentNote,
)
from bookings.models import Appointment
from bookings.privacy.models import AuditEntry
from content.models import PainArea
from tests.factories import (
    AppointmentFactory,
    BookingPolicyFactory,
    HealthIntakeFactory,
    PainAreaFactory,
    ReferredPainRowFactory,
)
from tests.support import at, login_in_group, pdf_text

pytestmark = pytest.mark.django_db
DAY = date(2030, 3, 6)
NOW = at(DAY, 12)


@pytest.fixture
def visit(db, time_machine):
    """A visit this morning, with the chart's places: a buttock (sensitive) and a low back."""
    time_machine.move_to(NOW, tick=False)
    BookingPolicyFactory(therapist_name="Taylor Example", registration_number="U1234")
    PainAreaFactory(name="Low back", slug="low-back", position=1, chart_view="back",
                    chart_x=50, chart_y=41)  # fmt: skip
    PainAreaFactory(name="Buttock", slug="buttock", position=2, chart_view="back",
                    chart_x=42, chart_y=50, is_sensitive=True)  # fmt: skip
    appointment = AppointmentFactory(starts_at=at(DAY, 9), status=Appointment.Status.COMPLETED)
    HealthIntakeFactory(person=appointment.person, submitted_at=at(DAY, 8),
                        areas_of_concern="Deep ache in the buttock.")  # fmt: skip
    return appointment


@pytest.fixture
def taylor(client):
    return login_in_group(client, "taylor", "Therapist")


def areas():
    from content.models import PainArea

    return {area.slug: area for area in PainArea.objects.all()}


def signature_png() -> str:
    buffer = BytesIO()
    Image.new("RGB", (60, 20), "white").save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def written(note, taylor, marks=None):
    fields = {"assessment": "Taut band, left glute med.", "treatment": "Trigger point release."}
    notes.save_draft(note, fields=fields, marks=marks or {}, verbal_consent=True, user=taylor)


def consent_to(note, area, taylor, **kwargs):
    return notes.record_signed(
        note, kind=TreatmentConsent.Kind.CONSENT, pain_area=area, what="Trigger point release",
        explanation="Pressure through the gluteal muscles; you may stop me at any time.",
        signature=kwargs.pop("signature", signature_png()), typed_name="", user=taylor, **kwargs,
    )  # fmt: skip


# Consent for sensitive areas


def test_a_sensitive_area_cannot_be_marked_treated_without_this_visits_written_consent(
    visit, taylor
):
    note = notes.note_for(visit)
    buttock = areas()["buttock"]
    with pytest.raises(notes.NoteRefused, match="Buttock is a sensitive area"):
        written(note, taylor, {buttock.pk: notes.MarkInput(treated=True)})
    assert not note.marks.exists()
    note.refresh_from_db()
    assert note.assessment == ""  # nothing of the refused save is kept
    consent_to(note, buttock, taylor)
    written(note, taylor, {buttock.pk: notes.MarkInput(treated=True, finding="Taut band")})
    assert note.marks.get().finding == "Taut band"


def test_a_sensitive_area_treated_without_consent_blocks_finalising_and_says_why(visit, taylor):
    note = notes.note_for(visit)
    written(note, taylor)
    # Marked some other way than the rules (an old draft, a bug): finalising still refuses it.
    note.marks.create(pain_area=areas()["buttock"], treated=True, marked_at=NOW)
    with pytest.raises(notes.NoteRefused, match="Buttock is marked treated without"):
        notes.finalise(note, user=taylor)
    note.refresh_from_db()
    assert note.status == TreatmentNote.Status.DRAFT


def test_a_consent_signed_after_the_area_was_treated_does_not_cover_it(visit, taylor, time_machine):
    note = notes.note_for(visit)
    written(note, taylor)
    note.marks.create(pain_area=areas()["buttock"], treated=True, marked_at=NOW)
    time_machine.move_to(NOW + timedelta(minutes=5), tick=False)
    consent_to(note, areas()["buttock"], taylor)
    assert any("Buttock" in p for p in notes.problems_before_finalising(note))


def test_a_withdrawn_consent_is_recorded_and_blocks_further_treatment_marks(
    visit, taylor, time_machine
):
    note = notes.note_for(visit)
    consent = consent_to(note, areas()["buttock"], taylor)
    time_machine.move_to(NOW + timedelta(minutes=10), tick=False)
    notes.withdraw(consent, user=taylor)
    consent.refresh_from_db()
    assert consent.withdrawn_at == NOW + timedelta(minutes=10)
    with pytest.raises(notes.NoteRefused, match="written consent for this visit is needed"):
        written(note, taylor, {areas()["buttock"].pk: notes.MarkInput(treated=True)})  # fmt: skip
    assert not note.marks.filter(treated=True).exists()


def test_treatment_before_a_withdrawal_stays_covered(visit, taylor, time_machine):
    note = notes.note_for(visit)
    consent = consent_to(note, areas()["buttock"], taylor)
    written(note, taylor, {areas()["buttock"].pk: notes.MarkInput(treated=True)})  # fmt: skip
    time_machine.move_to(NOW + timedelta(minutes=10), tick=False)
    notes.withdraw(consent, user=taylor)
    assert notes.finalise(note, user=taylor).is_final


def test_a_refusal_is_signed_and_a_signature_must_be_a_real_png(visit, taylor):
    note = notes.note_for(visit)
    refusal = notes.record_signed(
        note, kind=TreatmentConsent.Kind.REFUSAL, pain_area=None, what="Cupping", explanation="",
        signature="", typed_name="Sam Client", user=taylor,
    )  # fmt: skip
    assert (refusal.kind, refusal.typed_name) == ("refusal", "Sam Client")
    with pytest.raises(notes.NoteRefused, match="did not come through"):
        consent_to(note, areas()["buttock"], taylor, signature="data:image/png;base64,aGVsbG8=")
    with pytest.raises(notes.NoteRefused, match="must sign"):
        consent_to(note, areas()["buttock"], taylor, signature="")
    with pytest.raises(notes.NoteRefused, match="for a sensitive area"):
        consent_to(note, areas()["low-back"], taylor)


def test_finalising_needs_findings_treatment_and_verbal_consent(visit, taylor):
    note = notes.note_for(visit)
    problems = notes.problems_before_finalising(note)
    assert problems == [
        "Write the assessment findings.",
        "Write the treatment given.",
        "Record the client's verbal consent to the treatment plan.",
    ]


# Signed and locked


@pytest.fixture
def final_note(visit, taylor):
    note = notes.note_for(visit)
    consent_to(note, areas()["buttock"], taylor)
    notes.save_draft(
        note, fields={"assessment": "Taut band.", "treatment": "Trigger point release."},
        verbal_consent=True, user=taylor,
        marks={areas()["buttock"].pk: notes.MarkInput(assessed=True, treated=True)},
    )  # fmt: skip
    return notes.finalise(note, user=taylor)


def test_finalising_signs_with_the_rmts_name_and_registration_and_locks(final_note, taylor):
    final_note.refresh_from_db()
    assert (final_note.signed_name, final_note.signed_registration) == ("Taylor Example", "U1234")
    assert final_note.finalised_at == NOW and final_note.finalised_by == taylor
    assert final_note.marks.get().locked and final_note.consents.get().locked


def test_a_finalised_note_refuses_an_edit_and_takes_an_amendment_keeping_the_original(
    final_note, taylor, client
):
    final_note.treatment = "Changed afterwards"
    with pytest.raises(Locked):
        final_note.save()
    with pytest.raises(notes.NoteRefused):
        notes.save_draft(final_note, fields={"treatment": "x"}, marks={}, verbal_consent=True,
                         user=taylor)  # fmt: skip
    with pytest.raises(Locked):
        final_note.consents.get().delete()
    with pytest.raises(Locked):
        final_note.marks.get().save()
    url = reverse("admin:bookings_appointment_note", args=[final_note.appointment_id])
    client.post(url, {"treatment": "Edited through the page", "action": "save"})
    client.post(
        reverse("admin:bookings_appointment_amend", args=[final_note.appointment_id]),
        {"text": "Also advised heat at home.", "reason": "Left out of the plan"},
    )
    final_note.refresh_from_db()
    assert final_note.treatment == "Trigger point release."
    amendment = final_note.amendments.get()
    assert (amendment.text, amendment.reason, amendment.author) == (
        "Also advised heat at home.", "Left out of the plan", taylor,
    )  # fmt: skip
    page = client.get(url).content.decode()
    assert "Trigger point release." in page and "Also advised heat at home." in page
    with pytest.raises(Locked):
        amendment.save()


@pytest.mark.postgres
def test_postgresql_refuses_an_update_or_delete_of_a_signed_record_from_outside_the_app(
    final_note,
):
    statements = [
        ("UPDATE bookings_treatmentnote SET treatment = 'forged' WHERE id = %s", final_note.pk),
        ("DELETE FROM bookings_treatmentnote WHERE id = %s", final_note.pk),
        ("UPDATE bookings_treatmentconsent SET signature = '' WHERE note_id = %s", final_note.pk),
        ("UPDATE bookings_chartmark SET treated = false WHERE note_id = %s", final_note.pk),
    ]
    amendment = NoteAmendment.objects.create(
        note=final_note, text="t", reason="r", author=final_note.finalised_by, author_name="t"
    )
    statements.append(("UPDATE bookings_noteamendment SET text = 'x' WHERE id = %s", amendment.pk))
    for sql, pk in statements:
        with (
            pytest.raises((InternalError, IntegrityError)),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [pk])
    final_note.refresh_from_db()
    assert final_note.treatment == "Trigger point release."


# Completion and lateness


def test_a_completed_visit_without_a_signed_note_is_due_everywhere_taylor_looks(
    visit, taylor, client
):
    assert list(Appointment.objects.note_due()) == [visit]
    assert notes.note_is_due(visit)
    home = client.get(reverse("admin:index")).content.decode()
    assert "1 treatment note due" in home
    day = client.get(reverse("admin:bookings_appointment_day"), {"day": DAY.isoformat()})
    assert "Note due" in day.content.decode()
    from bookings.notifications.agenda import build_daily_agenda
    from bookings.notifications.messages import daily_agenda_email

    email = daily_agenda_email(build_daily_agenda(DAY))
    assert "TREATMENT NOTES DUE (1)" in email.body
    assert visit.person.name in email.body and "Deep ache" not in email.body


def test_a_signed_note_clears_the_flag_and_one_signed_a_day_late_is_marked_late(
    visit, taylor, time_machine
):
    note = notes.note_for(visit)
    written(note, taylor)
    time_machine.move_to(visit.ends_at + notes.LATE_AFTER + timedelta(minutes=1), tick=False)
    notes.finalise(note, user=taylor)
    assert not Appointment.objects.note_due().exists()
    note.refresh_from_db()
    assert notes.is_late(note)


def test_the_day_view_runs_the_same_queries_with_notes_present(
    visit, taylor, django_assert_num_queries
):
    # The policy, the driving times, the visits (with their notes) and the time off.
    with django_assert_num_queries(4):
        schedule.day_schedule(DAY)
    for hour in (13, 15):
        notes.note_for(AppointmentFactory(starts_at=at(DAY, hour), area=visit.area))
    with django_assert_num_queries(4):
        visits = schedule.day_schedule(DAY).visits
        assert [v.appointment.treatment_note.status for v in visits[1:]] == ["draft", "draft"]


# The chart and the pain finder share one list


def test_the_chart_regions_are_the_pain_finder_places_and_a_new_one_appears_on_both(
    visit, taylor, client
):
    client.logout()
    login_in_group(client, "editor", "Editor")
    client.post(
        reverse("admin:content_painarea_add"),
        {"name": "Chest", "slug": "chest", "position": 3, "chart_view": "front", "chart_x": 50,
         "chart_y": 25},
    )  # fmt: skip
    chest = PainArea.objects.get(slug="chest")
    ReferredPainRowFactory(muscle="Pectoralis major", pain_areas=[chest])  # the muscle behind it
    finder = client.get(reverse("content:pain-finder")).content.decode()
    assert '<option value="chest">Chest</option>' in finder
    client.logout()
    login_in_group(client, "taylor2", "Therapist")
    page = client.get(reverse("admin:bookings_appointment_note", args=[visit.pk])).content.decode()
    assert "<title>Chest</title>" in page and "Chest assessed" in page
    regions = notes.chart_regions(notes.note_for(visit), intake.intake_for_visit(visit))
    assert [r.area.slug for r in regions] == ["low-back", "buttock", "chest"]
    assert [r.client_reported for r in regions] == [False, True, False]  # from the history


# Who may see it, and the log


def note_pages(appointment_id: int) -> list[str]:
    args = [appointment_id]
    return [
        reverse("admin:bookings_appointment_note", args=args),
        reverse("admin:bookings_appointment_sign", args=args),
        reverse("admin:bookings_appointment_amend", args=args),
        reverse("admin:bookings_appointment_record", args=args),
        reverse("admin:bookings_appointment_pdf", args=args),
        reverse(
            "admin:bookings_client_record",
            args=[Appointment.objects.get(pk=appointment_id).client_id],
        ),
        reverse(
            "admin:bookings_client_pdf", args=[Appointment.objects.get(pk=appointment_id).client_id]
        ),
        reverse("admin:bookings_treatmentnote_changelist"),
    ]


def test_an_editor_gets_403_on_every_clinical_page(final_note, client):
    client.logout()
    login_in_group(client, "editor", "Editor")
    for url in note_pages(final_note.appointment_id):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"text": "x", "reason": "y"}).status_code == 403, url
    assert final_note.amendments.count() == 0


def test_every_read_write_and_print_of_a_note_is_logged(visit, taylor, client):
    url = reverse("admin:bookings_appointment_note", args=[visit.pk])
    client.get(url)
    client.post(
        url, {"assessment": "a", "treatment": "b", "verbal_consent": "on", "action": "save"}
    )
    client.get(reverse("admin:bookings_appointment_record", args=[visit.pk]))
    entries = AuditEntry.objects.filter(note__isnull=False).order_by("accessed_at", "pk")
    assert [(e.action, e.purpose, e.user) for e in entries] == [
        ("read", "treatment note page", taylor),
        ("write", "treatment note: draft saved", taylor),
        ("print", "printed clinical record", taylor),
    ]


# The printed record


def test_the_printed_record_holds_the_history_note_chart_consent_signature_and_amendment(
    final_note, taylor, client
):
    notes.amend(final_note, text="Advised heat.", reason="Added later", user=taylor)
    html = client.get(
        reverse("admin:bookings_appointment_record", args=[final_note.appointment_id])
    )
    page = html.content.decode()
    expected = [
        "Deep ache in the buttock.", "Taut band.", "Buttock (assessed, treated)",
        "Written consent, Buttock", "Advised heat.", "CMTO registration no. U1234",
    ]  # fmt: skip
    for text in expected:
        assert text in page, text
    assert 'src="data:image/png;base64,' in page
    data = record.pdf(record.for_visits([final_note.appointment], taylor))
    text = pdf_text(data)
    for expected in ("Taut band.", "Written consent, Buttock", "Advised heat.", "U1234"):
        assert expected in text, expected
    assert b"/Subtype /Image" in data  # the drawn signature


def test_the_place_picked_in_the_pain_finder_reaches_the_visits_chart_as_client_reported(
    client, bookable_site, time_machine, django_capture_on_commit_callbacks
):
    from django.core import mail

    from tests.factories import ReferredPainRowFactory
    from tests.support import confirm_from_email, details_data

    time_machine.move_to(at(date(2026, 12, 1), 8), tick=False)
    buttock = PainAreaFactory(name="Buttock", slug="buttock", is_sensitive=True)
    ReferredPainRowFactory(pain_areas=[buttock])
    finder = client.get(reverse("content:pain-finder"), {"area": "buttock"}).content.decode()
    assert "service=trigger-point-release&amp;concern=buttock" in finder
    option = bookable_site.services["trigger-point-release"].options.get(minutes=60)
    times = client.get(
        "/book/times/", {"option": option.pk, "postal_code": "L6Y0A1", "concern": "buttock"}
    ).content.decode()
    assert 'name="concern" value="buttock"' in times
    start = "2026-12-02T10:00:00-05:00"
    data = details_data(option, start, concern="buttock", areas_of_concern="Sore hip.")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/book/details/", {**data, "confirm": "1"}).status_code == 302
    confirm_from_email(client, mail.outbox[-1])
    appointment = Appointment.objects.get()
    assert list(appointment.reported_areas.all()) == [buttock]
    (region,) = notes.chart_regions(notes.note_for(appointment), None)
    assert region.client_reported


def test_the_note_page_costs_the_same_queries_however_many_regions_the_chart_has(
    visit, taylor, client
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:bookings_appointment_note", args=[visit.pk])
    client.get(url)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    with_two = queries()
    for number in range(10):
        PainAreaFactory(name=f"Place {number}", chart_view="front", chart_x=50, chart_y=number)
    assert queries() == with_two


@pytest.mark.postgres
def test_postgresql_refuses_to_rewrite_the_access_log_or_a_health_history(visit, taylor, client):
    client.get(reverse("admin:bookings_appointment_note", args=[visit.pk]))
    entry = AuditEntry.objects.first()
    history = visit.person.intakes.get()
    for sql, pk in [
        ("UPDATE bookings_auditentry SET username = 'someone else' WHERE id = %s", entry.pk),
        ("DELETE FROM bookings_auditentry WHERE id = %s", entry.pk),
        ("UPDATE bookings_healthintake SET medications = '' WHERE id = %s", history.pk),
    ]:
        with (
            pytest.raises((InternalError, IntegrityError)),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [pk])
    assert AuditEntry.objects.filter(pk=entry.pk, username="taylor").exists()


def test_no_role_may_change_or_delete_a_health_record_or_the_log_directly(taylor):
    refused = [
        "change_auditentry", "delete_auditentry", "change_healthintake",
        "delete_healthintake", "delete_treatmentnote", "change_noteamendment",
    ]  # fmt: skip
    for codename in refused:
        assert not taylor.has_perm(f"bookings.{codename}"), codename
    assert taylor.has_perm("bookings.change_treatmentnote")  # drafts are written on its page
