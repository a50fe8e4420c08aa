"""The booking's details steps on a phone (390 px): a first-time client comes from an area's
page, with the postal prefix and the city filled in, through contact and address, the health
history and the review; a signed-in returning client whose details and history are known gets
through the contact page and the review in about two screens each. Every step is checked with
axe and the Nu HTML checker, and each page's height is printed for the record."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from playwright.sync_api import expect

from bookings.models import BookingHold
from tests.factories import AppointmentFactory, ClientFactory, HealthIntakeFactory
from tests.support import at, sign_in

from .conftest import html_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def tuesday_morning():
    with time_machine.travel(at(date(2026, 12, 1), 8), tick=True):
        yield


def height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def test_a_first_time_client_goes_from_an_area_page_through_each_step_on_a_phone(
    live_server, page, accessible, tmp_path, bookable_site
):
    page.set_viewport_size(PHONE)
    pages: dict[str, str] = {}

    def arrive(label: str):
        accessible(label)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], label
        pages[label] = page.content()
        print(f"{label}: {height(page)} px high at 390 px wide")

    page.goto(f"{live_server.url}/areas/brampton/")
    page.get_by_role("link", name="Book a visit in Brampton").click()
    postal_code = page.get_by_label("Postal code of the home Taylor will visit")
    assert postal_code.input_value() == "L6P "
    assert page.get_by_text("Insurance receipts for every massage therapy visit").is_visible()
    arrive("step one from the area page")
    page.get_by_label("Treatment and length").select_option(index=1)
    page.get_by_role("button", name="See free times").click()  # the prefix alone
    # autofocus is applied at the browser's next rendering step, so wait for it.
    expect(page.locator("#error-summary")).to_be_focused()
    arrive("step one with an error")
    page.locator("#error-summary a").click()
    postal_code.fill("L6P 2A1")
    page.get_by_role("button", name="See free times").click()
    page.wait_for_url("**/book/times/**")
    page.locator("label", has_text="10:00 a.m.").first.click()
    page.get_by_role("button", name="Continue with this time").click()

    page.wait_for_url("**/book/details/**")
    assert page.get_by_label("City or town").input_value() == "Brampton"
    arrive("contact and address")
    page.get_by_label("Full name").fill("Robin Client")
    page.get_by_label("Email").fill("robin@example")
    page.get_by_role("group", name="Contact", exact=True).get_by_label("Phone").fill("905 555 0123")
    page.get_by_label("Street address").fill("40 Queen Street West")
    page.get_by_role("button", name="Continue", exact=True).click()
    summary = page.locator("#error-summary")
    # autofocus is applied at the browser's next rendering step, so wait for it.
    expect(summary).to_be_focused()
    # The summary lines up with the fields: the same left edge and no wider.
    form_box = page.get_by_label("Full name").bounding_box()
    summary_box = summary.bounding_box()
    assert abs(summary_box["x"] - form_box["x"]) < 2
    assert summary_box["width"] <= form_box["width"] + 2
    assert page.get_by_label("Email").input_value() == "robin@example"
    arrive("contact with an error")
    summary.get_by_role("link", name="Enter an email address like name@example.com.").click()
    page.get_by_label("Email").fill("robin@example.com")
    page.get_by_role("button", name="Continue", exact=True).click()

    assert page.get_by_role("heading", name="Your health history").is_visible()
    arrive("health history")
    page.get_by_role("button", name="Continue to review").click()
    assert (
        page.locator("#error-summary")
        .get_by_role("link", name="Tell Taylor what you would like treated, and where.")
        .is_visible()
    )
    arrive("health history with errors")
    page.get_by_label("What would you like treated, and where?").fill("Tight lower back.")
    page.get_by_label("Emergency contact's name").fill("Kim Client")
    page.get_by_label("Emergency contact's phone").fill("905-555-0177")
    page.get_by_role("button", name="Continue to review").click()

    assert page.get_by_role("heading", name="Review and confirm").is_visible()
    assert page.get_by_text("insurance receipt for this massage therapy visit").is_visible()
    assert page.get_by_role("checkbox").count() == 1
    arrive("review")
    page.get_by_role("button", name="Change contact and address").click()
    assert page.get_by_label("Full name").input_value() == "Robin Client"
    page.get_by_role("button", name="Continue", exact=True).click()
    assert page.get_by_label("What would you like treated, and where?").input_value() == (
        "Tight lower back."
    )
    page.get_by_role("button", name="Continue to review").click()
    page.get_by_label("I agree to all of the above.").check()
    page.get_by_role("button", name="Confirm booking").click()
    page.wait_for_url("**/book/held/**")
    assert BookingHold.objects.get().email == "robin@example.com"
    assert [m for m in mail.outbox if "robin@example.com" in m.to]

    assert html_errors(pages, tmp_path) == []


def test_a_signed_in_returning_client_books_in_about_two_screens_a_step(
    live_server, page, accessible, tmp_path, bookable_site, client
):
    page.set_viewport_size(PHONE)
    sam = ClientFactory(
        name="Sam Client", email="sam@example.com", phone="+19055550123",
        address="40 Queen Street West", city="Brampton", postal_code="L6Y 0A1",
    )  # fmt: skip
    HealthIntakeFactory(client=sam, submitted_at=at(date(2026, 10, 1), 9))
    option = bookable_site.services["swedish-massage"].options.get(minutes=60)
    AppointmentFactory(
        client=sam, option=option, area=bookable_site.areas["brampton"],
        starts_at=at(date(2026, 11, 3), 10),
    )  # fmt: skip
    sign_in(client, sam)
    page.context.add_cookies(
        [{"name": name, "value": morsel.value, "url": live_server.url}
         for name, morsel in client.cookies.items()]
    )  # fmt: skip
    pages: dict[str, str] = {}

    def arrive(label: str) -> int:
        accessible(label)
        pages[label] = page.content()
        print(f"{label}: {height(page)} px high at 390 px wide")
        return height(page)

    page.goto(
        f"{live_server.url}/book/details/?option={option.pk}&postal_code=L6Y%200A1"
        "&starts_at=2026-12-02T10:00:00-05:00"
    )
    assert page.get_by_text("40 Queen Street West, Brampton L6Y 0A1").is_visible()
    assert not page.get_by_label("Street address").is_visible()  # folded, as it is known
    assert arrive("contact, signed in") <= 2.2 * PHONE["height"]
    page.get_by_text("Change", exact=True).click()
    assert page.get_by_label("Street address").is_visible()
    page.get_by_role("button", name="Continue", exact=True).click()

    assert page.get_by_role("heading", name="Review and confirm").is_visible()
    assert page.get_by_text("Health history (on file)").is_visible()
    assert page.get_by_text("the recent one on file, from October 1, 2026, is kept").is_visible()
    arrive("review, signed in")
    page.get_by_label("I agree to all of the above.").check()
    page.get_by_role("button", name="Confirm booking").click()
    page.wait_for_url("**/book/confirmed/**")
    assert sam.appointments.filter(starts_at=at(date(2026, 12, 2), 10)).exists()
    assert sam.people.get().intakes.count() == 1  # the history on file stands

    assert html_errors(pages, tmp_path) == []
