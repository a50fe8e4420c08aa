"""A Guelph client in Chromium, on the mobile day's rules: Taylor visits Guelph on Thursdays,
sets out from Brampton, and Guelph carries a travel fee. The client is told why a Wednesday has
no times and sent to the Thursday, whose first start leaves Taylor time to drive there and set
up; the fee is posted at step one, in the price of the times page, itemised in the review and
on the confirmation, and Taylor's receipt for the visit prints it as its own line, not massage
therapy."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.core import mail
from playwright.sync_api import expect

from bookings.billing import receipts
from bookings.models import Appointment, AreaRule, BookingOption, BookingPolicy
from stillwaters.display import dollars
from tests.support import at, emailed_link

from .conftest import fill_first_visit_details, sign_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password-for-taylor"


@pytest.fixture(autouse=True)
def tuesday_morning():
    with time_machine.travel(at(date(2026, 12, 1), 8), tick=True):
        yield


def test_a_guelph_client_is_sent_to_thursday_after_the_drive_and_pays_the_travel_fee(
    live_server, page, accessible, bookable_site
):
    AreaRule.objects.create(
        area=bookable_site.areas["guelph"], visit_weekdays=[3], travel_fee=Decimal("20")
    )
    BookingPolicy.objects.filter(singleton=True).update(
        registration_number="U4821", home_area=bookable_site.areas["brampton"]
    )
    option = BookingOption.objects.get(service__slug="trigger-point-release", minutes=75)
    BookingOption.objects.filter(pk=option.pk).update(setup_minutes=15)

    page.goto(f"{live_server.url}/book/?service=trigger-point-release")
    expect(page.get_by_text("Visits in Guelph carry a $20 travel fee")).to_be_visible()
    accessible("choose")
    page.get_by_label("Treatment and length").select_option(
        label=f"Trigger point release, 75 minutes ({dollars(option.price)})"
    )
    page.get_by_label("Postal code of the home Taylor will visit").fill("N1G 2W1")
    page.get_by_role("button", name="See free times").click()

    page.wait_for_url("**/book/times/**")
    expect(page.get_by_text("($190 including a $20 travel fee)")).to_be_visible()
    page.get_by_label("Day").fill("2026-12-02")  # a Wednesday
    page.get_by_role("button", name="Show this day").click()
    expect(page.get_by_role("status")).to_contain_text("Taylor visits Guelph on Thursdays.")
    page.get_by_role("link", name="Thursday, December 3").click()
    expect(page.get_by_role("heading", name="Thursday, December 3, 2026")).to_be_visible()
    # Hours start at 9:00; the 55-minute drive from Brampton and 15 minutes' set-up come first.
    starts = page.locator("input[name=starts_at]")
    expect(starts.first).to_have_value("2026-12-03T10:15:00-05:00")
    accessible("times")
    page.get_by_text("10:15 a.m.").click()
    page.get_by_role("button", name="Continue with this time").click()

    page.wait_for_url("**/book/details/**")
    fill_first_visit_details(
        page,
        name="Robin Client",
        email="robin@example.com",
        phone="(519) 555-0123",
        **{"City or town": "Guelph"},
    )

    expect(page.get_by_role("heading", name="Review and confirm")).to_be_visible()
    summary = page.locator("dl").first
    expect(summary).to_contain_text("Treatment price$170")
    expect(summary).to_contain_text("Travel fee$20")
    expect(summary).to_contain_text("Total$190")
    accessible("review")
    page.get_by_role("button", name="Confirm booking").click()
    page.wait_for_url("**/book/held/**")
    (link_email,) = [m for m in mail.outbox if "robin@example.com" in m.to]
    page.goto(live_server.url + emailed_link(link_email))
    page.get_by_role("button", name="Confirm booking").click()

    page.wait_for_url("**/book/confirmed/**")
    expect(page.locator("dl")).to_contain_text("Travel fee$20")
    expect(page.locator("dl")).to_contain_text("Total$190")
    accessible("confirmed")

    visit = Appointment.objects.get()
    receipt = receipts.complete_and_issue_receipt(
        visit, "e-transfer", now=visit.ends_at + timedelta(minutes=5)
    )
    taylor = User.objects.create_user("taylor", password=PASSWORD, is_staff=True)
    taylor.groups.add(Group.objects.get(name="Therapist"))
    sign_in_to_admin(
        page, f"{live_server.url}/admin/bookings/receipt/{receipt.pk}/print/", taylor, PASSWORD
    )
    amounts = page.get_by_role("table", name="Amount")
    expect(
        amounts.get_by_role("row", name="Travel fee (not massage therapy) $20.00")
    ).to_be_visible()
    expect(amounts.get_by_role("row", name="Total paid $190.00")).to_be_visible()
    accessible("receipt")
