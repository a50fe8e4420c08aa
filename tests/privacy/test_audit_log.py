"""The one audit log: visits' notes, receipts, exports, emails that carry health details and
copies for someone else are logged with whose information, which record and which parts; Taylor
reads it per person and per record; a copy for someone else leaves out the lock-box's items."""

from datetime import date

import pytest
from django.urls import reverse

from bookings.billing.receipts import complete_and_issue_receipt
from bookings.clinical import notes
from bookings.notifications import delivery
from bookings.privacy import audit, requests
from bookings.privacy.lockbox import WITHHELD
from bookings.privacy.models import AuditEntry, LockBoxInstruction
from bookings.scheduling.models import Appointment
from tests.factories import (
    AppointmentFactory,
    BookingPolicyFactory,
    ClientFactory,
    HealthIntakeFactory,
)
from tests.support import at, login_in_group, pdf_text, sign_in

pytestmark = pytest.mark.django_db
DAY = date(2030, 3, 6)


@pytest.fixture
def visit(time_machine):
    time_machine.move_to(at(DAY, 6), tick=False)
    appointment = AppointmentFactory(
        starts_at=at(DAY, 10),
        client=ClientFactory(name="Sam Rivera", access_notes="Side door; the dog is friendly."),
    )
    HealthIntakeFactory(
        person=appointment.person, submitted_at=at(DAY, 5), medications="Metformin",
        allergies="Latex", contraindications=["pregnancy"],
    )  # fmt: skip
    return appointment


@pytest.fixture
def taylor(client):
    return login_in_group(client, "taylor", "Therapist")


def _change_form_data(response) -> dict:
    """What the browser would post back unchanged from an admin change page."""
    form = response.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if name in form.fields}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
    return {name: value for name, value in data.items() if value is not None}


def test_the_visit_page_logs_a_read_of_its_notes_and_a_change_names_the_fields(
    visit, client, taylor
):
    url = reverse("admin:bookings_appointment_change", args=[visit.pk])
    page = client.get(url)
    assert "Side door" in page.content.decode()
    read = AuditEntry.objects.get(appointment=visit)
    assert (read.action, read.user, read.person, read.fields) == (
        "read", taylor, visit.person, audit.VISIT_NOTES,
    )  # fmt: skip
    data = _change_form_data(page)
    data["notes"] = "Prefers the table by the window."
    assert client.post(url, data).status_code == 302
    written = AuditEntry.objects.get(appointment=visit, action="write")
    assert (written.fields, written.purpose) == ("notes", "admin: appointment page")


def test_receipts_are_logged_when_printed_downloaded_and_emailed(
    visit, client, taylor, time_machine, mailoutbox
):
    time_machine.move_to(at(DAY, 12), tick=False)
    BookingPolicyFactory(registration_number="U1")
    receipt = complete_and_issue_receipt(Appointment.objects.get(pk=visit.pk), "debit")
    client.get(reverse("admin:bookings_receipt_pdf", args=[receipt.pk]))
    assert delivery.deliver_receipt_email(receipt.pk)
    account = client.__class__()
    sign_in(account, visit.client)
    assert account.get(f"/account/receipts/{receipt.pk}.pdf").status_code == 200
    entries = AuditEntry.objects.filter(receipt=receipt).order_by("pk")
    assert [(e.action, e.username, e.person_id) for e in entries] == [
        ("print", "taylor", visit.person_id),
        ("email", "receipt emailed to the client", visit.person_id),
        ("read", "Sam Rivera (client)", visit.person_id),
    ]


def test_an_export_logs_each_visit_it_holds(visit, client, taylor):
    elsewhere = AppointmentFactory(starts_at=at(date(2030, 4, 2), 10))
    response = client.get(
        reverse("admin:bookings_appointment_export"),
        {"first_day": "2030-03-01", "last_day": "2030-03-31"},
    )
    assert "Sam Rivera" in response.content.decode()
    exported = AuditEntry.objects.get(action="export")
    assert (exported.appointment, exported.person, exported.user) == (visit, visit.person, taylor)
    assert exported.purpose == "appointments CSV export, 2030-03-01 to 2030-03-31"
    assert "client" in exported.fields
    assert not AuditEntry.objects.filter(appointment=elsewhere).exists()


def test_the_agenda_email_logs_each_visits_notes_it_carried(visit, mailoutbox):
    assert delivery.deliver_daily_agenda(DAY)
    assert "Side door" in mailoutbox[-1].body
    sent = AuditEntry.objects.get(appointment=visit)
    assert (sent.action, sent.user, sent.fields) == ("email", None, audit.VISIT_NOTES)


