"""A client books without an account, confirms from the emailed link, receives the confirmation
with its calendar file, then reschedules and cancels through the manage link: all in headless
Chromium, every page checked with axe and the Nu HTML checker."""

import re
from datetime import date
from urllib.parse import urlparse

import icalendar
import pytest
import time_machine
from django.core import mail
from playwright.sync_api import expect

from bookings.models import Appointment, BookingOption
from stillwaters.display import dollars
from tests.support import at, emailed_link

from .conftest import html_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def tuesday_morning():
    # The clock ticks on from here, so the server behaves normally while the dates stay known.
    with time_machine.travel(at(date(2026, 12, 1), 8), tick=True):
        yield


def test_book_receive_calendar_reschedule_and_cancel(
    live_server, page, accessible, tmp_path, bookable_site
):
    pages: dict[str, str] = {}

    def arrive(label: str):
        accessible(label)
        pages[label] = page.content()

    page.goto(f"{live_server.url}/book/?service=swedish-massage")
    arrive("choose")
    option = BookingOption.objects.get(service__slug="swedish-massage", minutes=60)
    page.get_by_label("Treatment and length").select_option(
        label=f"Swedish massage, 60 minutes ({dollars(option.price)})"
    )
    page.get_by_label("Postal code of the home Taylor will visit").fill("l6y0a1")
    page.get_by_role("button", name="See free times").click()

    page.wait_for_url("**/book/times/**")
    assert page.get_by_role("heading", name="Wednesday, December 2, 2026").is_visible()
    arrive("times")
    page.get_by_label("10:00 a.m.").check()
    page.get_by_role("button", name="Continue with this time").click()

    page.wait_for_url("**/book/details/**")
    assert page.get_by_label("City or town").input_value() == "Brampton"  # from the area
    page.get_by_label("Full name").fill("Robin Client")
    page.get_by_role("group", name="Contact", exact=True).get_by_label("Phone").fill(
        "(905) 555-0123"
    )
    page.get_by_label("Street address").fill("40 Queen Street West")
    page.get_by_label("Access and parking").fill("Park in the driveway.")
    page.get_by_role("button", name="Continue", exact=True).click()
    summary = page.locator("#error-summary")
    assert summary.get_by_role("link", name="Enter your email.").is_visible()
    # autofocus is applied at the browser's next rendering step, so wait for it.
    expect(summary).to_be_focused()
    assert page.get_by_label("Full name").input_value() == "Robin Client"
    arrive("contact with errors")
    summary.get_by_role("link", name="Enter your email.").click()
    expect(page.get_by_label("Email")).to_be_focused()
    page.get_by_label("Email").fill("robin@example.com")
    page.get_by_role("button", name="Continue", exact=True).click()

    assert page.get_by_role("heading", name="Your health history").is_visible()
    arrive("health history")
    page.get_by_label("What would you like treated, and where?").fill("Tight lower back.")
    page.get_by_role("group", name="Do any of these apply to you?").get_by_label(
        "A heart condition or high blood pressure"
    ).check()
    page.get_by_label("Emergency contact's name").fill("Kim Client")
    page.get_by_label("Emergency contact's phone").fill("905-555-0177")
    page.get_by_role("button", name="Continue to review").click()

    assert page.get_by_role("heading", name="Review and confirm").is_visible()
    assert page.get_by_text("Provided with this booking").is_visible()
    assert not page.get_by_text("Tight lower back.").count()
    arrive("review")
    page.get_by_role("button", name="Confirm booking").click()
    assert page.locator("#error-summary").get_by_text("Tick the box to agree").is_visible()
    arrive("review without consent")
    page.get_by_label("I agree to all of the above.").check()
    page.get_by_role("button", name="Confirm booking").click()
    page.wait_for_url("**/book/held/**")
    assert page.get_by_role("heading", name="Check your email to confirm").is_visible()
    arrive("held")
    assert not Appointment.objects.exists()
    held_email = next(m for m in mail.outbox if "robin@example.com" in m.to)
    page.goto(live_server.url + emailed_link(held_email))
    arrive("confirm from email")
    page.get_by_role("button", name="Confirm booking").click()
    page.wait_for_url("**/book/confirmed/**")
    assert page.get_by_role("heading", name="You are booked").is_visible()
    arrive("confirmed")

    appointment = Appointment.objects.get()
    assert appointment.person.intakes.get().red_flags == [
        "A heart condition or high blood pressure"
    ]
    assert appointment.starts_at == at(date(2026, 12, 2), 10)
    confirmation = next(m for m in mail.outbox if m.subject.startswith("Your appointment on"))
    calendar_bytes = next(a for a in confirmation.attachments if a[0].endswith(".ics"))[1]
    calendar = icalendar.Calendar.from_ical(calendar_bytes)
    event = next(iter(calendar.walk("VEVENT")))
    assert event.decoded("DTSTART") == at(date(2026, 12, 2), 10)
    assert event["DTSTART"].params["TZID"] == "America/Toronto"
    assert "40 Queen Street West" in str(event["LOCATION"])
    uid = str(event["UID"])

    manage_path = urlparse(re.search(r"https?://\S+/book/manage/\S+/", confirmation.body)[0]).path
    page.goto(live_server.url + manage_path)
    arrive("manage")
    page.get_by_label("Day").fill("2026-12-04")
    page.get_by_role("button", name="Show free times").click()
    page.get_by_label("2:00 p.m.", exact=True).check()
    arrive("manage with times")
    page.get_by_role("button", name="Move my visit").click()
    page.wait_for_load_state()
    assert page.get_by_text("Friday, December 4, 2026 at 2:00 p.m.").is_visible()
    appointment.refresh_from_db()
    assert appointment.starts_at == at(date(2026, 12, 4), 14)
    moved = [m for m in mail.outbox if "robin@example.com" in m.to][-1]
    moved_calendar = next(a for a in moved.attachments if a[0].endswith(".ics"))[1]
    moved_event = next(iter(icalendar.Calendar.from_ical(moved_calendar).walk("VEVENT")))
    assert str(moved_event["UID"]) == uid

    page.get_by_role("button", name="Cancel this visit").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Cancel this visit?").is_visible()
    arrive("cancel, second step")
    page.get_by_label("Reason (optional)").fill("Away that week.")
    page.get_by_role("button", name="Yes, cancel my visit").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Your visit is cancelled").is_visible()
    arrive("cancelled")
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED

    assert html_errors(pages, tmp_path) == []
