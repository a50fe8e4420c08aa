"""A new client at phone size: books, confirms from the email, signs in from a second link, sees
My visits, downloads a receipt, updates the health history and books again for someone in the
household. Every page is checked with axe (WCAG 2.1 AA) and the Nu HTML checker."""

from datetime import date

import pytest
import time_machine
from django.core import mail

from bookings.billing.receipts import complete_and_issue_receipt
from bookings.models import Appointment, BookingOption, Person, Receipt
from tests.factories import AppointmentFactory
from tests.support import at, emailed_link, pdf_text

from .conftest import fill_first_visit_details, html_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def tuesday_morning():
    with time_machine.travel(at(date(2026, 12, 1), 8), tick=True):
        yield


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_book_confirm_sign_in_receipt_health_history_and_book_for_the_household(
    live_server, page, accessible, tmp_path, bookable_site
):
    page.set_viewport_size(PHONE)
    pages: dict[str, str] = {}

    def arrive(label: str):
        accessible(label)
        assert fits_the_screen(page), label
        pages[label] = page.content()

    policy = bookable_site.policy
    policy.therapist_name, policy.registration_number = "Taylor Example", "U123"
    policy.save()
    option = BookingOption.objects.get(service__slug="swedish-massage", minutes=60)
    start = "2026-12-02T10:00:00-05:00"

    # A first booking, without an account: held, then confirmed from the email.
    page.goto(
        f"{live_server.url}/book/details/?option={option.pk}&postal_code=L6Y0A1&starts_at="
        + start.replace("+", "%2B")
    )
    fill_first_visit_details(
        page, name="Sam Client", email="sam@example.com", phone="905 555 0123",
        Medications="None",
    )  # fmt: skip
    page.get_by_role("button", name="Confirm booking").click()
    page.wait_for_url("**/book/held/**")
    arrive("held")
    page.goto(live_server.url + emailed_link(mail.outbox[-1]))
    arrive("confirm link")
    page.get_by_role("button", name="Confirm booking").click()
    page.wait_for_url("**/book/confirmed/**")
    arrive("confirmed")
    sam = Appointment.objects.get().person

    # An earlier visit of Sam's, completed with a receipt, for the account to show.
    earlier = AppointmentFactory(
        client=sam.account, person=sam, option=option, area=bookable_site.areas["brampton"],
        starts_at=at(date(2026, 11, 24), 10),
    )  # fmt: skip
    receipt = complete_and_issue_receipt(earlier, Receipt.PaymentMethod.DEBIT)

    # Signing in from a second link.
    page.goto(f"{live_server.url}/account/sign-in/")
    arrive("sign in")
    page.get_by_label("Your email").fill("sam@example.com")
    page.get_by_role("button", name="Email me a sign-in link").click()
    assert page.get_by_role("heading", name="Check your email").is_visible()
    arrive("sign-in link sent")
    page.goto(live_server.url + emailed_link(mail.outbox[-1]))
    arrive("sign-in link")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/account/")
    assert page.get_by_role("heading", name="My visits").is_visible()
    assert page.get_by_text("Wednesday, December 2, 2026 at 10:00 a.m.").is_visible()
    arrive("my visits")

    with page.expect_download() as download:
        page.get_by_role("link", name=f"Receipt {receipt.number} (PDF)").click()
    pdf_path = tmp_path / "receipt.pdf"
    download.value.save_as(pdf_path)
    assert "Sam Client" in pdf_text(pdf_path.read_bytes())

    # A request for a copy of the record.
    page.get_by_text(f"Request a copy of the record of {sam.name}").click()
    page.get_by_role("button", name="Request a copy").first.click()
    assert page.get_by_role("heading", name="Request received").is_visible()
    arrive("record requested")
    page.get_by_role("link", name="Back to my visits").click()
    page.wait_for_url("**/account/")

    # A new health history.
    page.get_by_role("link", name="Update health history").first.click()
    arrive("update health history")
    page.get_by_label("Medications").fill("Ibuprofen as needed")
    page.get_by_label("I consent to Taylor assessing me").check()
    page.get_by_label("I consent to my health information").check()
    page.get_by_role("button", name="Save a new health history").click()
    page.wait_for_url("**/account/")
    assert sam.intakes.latest().medications == "Ibuprofen as needed"
    assert sam.intakes.count() == 2

    # Someone in the household, booked again from the earlier visit's treatment and address.
    page.get_by_role("link", name="Add someone to your household").click()
    arrive("add person")
    page.get_by_label("Full name").fill("Kit Client")
    page.get_by_label("Date of birth").fill("2016-05-01")
    page.get_by_label("Relation").select_option(label="Child")
    page.get_by_role("button", name="Add").click()
    page.wait_for_url("**/account/")
    page.get_by_role("link", name="Book again").click()
    page.wait_for_url("**/book/times/**")
    page.get_by_label("Day").fill("2026-12-04")
    page.get_by_role("button", name="Show this day").click()
    page.get_by_label("2:00 p.m.", exact=True).check()
    page.get_by_role("button", name="Continue with this time").click()
    page.wait_for_url("**/book/details/**")
    arrive("details, signed in")
    assert page.get_by_label("Street address").input_value() == "40 Queen Street West"
    page.get_by_label("Who is the visit for?").select_option(label="Kit Client")
    page.get_by_role("button", name="Continue", exact=True).click()
    assert page.locator("#error-summary").get_by_text("Kit Client is under 18").is_visible()
    arrive("guardian consent needed")
    page.get_by_label("I am this person's parent or guardian").check()
    page.get_by_role("button", name="Continue", exact=True).click()
    assert page.get_by_role("heading", name="Health history of Kit Client").is_visible()
    arrive("health history, signed in")
    page.get_by_label("What would you like treated, and where?").fill("Sore calves.")
    page.get_by_label("Emergency contact's name").fill("Sam Client")
    page.get_by_label("Emergency contact's phone").fill("905 555 0123")
    page.get_by_role("button", name="Continue to review").click()
    arrive("review, signed in")
    page.get_by_label("I agree to all of the above.").check()
    page.get_by_role("button", name="Confirm booking").click()
    page.wait_for_url("**/book/confirmed/**")
    kit = Person.objects.get(name="Kit Client")
    visit = Appointment.objects.get(person=kit)
    assert visit.guardian_consent_by == "Sam Client"
    assert visit.starts_at == at(date(2026, 12, 4), 14)

    assert html_errors(pages, tmp_path) == []