def test_the_new_booking_email_to_taylor_is_logged_once_sent(visit, mailoutbox):
    delivery.deliver_appointment_email(visit.pk, "booked")
    assert any("Side door" in message.body for message in mailoutbox)
    sent = AuditEntry.objects.get(appointment=visit)
    assert (sent.action, sent.purpose) == ("email", "booked email to the therapist")


def test_taylor_reads_the_log_per_person_and_per_record(visit, client, taylor):
    other = AppointmentFactory(starts_at=at(DAY, 14), client=ClientFactory(name="Ola Bright"))
    for appointment in (visit, other):
        client.get(reverse("admin:bookings_appointment_change", args=[appointment.pk]))
    log = reverse("admin:bookings_auditentry_changelist")
    household = client.get(reverse("admin:bookings_client_change", args=[visit.client_id]))
    assert f"{log}?person__id__exact={visit.person_id}" in household.content.decode()
    mine = client.get(log, {"person__id__exact": visit.person_id}).content.decode()
    assert "Sam Rivera" in mine and "Ola Bright" not in mine
    theirs = client.get(log, {"appointment__id__exact": other.pk}).content.decode()
    assert "Ola Bright" in theirs and "Sam Rivera" not in theirs


def test_a_copy_for_someone_else_withholds_the_lock_box_and_logs_the_disclosure(
    visit, client, taylor
):
    LockBoxInstruction.objects.create(person=visit.person, item="medications")
    url = reverse("admin:bookings_person_disclose", args=[visit.person_id])
    page = client.get(url).content.decode()
    assert "Medications" in page  # Taylor is told what the copy leaves out
    refused = client.post(url, {"recipient": "Dr. Amira Lee"})
    assert "Say on what authority" in refused.content.decode()
    assert 'value="Dr. Amira Lee"' in refused.content.decode()
    assert not AuditEntry.objects.filter(action="disclose").exists()

    response = client.post(
        url, {"recipient": "Dr. Amira Lee", "authority": "the client's written consent"}
    )
    text = pdf_text(response.content)
    assert "Metformin" not in text and WITHHELD in text
    assert "Latex" in text  # only what the lock-box names is left out
    assert "copy for Dr. Amira Lee, March 6, 2030" in " ".join(text.split())
    disclosed = AuditEntry.objects.get(action="disclose")
    assert (disclosed.person, disclosed.disclosed_to, disclosed.user) == (
        visit.person, "Dr. Amira Lee", taylor,
    )  # fmt: skip
    assert disclosed.fields == "clinical record; withheld: Medications"
    assert disclosed.purpose == "copy of the record: the client's written consent"
    printed = AuditEntry.objects.get(action="print", intake__isnull=False)
    assert printed.purpose == "copy for Dr. Amira Lee"


def test_the_clients_own_package_is_whole_despite_the_lock_box(visit, taylor):
    LockBoxInstruction.objects.create(person=visit.person, item="medications")
    package = requests.package_pdf(visit.person, taylor)
    assert "Metformin" in pdf_text(package)


def test_an_entry_names_whose_information_it_is(visit):
    with pytest.raises(ValueError, match="whose information"):
        audit.record(audit.Action.READ, "nowhere")


def test_a_visit_list_filtered_by_what_the_client_wrote_logs_each_visit_listed(
    visit, client, taylor
):
    Appointment.objects.filter(pk=visit.pk).update(notes="Pregnant, 20 weeks.")
    changelist = reverse("admin:bookings_appointment_changelist")
    client.get(changelist, {"status__exact": "confirmed"})
    assert not AuditEntry.objects.exists()  # a status filter says nothing of the notes
    client.get(changelist, {"notes__icontains": "pregnant"})
    entry = AuditEntry.objects.get()
    assert (entry.appointment, entry.purpose) == (visit, "admin: visit list by notes__icontains")


def test_a_note_list_searched_by_its_contents_logs_each_note_listed(visit, client, taylor):
    note = notes.note_for(visit)
    notes.save_draft(
        note, fields={"assessment": "Tight QL."}, verbal_consent=False, marks={}, user=taylor
    )
    notes_list = reverse("admin:bookings_treatmentnote_changelist")
    client.get(notes_list, {"status__exact": "draft"})
    client.get(notes_list, {"assessment__icontains": "ql"})
    listed = AuditEntry.objects.filter(purpose__startswith="admin: note list")
    assert [(e.note, e.action, e.purpose) for e in listed] == [
        (note, "read", "admin: note list by assessment__icontains")
    ]
