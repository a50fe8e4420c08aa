"""The lock-box: a client withholds part of their record; it is left out of the morning agenda
email, marked as withheld, while Taylor still sees it on the visit's page, each read logged."""

from datetime import date

import pytest
from django.urls import reverse

from bookings.notifications import delivery
from bookings.privacy.models import AuditEntry, LockBoxInstruction
from tests.factories import AppointmentFactory, ClientFactory, HealthIntakeFactory
from tests.support import at, login_in_group, sign_in

pytestmark = pytest.mark.django_db
DAY = date(2030, 3, 6)


@pytest.fixture
def visit(time_machine):
    time_machine.move_to(at(DAY, 6), tick=False)
    appointment = AppointmentFactory(starts_at=at(DAY, 10))
    HealthIntakeFactory(person=appointment.person, submitted_at=at(DAY, 5),
                        contraindications=["pregnancy"])  # fmt: skip
    return appointment


def test_a_client_withholds_red_flags_from_the_account_and_may_withdraw(visit, client):
    sign_in(client, visit.client)
    client.post(f"/account/people/{visit.person_id}/lock-box/", {"item": "contraindications"})
    instruction = LockBoxInstruction.objects.get()
    assert (instruction.person, instruction.withdrawn_at) == (visit.person, None)
    page = client.get("/account/").content.decode()
    assert "Red flags (the conditions ticked): withheld since March 6, 2030" in page
    client.post(f"/account/lock-box/{instruction.pk}/withdraw/")
    instruction.refresh_from_db()
    assert instruction.withdrawn_at is not None
    bad = client.post(f"/account/people/{visit.person_id}/lock-box/", {"item": "everything"})
    assert bad.status_code == 302 and LockBoxInstruction.objects.count() == 1


def test_a_locked_item_is_absent_from_the_agenda_and_shown_with_its_read_logged_to_taylor(
    visit, client, mailoutbox
):
    LockBoxInstruction.objects.create(person=visit.person, item="contraindications")
    assert delivery.deliver_daily_agenda(DAY)
    agenda = mailoutbox[-1]
    assert "Pregnancy" not in agenda.body and "Pregnancy" not in agenda.alternatives[0][0]
    assert "information withheld at the client's request" in agenda.body
    # The red flags were not disclosed by the email: only the visit it lists is logged.
    assert not AuditEntry.objects.filter(intake__isnull=False).exists()
    taylor = login_in_group(client, "taylor", "Therapist")
    page = client.get(reverse("admin:bookings_appointment_change", args=[visit.pk]))
    assert "Red flags: Pregnancy" in page.content.decode()
    entry = AuditEntry.objects.get(intake__isnull=False)
    assert (entry.user, entry.purpose) == (taylor, "admin: appointment page")


def test_without_an_instruction_the_agenda_names_the_red_flags(visit, mailoutbox):
    assert delivery.deliver_daily_agenda(DAY)
    assert "RED FLAGS: Pregnancy" in mailoutbox[-1].body


def test_nobody_locks_or_unlocks_another_households_record(visit, client):
    instruction = LockBoxInstruction.objects.create(person=visit.person, item="medications")
    sign_in(client, ClientFactory(email="other@example.com"))
    assert (
        client.post(
            f"/account/people/{visit.person_id}/lock-box/", {"item": "allergies"}
        ).status_code
        == 404
    )
    assert client.post(f"/account/lock-box/{instruction.pk}/withdraw/").status_code == 404
    instruction.refresh_from_db()
    assert instruction.withdrawn_at is None
