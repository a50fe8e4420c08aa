"""Who may see client and health data in admin: the Therapist group only, never an Editor."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from bookings.models import Appointment, AuditEntry
from tests.factories import AppointmentFactory, ClientFactory, HealthIntakeFactory
from tests.support import login_in_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    """A client with an appointment and a health history, and one logged read of it."""
    sam = ClientFactory(name="Sam Private", email="sam@example.com", postal_code="L6Y 0A1")
    start = timezone.now() + timedelta(days=2)
    appointment = AppointmentFactory(
        client=sam, starts_at=start, status=Appointment.Status.REQUESTED
    )
    record = HealthIntakeFactory(
        client=sam,
        submitted_at=start - timedelta(days=1),
        areas_of_concern="Private neck.",
        contraindications=["pregnancy"],
        emergency_contact_name="Jo",
    )
    entry = AuditEntry.objects.create(
        intake=record, person=record.person, username="taylor", purpose="test"
    )
    return {"client": sam, "appointment": appointment, "intake": record, "entry": entry}


def private_urls(records) -> list[str]:
    return [
        "/admin/bookings/client/",
        f"/admin/bookings/client/{records['client'].pk}/change/",
        "/admin/bookings/appointment/",
        f"/admin/bookings/appointment/{records['appointment'].pk}/change/",
        "/admin/bookings/healthintake/",
        f"/admin/bookings/healthintake/{records['intake'].pk}/change/",
        "/admin/bookings/auditentry/",
        f"/admin/bookings/auditentry/{records['entry'].pk}/change/",
    ]


def test_an_editor_is_refused_every_client_appointment_and_health_page(client, records):
    login_in_group(client, "eddie", "Editor")
    for url in private_urls(records):
        assert client.get(url).status_code == 403, url
    assert AuditEntry.objects.count() == 1  # refused before anything was read


def test_the_admin_index_shows_an_editor_no_bookings_app_and_no_client(client, records):
    login_in_group(client, "eddie", "Editor")
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "bookings" not in {app["app_label"] for app in response.context["app_list"]}
    html = response.content.decode()
    assert "Sam Private" not in html and "/admin/bookings/" not in html


def test_staff_outside_the_therapist_group_cannot_read_health_records(client, records):
    user = User.objects.create_user("helper", password="pw-for-tests-only", is_staff=True)
    client.force_login(user)
    for url in private_urls(records):
        assert client.get(url).status_code == 403, url


def test_the_therapist_reads_health_records_and_the_log_and_each_read_is_logged(client, records):
    login_in_group(client, "taylor", "Therapist")
    for url in private_urls(records):
        assert client.get(url).status_code == 200, url
    entries = AuditEntry.objects.exclude(purpose="test")
    assert sorted(entries.filter(intake__isnull=False).values_list("purpose", flat=True)) == [
        "admin: appointment page",
        "admin: health intake record",
    ]


def test_only_the_therapist_group_holds_health_permissions():
    health = {"view_healthintake", "view_auditentry"}
    therapist = set(
        Group.objects.get(name="Therapist").permissions.values_list("codename", flat=True)
    )
    editor = set(Group.objects.get(name="Editor").permissions.values_list("codename", flat=True))
    assert health <= therapist
    assert not editor & health
    assert not {code for code in editor if code.endswith(("client", "appointment"))}
