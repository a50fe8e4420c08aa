"""The time picker and the two-step cancel as a client on a phone uses them, in headless
Chromium, each page checked with axe and the Nu HTML checker."""

from datetime import date, datetime

import pytest
import time_machine
from playwright.sync_api import expect

from bookings.models import Appointment, BookingOption, TimeOff
from bookings.scheduling import booking, tokens
from tests.support import TORONTO, at

from .conftest import html_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def tuesday_morning():
    with time_machine.travel(at(date(2026, 12, 1), 8), tick=True):
        yield


@pytest.fixture
def phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    return page


def test_the_week_strip_and_times_on_a_phone(
    live_server, phone, accessible, tmp_path, bookable_site
):
    page = phone
    option = BookingOption.objects.get(service__slug="swedish-massage", minutes=60)
    TimeOff.objects.create(
        starts_at=datetime(2026, 12, 3, 8, tzinfo=TORONTO),
        ends_at=datetime(2026, 12, 3, 19, tzinfo=TORONTO),
    )
    page.goto(f"{live_server.url}/book/times/?option={option.pk}&postal_code=L6Y0A1")
    strip = page.get_by_role("navigation", name="Week from December 1")
    expect(strip.get_by_role("link", name="Wed Dec 2 33 times")).to_have_attribute(
        "aria-current", "date"
    )
    expect(strip.get_by_role("link", name="Thu Dec 3 Full")).to_be_visible()
    expect(strip.get_by_role("link", name="Sun Dec 6 Day off")).to_be_visible()
    radios = page.locator("input[name=starts_at]")
    expect(radios).to_have_count(33)
    assert not [n for n in range(33) if radios.nth(n).is_checked()]
    expect(page.get_by_role("group", name="Morning").get_by_label("9:00 a.m.")).to_be_visible()
    accessible("times")
    pages = {"times": page.content()}

    page.get_by_role("button", name="Continue with this time").click()
    expect(page.get_by_role("alert")).to_have_text("Choose a time first, then continue.")
    accessible("times, no time chosen")
    pages["times, no time chosen"] = page.content()

    strip.get_by_role("link", name="Thu Dec 3 Full").click()
    expect(page.get_by_role("status")).to_contain_text("Taylor is fully booked on Thursday")
    page.get_by_role("link", name="Friday, December 4").click()
    page.get_by_role("group", name="Afternoon").get_by_label("2:00 p.m.", exact=True).check()
    expect(page.locator(".time-summary")).to_have_text(
        "You chose Friday, December 4 at 2:00 p.m. (Toronto time)."
    )
    page.get_by_role("button", name="Continue with this time").click()
    page.wait_for_url("**/book/details/**")
    assert "starts_at=2026-12-04T14%3A00%3A00-05%3A00" in page.url

    page.goto(f"{live_server.url}/book/times/?option={option.pk}&postal_code=L6Y0A1")
    page.get_by_role("link", name="Next week").click()
    expect(page.get_by_role("heading", name="Tuesday, December 8, 2026")).to_be_visible()
    # Nothing wider than the phone: the strip and the times fit without sideways scrolling
    # (once the page has finished loading; this raises if it never does).
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert html_errors(pages, tmp_path) == []


def test_cancelling_takes_two_steps_on_a_phone(
    live_server, phone, accessible, tmp_path, bookable_site
):
    page = phone
    appointment = booking.book_appointment(
        option=BookingOption.objects.get(service__slug="swedish-massage", minutes=60),
        area=bookable_site.areas["brampton"],
        starts_at=datetime(2026, 12, 4, 10, tzinfo=TORONTO),
        client=booking.ClientDetails(
            name="Sam Client", email="sam@example.com", phone="+19055550199",
            address="12 Main Street", city="Brampton", postal_code="L6Y 0A1",
        ),
    )  # fmt: skip
    page.goto(f"{live_server.url}/book/manage/{tokens.make_manage_token(appointment)}/")
    expect(page.get_by_text("You can change or cancel online until")).to_contain_text(
        "10:00 a.m. on Thursday, December 3, 2026"
    )
    expect(page.get_by_role("navigation", name="Week from December 1")).to_be_visible()
    accessible("manage")
    pages = {"manage": page.content()}

    page.get_by_role("button", name="Cancel this visit").click()
    expect(page.get_by_role("heading", name="Cancel this visit?")).to_be_visible()
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CONFIRMED
    page.get_by_label("Reason (optional)").fill("Away that week.")
    accessible("cancel, second step")
    pages["cancel, second step"] = page.content()
    page.get_by_role("button", name="Yes, cancel my visit").click()

    expect(page.get_by_role("heading", name="Your visit is cancelled")).to_be_visible()
    accessible("cancelled")
    pages["cancelled"] = page.content()
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    assert appointment.cancellation_reason == "Away that week."
    assert html_errors(pages, tmp_path) == []
