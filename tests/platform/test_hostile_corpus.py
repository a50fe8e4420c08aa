"""A corpus of hostile input against the public forms and URLs: no 5xx, nothing rendered
unescaped, nothing private reachable."""

from datetime import date

import pytest
import time_machine
from django.core import mail

from bookings.models import Appointment, Client
from tests.support import at, confirm_from_email

pytestmark = pytest.mark.django_db
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(at(date(2026, 12, 1), 8), tick=False):
        yield


@pytest.fixture
def swedish(bookable_site):
    """A 60-minute Swedish massage, bookable at the Brampton postal code the corpus types."""
    return bookable_site.services["swedish-massage"].options.get(minutes=60)


def _booking(option, **overrides) -> dict:
    return {
        "option": option.pk, "postal_code": "L6Y 0A1",
        "starts_at": "2026-12-02T10:00:00-05:00", "name": "Sam Client",
        "email": "sam@example.com", "phone": "905 555 0199", "address": "12 Main Street",
        "city": "Brampton", "consent": "on",
        "areas_of_concern": "Neck", "emergency_contact_name": "Pat",
        "emergency_contact_phone": "905 555 0100",
        "confirm": "1", **overrides,
    }  # fmt: skip


def test_script_typed_into_a_booking_is_stored_as_text_and_shown_escaped(
    client, admin_client, django_capture_on_commit_callbacks, swedish
):
    hostile = {"name": f"Sam {XSS}", "access_notes": XSS, "notes": XSS, "address": "1 Main" + XSS}
    with django_capture_on_commit_callbacks(execute=True):
        held = client.post("/book/details/", _booking(swedish, **hostile))
    assert held.status_code == 302, held.content[:2000]
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm_from_email(client, mail.outbox[-1])
    booked = Client.objects.get(email="sam@example.com")
    assert booked.name == f"Sam {XSS}"  # kept exactly as typed, escaped only where shown

    for html in (
        client.get(response["Location"]).content.decode(),
        admin_client.get("/admin/bookings/appointment/").content.decode(),
        admin_client.get(f"/admin/bookings/client/{booked.pk}/change/").content.decode(),
    ):
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert" in html
    for message in mail.outbox:
        for body, kind in getattr(message, "alternatives", []):
            if kind == "text/html":
                assert "<script>alert" not in body


@pytest.mark.parametrize(
    "path",
    [
        "/admin/bookings/appointment/",
        "/admin/bookings/client/",
        "/admin/bookings/healthintake/",
        "/admin/bookings/receipt/",
    ],
)
def test_private_pages_need_a_staff_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize(
    "path",
    [
        "/static/../stillwaters/settings.py",
        "/static/%2e%2e/stillwaters/settings.py",
        "/learn/..%2f..%2fetc%2fpasswd/",
        "/services/%00/",
        "/areas/%E2%80%AE/",
        "/book/confirmed/%2e%2e/",
        "/.env",
        "/db.sqlite3",
        "/media/../manage.py",
    ],
)
def test_path_traversal_and_stray_files_are_not_found(client, path):
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert b"SECRET_KEY" not in response.content


def test_an_enormous_form_field_is_refused_with_a_message_not_an_error(client, swedish):
    response = client.post("/book/details/", _booking(swedish, notes="x" * 200_000))
    assert response.status_code == 200
    assert b"at most" in response.content
    assert not Appointment.objects.exists()


def _book_and_confirm(client, data, capture) -> None:
    with capture(execute=True):
        assert client.post("/book/details/", data).status_code == 302
    assert confirm_from_email(client, mail.outbox[-1]).status_code == 302


def test_unicode_tricks_in_names_are_kept_and_escaped(
    client, swedish, django_capture_on_commit_callbacks
):
    name = "Ｓａｍ \u202eevil\u202c Zero\u200bWidth"
    _book_and_confirm(client, _booking(swedish, name=name), django_capture_on_commit_callbacks)
    assert Client.objects.get().name == name


def test_sql_fragments_are_just_text(client, swedish, django_capture_on_commit_callbacks):
    fragment = "Robert'); DROP TABLE bookings_client;--"
    _book_and_confirm(client, _booking(swedish, name=fragment), django_capture_on_commit_callbacks)
    assert Client.objects.get().name == fragment
    assert client.get("/book/slots", {"service": "' OR 1=1 --", "length": 60}).status_code == 400
