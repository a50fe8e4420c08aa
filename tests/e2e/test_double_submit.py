"""An impatient client in Chromium: a phone number with an extension, and a double-clicked
Confirm at each step, end on one confirmation page with one visit and one email of each kind;
Taylor's day view shows the number with its extension and dials it."""

from datetime import date

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.core import mail

from bookings.models import Appointment, BookingHold, BookingOption
from tests.support import at, emailed_link

from .conftest import fill_first_visit_details, sign_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password-for-taylor"


@pytest.fixture(autouse=True)
def tuesday_morning():
    with time_machine.travel(at(date(2026, 12, 1), 8), tick=True):
        yield


def test_double_clicks_book_once_and_the_extension_is_kept(
    live_server, page, accessible, bookable_site
):
    option = BookingOption.objects.get(service__slug="swedish-massage", minutes=60)
    page.goto(
        f"{live_server.url}/book/details/?option={option.pk}&postal_code=L6Y0A1"
        "&starts_at=2026-12-02T10:00:00-05:00"
    )
    fill_first_visit_details(
        page, name="Robin Client", email="robin@example.com", phone="+1 (416) 555-0199 ext 12"
    )

    assert page.get_by_text("416-555-0199 ext. 12").is_visible()
    accessible("review")
    page.get_by_role("button", name="Confirm booking").dblclick()
    page.wait_for_url("**/book/held/**")
    assert page.get_by_role("heading", name="Check your email to confirm").is_visible()
    assert BookingHold.objects.count() == 1
    (link_email,) = [m for m in mail.outbox if "robin@example.com" in m.to]

    page.goto(live_server.url + emailed_link(link_email))
    page.get_by_role("button", name="Confirm booking").dblclick()
    page.wait_for_url("**/book/confirmed/**")
    assert page.get_by_role("heading", name="You are booked").is_visible()
    visit = Appointment.objects.get()
    assert visit.contact_phone == "+14165550199;ext=12"
    booked = [m for m in mail.outbox if m.subject.startswith("Your appointment on")]
    assert len(booked) == 1

    taylor = User.objects.create_user("taylor", password=PASSWORD, is_staff=True)
    taylor.groups.add(Group.objects.get(name="Therapist"))
    sign_in_to_admin(
        page, f"{live_server.url}/admin/bookings/appointment/schedule/day/?day=2026-12-02",
        taylor, PASSWORD,
    )  # fmt: skip
    number = page.get_by_role("link", name="416-555-0199 ext. 12")
    assert number.get_attribute("href") == "tel:+14165550199,12"
