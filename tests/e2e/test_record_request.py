"""A signed-in client asks for a copy of their record; Taylor sees it and its deadline on the
admin home, produces the package; the client downloads it from the account; the access log
shows each step. axe and the Nu checker on every page."""

from datetime import date

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from bookings.privacy.models import AuditEntry, RecordRequest
from tests.factories import AppointmentFactory, BookingPolicyFactory, HealthIntakeFactory
from tests.support import at, pdf_text

from .conftest import html_errors, sign_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DAY = date(2026, 12, 2)
PASSWORD = "a-long-unusual-passphrase-42"


@pytest.fixture(autouse=True)
def wednesday():
    with time_machine.travel(at(DAY, 9), tick=True):
        yield


def test_request_deadline_package_download_and_log(live_server, page, accessible, tmp_path):
    from django.http import HttpResponse

    from bookings.clients import sessions

    BookingPolicyFactory(registration_number="U1")
    visit = AppointmentFactory(
        starts_at=at(date(2026, 11, 25), 10), status="completed",
        client__name="Robin Client", client__email="robin@example.com",
    )  # fmt: skip
    HealthIntakeFactory(person=visit.person, submitted_at=at(date(2026, 11, 24), 9),
                        medications="Metformin")  # fmt: skip
    pages = {}

    def arrive(label):
        accessible(label)
        pages[label] = page.content()

    response = HttpResponse()
    sessions.start(response, visit.client)
    page.context.add_cookies([{"name": sessions.COOKIE_NAME, "url": live_server.url,
                               "value": response.cookies[sessions.COOKIE_NAME].value}])  # fmt: skip
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/account/")
    page.get_by_text("Request a copy of the record of Robin Client").click()
    page.get_by_role("button", name="Request a copy").click()
    expect(page.get_by_role("heading", name="Request received")).to_be_visible()
    arrive("request received")

    taylor = User.objects.create_user("taylor", password=PASSWORD, is_staff=True)
    taylor.groups.add(Group.objects.get(name="Therapist"))
    admin = page.context.browser.new_page()
    sign_in_to_admin(admin, f"{live_server.url}/admin/login/", taylor, PASSWORD)
    expect(admin.get_by_text("from Robin Client, due by January 1")).to_be_visible()
    admin.get_by_role("link", name="answer it").click()
    admin.get_by_role("link", name="Produce the record package and answer").click()
    admin.get_by_role("button", name="Produce the package and tell the client").click()
    expect(admin.get_by_text("The record package is ready")).to_be_visible()
    admin.close()

    page.goto(f"{live_server.url}/account/")
    page.get_by_text("Request a copy of the record of Robin Client").click()
    arrive("my visits with the answer")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the record (PDF)").click()
    text = pdf_text(download.value.path().read_bytes())
    assert "Metformin" in text and "Who has seen this information" in text

    request = RecordRequest.objects.get()
    steps = list(
        AuditEntry.objects.filter(record_request=request)
        .order_by("accessed_at", "pk")
        .values_list("purpose", flat=True)
    )
    assert steps == ["record package produced", "record package downloaded by the client"]
    assert AuditEntry.objects.filter(purpose="printed clinical record", user=taylor).exists()
    assert html_errors(pages, tmp_path) == []
