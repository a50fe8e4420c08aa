"""Taylor opens today's schedule, marks a visit completed in admin, says how the client paid, and
downloads the receipt: the PDF an insurer gets carries the CMTO registration number and the fee."""

from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.core import mail
from playwright.sync_api import expect

from bookings.models import Appointment, BookingOption, BookingPolicy, Client, Receipt
from content.models import ServiceArea
from tests.factories import account_holder
from tests.support import at, pdf_text

from .conftest import html_errors, sign_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WEDNESDAY = date(2026, 12, 2)
PASSWORD = "a-long-unusual-passphrase-42"
REGISTRATION = "U4821"


@pytest.fixture(autouse=True)
def wednesday_afternoon():
    with time_machine.travel(at(WEDNESDAY, 15), tick=True):
        yield


@pytest.fixture
def visit(bookable_site):
    """This morning's massage, over now and waiting to be marked completed."""
    BookingPolicy.objects.update_or_create(
        singleton=True,
        defaults={
            "therapist_name": "Taylor Reid",
            "registration_number": REGISTRATION,
            "practice_address": "PO Box 42, Brampton, ON L6V 1A1",
        },
    )
    option = BookingOption.objects.get(service__slug="swedish-massage", minutes=60)
    client = Client.objects.create(
        name="Robin Client",
        email="robin@example.com",
        phone="+19055550123",
        address="40 Queen Street West",
        city="Brampton",
        postal_code="L6Y 0A1",
    )
    starts = at(WEDNESDAY, 10)
    return Appointment.objects.create(
        client=client,
        person=account_holder(client),
        option=option,
        price=option.price,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=option.minutes),
        area=ServiceArea.objects.get(slug="brampton"),
        status=Appointment.Status.CONFIRMED,
        contact_name=client.name,
        contact_phone=client.phone,
    )


def test_therapist_completes_a_visit_and_downloads_its_receipt(
    live_server, page, visit, accessible, tmp_path
):
    taylor = User.objects.create_user("taylor", password=PASSWORD, is_staff=True)
    taylor.groups.add(Group.objects.get(name="Therapist"))
    fee = f"${visit.price:,.2f}"

    sign_in_to_admin(page, f"{live_server.url}/admin/", taylor, PASSWORD)

    # Today's schedule first, as Taylor starts the day: the visit is on it.
    agenda = page.get_by_role("region", name="Today, Wednesday, December 2")
    expect(agenda.get_by_role("link", name="Robin Client")).to_be_visible()
    agenda.get_by_role("link", name="Day view").click()
    expect(
        page.get_by_role("heading", name="Schedule for Wednesday, December 2, 2026")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Robin Client")).to_be_visible()

    page.goto(f"{live_server.url}/admin/bookings/appointment/")
    page.locator(f"input[name=_selected_action][value='{visit.pk}']").check()
    page.locator("select[name=action]").select_option(
        label="Mark selected visits completed and issue receipts"
    )
    page.get_by_role("button", name="Go").click()
    page.get_by_label("How did the client pay?").select_option(label="Interac e-Transfer")
    page.get_by_role("button", name="Mark completed and issue receipts").click()
    expect(page.get_by_text("1 visit completed.")).to_be_visible()

    receipt = Receipt.objects.get(appointment=visit)
    assert receipt.number == 1
    (email,) = [message for message in mail.outbox if message.to == ["robin@example.com"]]
    assert email.attachments[0][0] == "stillwaters-receipt-1.pdf"

    page.goto(f"{live_server.url}/admin/bookings/appointment/{visit.pk}/change/")
    page.get_by_role("link", name="Printable receipt").click()
    page.wait_for_url(f"**/receipt/{receipt.pk}/print/")
    expect(page.get_by_role("heading", name="Massage therapy receipt no. 1")).to_be_visible()
    expect(page.get_by_text(REGISTRATION, exact=True)).to_be_visible()
    accessible("printable receipt")
    printable_html = page.content()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    download = download_info.value
    assert download.suggested_filename == "stillwaters-receipt-1.pdf"
    data = download.path().read_bytes()
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert f"CMTO registration no. {REGISTRATION}" in text
    assert fee in text
    assert "Robin Client" in text

    assert html_errors({"receipt": printable_html}, tmp_path) == []
