"""Taylor, on a phone between visits, logs in and reads today's schedule: every visit, the gap
and drive to the next, nothing wider than the screen, and no WCAG 2.1 AA violation axe finds."""

from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group, User

from bookings.models import Appointment, BookingOption, Client
from content.models import ServiceArea
from tests.factories import account_holder
from tests.support import at

from .conftest import sign_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WEDNESDAY = date(2026, 12, 2)
PHONE = {"width": 360, "height": 740}
PASSWORD = "a-long-unusual-passphrase-42"


@pytest.fixture(autouse=True)
def wednesday_morning():
    with time_machine.travel(at(WEDNESDAY, 7), tick=True):
        yield


def book(name: str, hour: int, minute: int, area_slug: str, status=Appointment.Status.CONFIRMED):
    option = BookingOption.objects.get(service__slug="deep-tissue-massage", minutes=90)
    client = Client.objects.create(
        name=name,
        email=f"{name.split()[0].lower()}@example.com",
        phone="+19055550101",
        address="1 Main St",
        city="Brampton",
        postal_code="L6V 1N6",
    )
    starts = at(WEDNESDAY, hour, minute)
    return Appointment.objects.create(
        client=client,
        person=account_holder(client),
        option=option,
        price=option.price,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=option.minutes),
        area=ServiceArea.objects.get(slug=area_slug),
        status=status,
        contact_name=client.name,
        contact_phone=client.phone,
    )


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_therapist_reads_todays_schedule_on_a_phone(live_server, page, accessible, bookable_site):
    taylor = User.objects.create_user("taylor", password=PASSWORD, is_staff=True)
    taylor.groups.add(Group.objects.get(name="Therapist"))
    book("Ada Brampton", 9, 0, "brampton")
    book("Bea Toronto", 11, 0, "toronto")  # 30 min after Ada, but the drive takes 45
    book("Cy Toronto", 13, 30, "toronto")
    book("Dee Cancelled", 16, 0, "toronto", status=Appointment.Status.CANCELLED)

    page.set_viewport_size(PHONE)
    sign_in_to_admin(page, f"{live_server.url}/admin/", taylor, PASSWORD)

    agenda = page.get_by_role("region", name="Today, Wednesday, December 2")
    assert agenda.get_by_role("link", name="Ada Brampton").is_visible()
    assert "Short by 15 min" in agenda.inner_text()
    assert fits_the_screen(page)
    agenda.get_by_role("link", name="Day view").click()

    page.wait_for_url("**/schedule/day/")
    assert page.get_by_role("heading", name="Schedule for Wednesday, December 2, 2026").is_visible()
    visits = page.locator(".visit")
    assert visits.count() == 4
    first = visits.nth(0)
    assert "09:00–10:30 Ada Brampton" in first.inner_text()
    assert "Brampton · Deep tissue massage, 90 min" in first.inner_text()
    assert "Short by 15 min: 30 min until the next visit; the drive takes 45 min." in (
        " ".join(first.locator(".visit-gap").inner_text().split())
    )
    assert "60 min until the next visit; the drive takes 15 min." in visits.nth(1).inner_text()
    assert "Cancelled" in visits.nth(3).inner_text()
    assert fits_the_screen(page)
    accessible("day view")

    page.get_by_role("link", name="Ada Brampton").click()
    page.wait_for_url("**/appointment/*/change/")
    assert "Ada Brampton" in page.content()

    page.go_back()
    page.get_by_role("link", name="Week").click()
    page.wait_for_url("**/schedule/week/**")
    assert page.get_by_role("heading", name="Week of November 30, 2026").is_visible()
    assert page.get_by_text("Bea Toronto").is_visible()
    assert fits_the_screen(page)
    accessible("week view")

    page.get_by_role("link", name="Next week →").click()
    assert page.get_by_role("heading", name="Week of December 7, 2026").is_visible()

    page.goto(f"{live_server.url}/admin/bookings/appointment/schedule/day/")
    page.get_by_role("link", name="Book a phone-in client").click()
    page.wait_for_url("**/phone-in/?day=2026-12-02")
    assert page.get_by_label("Date").input_value() == "2026-12-02"
    assert fits_the_screen(page)
    accessible("phone-in booking")

    page.goto(f"{live_server.url}/admin/bookings/appointment/export/")
    assert fits_the_screen(page)
    accessible("bookkeeping export")
