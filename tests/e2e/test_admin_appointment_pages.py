"""Taylor's appointment list and visit page at a laptop's 1366 px and a phone's 390 px: every
column shown whole, one name per visit, money and times written for people, the outcome buttons
on the visit, and no WCAG 2.1 AA violation axe finds."""

from datetime import date, timedelta
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from bookings.models import Appointment, BookingOption, Client, TimeOff
from content.models import ServiceArea
from tests.factories import account_holder
from tests.support import at

from .conftest import html_errors, sign_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WEDNESDAY = date(2026, 12, 2)
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
PASSWORD = "a-long-unusual-passphrase-42"
SHOTS = Path("/tmp/w14a-shots")


@pytest.fixture(autouse=True)
def wednesday_afternoon():
    with time_machine.travel(at(WEDNESDAY, 15), tick=True):
        yield


def book(name: str, hour: int, area_slug: str, service: str = "deep-tissue-massage"):
    option = BookingOption.objects.filter(service__slug=service).order_by("-minutes").first()
    client = Client.objects.create(
        name=name,
        email=f"{name.split()[0].lower()}@example.com",
        phone="+19055550101",
        address="1 Main St",
        city="Brampton",
        postal_code="L6V 1N6",
    )
    starts = at(WEDNESDAY, hour)
    return Appointment.objects.create(
        client=client,
        person=account_holder(client),
        option=option,
        price=option.price,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=option.minutes),
        area=ServiceArea.objects.get(slug=area_slug),
        contact_name=client.name,
        contact_phone=client.phone,
    )


def shoot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def taylor_signed_in(page, live_server, url: str):
    taylor = User.objects.create_user("taylor", password=PASSWORD, is_staff=True)
    taylor.groups.add(Group.objects.get(name="Therapist"))
    page.set_viewport_size(LAPTOP)
    sign_in_to_admin(page, f"{live_server.url}{url}", taylor, PASSWORD)


def fits(page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_appointment_list_shows_every_column_at_1366_px(
    live_server, page, accessible, bookable_site
):
    book("Alexandra Montgomery-Fitzgerald", 9, "mississauga", "trigger-point-release")
    book("Bea Toronto", 11, "toronto")
    book("Cy Guelph", 13, "guelph")

    taylor_signed_in(page, live_server, "/admin/bookings/appointment/")

    shoot(page, "appointment-list-1366")
    assert fits(page, LAPTOP["width"])
    table = page.locator("#result_list")
    box = table.bounding_box()
    assert box["x"] + box["width"] <= LAPTOP["width"]
    for column in ("Area", "Status", "Price"):
        header = table.get_by_role("columnheader", name=column)
        header_box = header.bounding_box()
        assert header_box["x"] + header_box["width"] <= box["x"] + box["width"], column
    first_row = table.locator("tbody tr").first.inner_text()
    assert first_row.count("Alexandra Montgomery-Fitzgerald") == 1
    assert "$195" in first_row and "195.00" not in first_row
    accessible("appointment list")
    page.set_viewport_size(PHONE)
    shoot(page, "appointment-list-390")


def test_taylor_completes_a_visit_from_its_page_and_the_day_view(
    live_server, page, accessible, bookable_site, tmp_path
):
    from bookings.models import Receipt

    bookable_site.policy.registration_number = "U123"
    bookable_site.policy.save()
    morning = book("Ada Morning", 9, "brampton")
    noon = book("Bea Noon", 12, "brampton")
    TimeOff.objects.create(starts_at=at(WEDNESDAY, 10, 45), ends_at=at(WEDNESDAY, 11, 30),
                           reason="Physiotherapy appointment")  # fmt: skip

    taylor_signed_in(page, live_server, f"/admin/bookings/appointment/{morning.pk}/change/")
    shoot(page, "visit-page-1366")
    accessible("visit page")
    pages = {"visit": page.content()}
    outcomes = page.get_by_role("region", name="How the visit went")
    outcomes.get_by_label("How did Ada Morning pay?").first.select_option("debit")
    outcomes.get_by_role("button", name="Complete and issue receipt").click()
    expect(page.get_by_text("Completed Ada Morning's visit")).to_be_visible()
    assert Receipt.objects.get(appointment=morning).payment_method == "debit"
    page.set_viewport_size(PHONE)
    assert fits(page, PHONE["width"])
    shoot(page, "visit-page-390")

    page.goto(f"{live_server.url}/admin/bookings/appointment/schedule/day/")
    entries = page.locator(".visits > li").all_inner_texts()
    assert ["Ada Morning" in entries[0], "Time off" in entries[1], "Bea Noon" in entries[2]] == [
        True, True, True
    ]  # fmt: skip
    visit = page.locator(".visit", has_text="Bea Noon")
    visit.get_by_text("Cancel visit…").click()
    shoot(page, "day-view-390")
    accessible("day view with the cancel step open")
    pages["day"] = page.content()
    visit.get_by_role("button", name="Yes, cancel the visit").click()
    page.wait_for_url("**/schedule/day/")
    expect(page.get_by_text("Cancelled Bea Noon's visit")).to_be_visible()
    assert fits(page, PHONE["width"])
    noon.refresh_from_db()
    assert noon.status == Appointment.Status.CANCELLED
    page.set_viewport_size(LAPTOP)
    shoot(page, "day-view-1366")
    # Django's own inline formsets mark their hidden count fields autocomplete="off", which
    # the checker refuses; that markup is Django's, not this page's.
    errors = html_errors(pages, tmp_path)
    assert [e for e in errors if "must not have an “autocomplete” attribute" not in e] == []
