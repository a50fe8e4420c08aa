"""A client's request for a copy of their record: tracked to its 30-day deadline, extended once
with a notice, shown on Taylor's admin home until answered, answered with the record package
that the client downloads from the account, every step in the access log."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from bookings.clinical import notes
from bookings.privacy import requests
from bookings.privacy.models import AuditEntry, RecordRequest
from tests.factories import (
    AppointmentFactory,
    BookingPolicyFactory,
    ClientFactory,
    HealthIntakeFactory,
)
from tests.support import at, login_in_group, pdf_text, sign_in

pytestmark = pytest.mark.django_db
TODAY = date(2030, 3, 6)


@pytest.fixture
def sam(time_machine):
    time_machine.move_to(at(TODAY, 9), tick=False)
    BookingPolicyFactory(registration_number="U1")
    visit = AppointmentFactory(starts_at=at(TODAY - timedelta(days=7), 10), status="completed")
    HealthIntakeFactory(person=visit.person, submitted_at=at(TODAY - timedelta(days=8), 9),
                        medications="Metformin")  # fmt: skip
    return visit.person


@pytest.fixture
def taylor(client):
    return login_in_group(client, "taylor", "Therapist")


def test_a_request_is_due_thirty_days_later_and_extends_once_by_at_most_thirty(
    sam, django_capture_on_commit_callbacks
):
    request = requests.make_request(sam, note="Everything, please")
    assert request.due_on == TODAY + timedelta(days=30)
    with pytest.raises(requests.RequestRefused, match="1 to 30 days"):
        requests.extend(request, days=31, notice="Busy.")
    with pytest.raises(requests.RequestRefused, match="Write the notice"):
        requests.extend(request, days=10, notice="  ")
    with django_capture_on_commit_callbacks(execute=True):
        requests.extend(request, days=14, notice="Records from 2021 are in storage.")
    assert request.due_on == TODAY + timedelta(days=44)
    notice = mail.outbox[-1]
    assert notice.to == [sam.account.email]
    assert "Records from 2021 are in storage." in notice.body and "April 19, 2030" in notice.body
    with pytest.raises(requests.RequestRefused, match="only once"):
        requests.extend(request, days=1, notice="Again.")


def test_an_open_request_shows_on_the_admin_home_until_answered(sam, taylor, client):
    request = requests.make_request(sam)
    home = client.get(reverse("admin:index")).content.decode()
    assert f"Record request</strong> from {sam.name}, due by April 5" in home
    requests.answer(request, user=taylor)
    assert "Record request</strong>" not in client.get(reverse("admin:index")).content.decode()


def test_taylor_records_a_request_made_by_phone(sam, taylor, client):
    response = client.post(
        reverse("admin:bookings_recordrequest_add"),
        {"person": sam.pk, "channel": "phone", "requested_at_0": "2030-03-05",
         "requested_at_1": "10:00", "note": "Called for a copy for her physiotherapist."},
    )  # fmt: skip
    assert response.status_code == 302
    request = RecordRequest.objects.get()
    assert (request.channel, request.account) == ("phone", sam.account)
    assert request.due_on == date(2030, 4, 4)


def test_the_answer_is_the_record_package_downloaded_from_the_account_and_logged(
    sam, taylor, client, django_capture_on_commit_callbacks
):
    visit = sam.appointments.get()
    notes.save_draft(
        notes.note_for(visit), fields={"assessment": "Tight QL.", "treatment": "Release."},
        marks={}, verbal_consent=True, user=taylor,
    )  # fmt: skip
    request = requests.make_request(sam)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:bookings_recordrequest_answer", args=[request.pk]))
    request.refresh_from_db()
    assert request.is_answered and request.answered_by == taylor
    ready = mail.outbox[-1]
    assert ready.subject == "Your record is ready in your account" and not ready.attachments
    assert "Metformin" not in ready.body

    browser = client.__class__()
    sign_in(browser, sam.account)
    page = browser.get("/account/").content.decode()
    assert f"/account/records/{request.pk}.pdf" in page
    package = browser.get(f"/account/records/{request.pk}.pdf")
    text = pdf_text(package.content)
    assert "Metformin" in text and "Tight QL." in text
    assert "Who has seen this information" in text and "taylor" in text
    stranger = client.__class__()
    sign_in(stranger, ClientFactory(email="other@example.com"))
    assert stranger.get(f"/account/records/{request.pk}.pdf").status_code == 404
    purposes = list(
        AuditEntry.objects.filter(record_request=request)
        .order_by("pk")
        .values_list("purpose", flat=True)
    )
    assert purposes == ["record package produced", "record package downloaded by the client"]


def test_an_unanswered_request_has_nothing_to_download(sam, client):
    request = requests.make_request(sam)
    sign_in(client, sam.account)
    assert client.get(f"/account/records/{request.pk}.pdf").status_code == 404
    assert "the answer is due by April 5, 2030" in client.get("/account/").content.decode()


def test_an_editor_cannot_see_or_answer_record_requests(sam, client):
    request = requests.make_request(sam)
    login_in_group(client, "editor", "Editor")
    for url in (
        reverse("admin:bookings_recordrequest_changelist"),
        reverse("admin:bookings_recordrequest_answer", args=[request.pk]),
        reverse("admin:bookings_recordrequest_extend", args=[request.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(reverse("admin:bookings_recordrequest_answer", args=[request.pk])).status_code
        == 403
    )
    request.refresh_from_db()
    assert not request.is_answered
