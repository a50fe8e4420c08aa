"""The clinical admin around the notes: the equipment service record, which areas are
sensitive (the therapist's to set, never an editor's), and the per-client printed record."""

from datetime import date

import pytest
from django.urls import reverse

from bookings.clinical import notes
from bookings.models import EquipmentServiceRecord
from content.models import PainArea
from tests.factories import AppointmentFactory, BookingPolicyFactory, PainAreaFactory, PersonFactory
from tests.support import at, login_in_group

pytestmark = pytest.mark.django_db


def test_taylor_records_and_lists_equipment_service(client):
    login_in_group(client, "taylor", "Therapist")
    response = client.post(
        reverse("admin:bookings_equipmentservicerecord_add"),
        {"item": "table", "description": "Earthlite Harmony", "serviced_on": "2026-11-30",
         "work_done": "Tightened the hinges; checked the cables.", "serviced_by": "Taylor"},
    )  # fmt: skip
    assert response.status_code == 302
    listed = client.get(reverse("admin:bookings_equipmentservicerecord_changelist"))
    assert "Tightened the hinges" in listed.content.decode()
    assert EquipmentServiceRecord.objects.get().serviced_on == date(2026, 11, 30)


def test_an_editor_sees_no_equipment_record_and_cannot_make_an_area_sensitive(client):
    area = PainAreaFactory(name="Chest", slug="chest")
    login_in_group(client, "editor", "Editor")
    assert (
        client.get(reverse("admin:bookings_equipmentservicerecord_changelist")).status_code == 403
    )
    saved = client.post(
        reverse("admin:content_painarea_change", args=[area.pk]),
        {"name": "Chest wall", "slug": "chest", "position": 0, "is_sensitive": "on"},
    )
    assert saved.status_code == 302
    area.refresh_from_db()
    assert (area.name, area.is_sensitive) == ("Chest wall", False)
    classification = reverse("admin:bookings_sensitiveareaclassification_changelist")
    assert client.get(classification).status_code == 403


def test_the_therapist_marks_an_area_sensitive(client):
    area = PainAreaFactory(name="Chest", slug="chest")
    login_in_group(client, "taylor", "Therapist")
    response = client.post(
        reverse("admin:bookings_sensitiveareaclassification_change", args=[area.pk]),
        {"is_sensitive": "on"},
    )
    assert response.status_code == 302
    assert PainArea.objects.get(pk=area.pk).is_sensitive


def test_the_client_record_holds_every_person_and_visit_of_the_household(client, time_machine):
    time_machine.move_to(at(date(2030, 3, 6), 12), tick=False)
    BookingPolicyFactory(registration_number="U1")
    visit = AppointmentFactory(starts_at=at(date(2030, 3, 6), 9), status="completed")
    child = PersonFactory(account=visit.client, name="Kit Client", relation="child")
    AppointmentFactory(client=visit.client, person=child, starts_at=at(date(2030, 3, 6), 10, 30),
                       area=visit.area, option=visit.option)  # fmt: skip
    taylor = login_in_group(client, "taylor", "Therapist")
    notes.save_draft(
        notes.note_for(visit), fields={"assessment": "Tight traps.", "treatment": "Swedish."},
        marks={}, verbal_consent=True, user=taylor,
    )  # fmt: skip
    page = client.get(reverse("admin:bookings_client_record", args=[visit.client_id]))
    html = page.content.decode()
    assert visit.person.name in html and "Kit Client" in html
    assert "Tight traps." in html and "Draft: not finalised." in html
    assert "No treatment note." in html  # the child's visit
    pdf = client.get(reverse("admin:bookings_client_pdf", args=[visit.client_id]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
