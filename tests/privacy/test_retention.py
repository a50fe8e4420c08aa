"""Retention: health records kept ten years after the last visit, a minor's until ten years after
the 18th birthday; then destroyed, leaving a tombstone without health information."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from bookings.billing.receipts import complete_and_issue_receipt
from bookings.clinical import intake, notes
from bookings.models import (
    Appointment,
    AuditEntry,
    Client,
    DestroyedRecord,
    HealthIntake,
    Person,
    TreatmentNote,
)
from bookings.privacy import audit, retention
from tests.factories import (
    AppointmentFactory,
    BookingPolicyFactory,
    HealthIntakeFactory,
    PainAreaFactory,
    PersonFactory,
)
from tests.support import at, login_in_group

pytestmark = pytest.mark.django_db
LAST_VISIT = date(2020, 5, 12)


def person_seen_last_on(day: date, hour: int = 10, **person_fields):
    visit = AppointmentFactory(starts_at=at(day, hour), status="completed")
    if person_fields:
        Person.objects.filter(pk=visit.person_id).update(**person_fields)
        visit.person.refresh_from_db()
    HealthIntakeFactory(person=visit.person, submitted_at=at(day - timedelta(days=1), 9),
                        medications="Warfarin")  # fmt: skip
    return visit


def test_an_adults_records_are_kept_ten_years_after_the_last_visit():
    visit = person_seen_last_on(LAST_VISIT, date_of_birth=date(1980, 1, 1))
    assert intake.person_records_kept_until(visit.person) == date(2030, 5, 12)


def test_a_minors_records_are_kept_until_ten_years_after_the_18th_birthday():
    visit = person_seen_last_on(LAST_VISIT, date_of_birth=date(2010, 9, 1))  # 9 at the visit
    assert intake.person_records_kept_until(visit.person) == date(2038, 9, 1)
    older = person_seen_last_on(LAST_VISIT, 13, date_of_birth=date(2003, 1, 1))  # 17 then
    assert intake.person_records_kept_until(older.person) == date(2031, 1, 1)


def test_only_records_past_their_date_are_listed_and_refused_before(time_machine):
    time_machine.move_to(at(date(2030, 5, 11), 12), tick=False)
    visit = person_seen_last_on(LAST_VISIT)
    assert retention.past_retention() == []
    with pytest.raises(ValueError, match="must be kept until 2030-05-12"):
        retention.destroy(visit.person, by="taylor")
    assert HealthIntake.objects.exists()
    time_machine.move_to(at(date(2030, 5, 12), 12), tick=False)
    assert [e.person for e in retention.past_retention()] == [visit.person]


def test_destroying_deletes_every_record_and_leaves_a_tombstone_without_health_details(
    time_machine, django_user_model
):
    time_machine.move_to(at(LAST_VISIT, 12), tick=False)
    BookingPolicyFactory(registration_number="U1")
    visit = person_seen_last_on(LAST_VISIT)
    taylor = django_user_model.objects.create_user("taylor")
    buttock = PainAreaFactory(name="Buttock", slug="buttock", is_sensitive=True)
    note = notes.note_for(visit)
    notes.record_signed(
        note, kind="consent", pain_area=buttock, what="Glutes", explanation="", signature="",
        typed_name="Client", user=taylor,
    )  # fmt: skip
    notes.save_draft(
        note, fields={"assessment": "a", "treatment": "b"}, verbal_consent=True, user=taylor,
        marks={buttock.pk: notes.MarkInput(treated=True)},
    )  # fmt: skip
    note = notes.finalise(note, user=taylor)
    notes.amend(note, text="Later.", reason="Added", user=taylor)
    receipt = complete_and_issue_receipt(Appointment.objects.get(pk=visit.pk), "debit")
    intake.record_intake_read(visit.person.intakes.get(), taylor, "test read")
    audit.record(audit.Action.READ, "test read", user=taylor, appointment=visit)
    audit.record(audit.Action.PRINT, "test print", user=taylor, receipt=receipt)
    other = AppointmentFactory(starts_at=at(LAST_VISIT, 14), area=visit.area, option=visit.option)

    time_machine.move_to(at(date(2031, 1, 1), 9), tick=False)
    tombstone = retention.destroy(visit.person, by="taylor")

    assert not HealthIntake.objects.filter(medications="Warfarin").exists()
    assert not TreatmentNote.objects.exists()
    assert list(Appointment.objects.all()) == [other]
    assert not Client.objects.filter(pk=visit.client_id).exists()
    assert not AuditEntry.objects.filter(username="taylor").exists()
    assert not AuditEntry.objects.filter(person_id=visit.person_id).exists()
    assert tombstone.person_ref == f"person {visit.person_id}"
    assert tombstone.kept_until == date(2030, 5, 12)
    assert (
        "1 health histories" in tombstone.destroyed and "1 treatment notes" in tombstone.destroyed
    )
    text = " ".join(str(v) for v in DestroyedRecord.objects.values_list().get())
    assert "Warfarin" not in text and visit.person.name not in text


def test_a_household_keeps_its_account_while_someone_remains(time_machine):
    time_machine.move_to(at(date(2031, 1, 1), 9), tick=False)
    visit = person_seen_last_on(LAST_VISIT)
    partner = PersonFactory(account=visit.client, name="Partner", relation="partner")
    retention.destroy(visit.person, by="taylor")
    assert list(Person.objects.filter(account=visit.client)) == [partner]


def test_the_command_lists_then_destroys(time_machine):
    time_machine.move_to(at(date(2031, 1, 1), 9), tick=False)
    visit = person_seen_last_on(LAST_VISIT)
    listed = StringIO()
    call_command("destroy_expired_records", stdout=listed)
    assert f"person {visit.person_id}: kept until 2030-05-12" in listed.getvalue()
    assert HealthIntake.objects.exists()
    call_command("destroy_expired_records", "--destroy", stdout=StringIO())
    assert not HealthIntake.objects.exists() and DestroyedRecord.objects.count() == 1


def test_taylor_destroys_from_the_admin_page_and_an_editor_cannot(time_machine, client):
    time_machine.move_to(at(date(2031, 1, 1), 9), tick=False)
    visit = person_seen_last_on(LAST_VISIT)
    url = reverse("admin:bookings_destroyedrecord_due")
    login_in_group(client, "editor", "Editor")
    assert client.get(url).status_code == 403
    assert client.post(url, {"person": visit.person_id}).status_code == 403
    client.logout()
    login_in_group(client, "taylor", "Therapist")
    assert visit.person.name in client.get(url).content.decode()
    client.post(url, {"person": visit.person_id})
    assert DestroyedRecord.objects.get().destroyed_by == "taylor"
    assert client.post(url, {"person": "999999"}).status_code == 404
