"""Taylor's appointment list and visit page at a laptop's 1366 px and a phone's 390 px: every
column shown whole, one name per visit, money and times written for people, the outcome buttons
on the visit, and no WCAG 2.1 AA violation axe finds."""

from datetime import date, timedelta
from pathlib import Path

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


def test_the_appointment_list_shows_every_column_at_1366_px(
    live_server, page, accessible, bookable_site
):
    taylor = User.objects.create_user("taylor", password=PASSWORD, is_staff=True)
    taylor.groups.add(Group.objects.get(name="Therapist"))
    book("Alexandra Montgomery-Fitzgerald", 9, "mississauga", "trigger-point-release")
    book("Bea Toronto", 11, "toronto")
    book("Cy Guelph", 13, "guelph")

    page.set_viewport_size(LAPTOP)
    sign_in_to_admin(page, f"{live_server.url}/admin/bookings/appointment/", taylor, PASSWORD)

    shoot(page, "appointment-list-1366")
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    table = page.locator("#result_list")
    box = table.bounding_box()
    assert box["x"] + box["width"] <= LAPTOP["width"]
    headers = table.locator("thead th").all_inner_texts()
    assert [h for h in headers if h.strip().upper() in {"AREA", "STATUS", "PRICE"}]
    accessible("appointment list")
    page.set_viewport_size(PHONE)
    shoot(page, "appointment-list-390")
