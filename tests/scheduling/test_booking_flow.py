"""The client's booking flow at /book/, server-rendered and working without JavaScript."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail

from bookings.models import Appointment, AreaRule, BookingHold, Client
from tests.support import TORONTO, confirm_from_email, details_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bookable_site")]
# A Tuesday morning; the bookable site's hours are Monday to Saturday, 9:00 to 18:00.
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=TORONTO)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def option(bookable_site):
    return bookable_site.services["trigger-point-release"].options.get(minutes=60)


def test_a_service_link_preselects_that_service(client, option):
    html = client.get("/book/", {"service": "trigger-point-release"}).content.decode()
    assert "Showing lengths for <strong>Trigger point release</strong>" in html
    assert f'value="{option.pk}"' in html
    assert "Swedish massage" not in html


def test_postal_code_outside_the_areas_names_the_areas_served(client, option):
    response = client.get("/book/times/", {"option": option.pk, "postal_code": "K1A 0B1"})
    html = response.content.decode()
    assert "K1A 0B1 is outside the areas Taylor travels to" in html
    assert "Brampton" in html and "Guelph" in html
    assert 'value="K1A 0B1"' in html  # what was typed is kept


@pytest.mark.parametrize(
    ("postal_code", "message"),
    [("", "Enter the postal code"), ("12345", "postal code"), ("ZZZ ZZZ", "postal code")],
)
def test_bad_postal_codes_get_a_specific_message(client, option, postal_code, message):
    html = client.get("/book/times/", {"option": option.pk, "postal_code": postal_code}).content
    assert message in html.decode()


def test_a_length_the_service_does_not_offer_is_refused(client):
    html = client.get("/book/times/", {"option": "999999", "postal_code": "L6Y 0A1"}).content
    assert "That treatment length is not offered" in html.decode()


def test_times_page_offers_the_first_free_day_in_toronto_time(client, option):
    html = client.get("/book/times/", {"option": option.pk, "postal_code": "L6Y0A1"}).content
    html = html.decode()
    # Minimum notice is 12 hours from 8:00, so Tuesday is gone; Wednesday 9:00 is first.
    assert "Wednesday, December 2, 2026" in html
    assert 'value="2026-12-02T09:00:00-05:00"' in html
    assert re.search(r'<input type="date" name="day" value="2026-12-02"', html)


def test_a_full_day_suggests_the_next_free_day(client, option):
    html = client.get(
        "/book/times/", {"option": option.pk, "postal_code": "L6Y0A1", "day": "2026-12-06"}
    ).content.decode()  # a Sunday
    assert "Taylor does not work on Sundays." in html
    assert "fully booked" not in html
    assert "Monday, December 7" in html


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2026-11-30", "That day has passed"),
        ("2027-06-01", "Bookings open 60 days ahead"),
        ("not-a-date", "Enter the day as YYYY-MM-DD"),
    ],
)
def test_bad_days_get_a_specific_message(client, option, day, message):
    html = client.get(
        "/book/times/", {"option": option.pk, "postal_code": "L6Y0A1", "day": day}
    ).content.decode()
    assert message in html


def test_booking_end_to_end_without_javascript(client, option, django_capture_on_commit_callbacks):
    start = "2026-12-02T10:00:00-05:00"
    form = client.get("/book/details/", {"option": option.pk, "postal_code": "L6Y0A1",
                                         "starts_at": start})  # fmt: skip
    assert form.status_code == 200
    review = client.post("/book/details/", details_data(option, start))
    assert b"Review and confirm" in review.content
    assert not Appointment.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        held = client.post("/book/details/", {**details_data(option, start), "confirm": "1"})
    assert held.status_code == 302
    page = client.get(held["Location"]).content.decode()
    assert "Check your email to confirm" in page and "held for you for 30 minutes" in page
    assert not Appointment.objects.exists()  # Taylor sees nothing until the email is confirmed
    with django_capture_on_commit_callbacks(execute=True):
        done = confirm_from_email(client, mail.outbox[-1])
    assert done.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.starts_at == datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
    assert appointment.price == option.price
    assert appointment.area.slug == "brampton"
    assert appointment.client.phone == "+19055550199"
    assert appointment.client.postal_code == "L6Y 0A1"
    assert appointment.person.intakes.get().emergency_contact_phone == "+19055550100"
    page = client.get(done["Location"]).content.decode()
    assert "You are booked" in page and "10:00 a.m." in page
    assert [m.to for m in mail.outbox if "sam@example.com" in m.to]


def test_invalid_details_keep_everything_typed_with_specific_messages(client, option):
    start = "2026-12-02T10:00:00-05:00"
    data = details_data(
        option, start, email="not-an-email", phone="555", accept_privacy_notice="",
        address="x" * 201,
    )  # fmt: skip
    html = client.post("/book/details/", data).content.decode()
    assert "Enter an email address like name@example.com." in html
    assert "Enter a phone number with its area code" in html
    assert "Please confirm you have read the privacy notice." in html
    assert "at most 200 characters" in html
    assert 'value="not-an-email"' in html and 'value="Sam Client"' in html
    assert "Side door; dog is friendly." in html
    assert not Appointment.objects.exists()


def test_a_slot_taken_a_moment_ago_offers_the_nearest_times_and_keeps_the_form(client, option):
    start = "2026-12-02T10:00:00-05:00"
    first = client.post("/book/details/", {**details_data(option, start), "confirm": "1"})
    assert first.status_code == 302
    second = client.post(
        "/book/details/",
        {**details_data(option, start, name="Alex Other", email="alex@example.com"),
         "confirm": "1"},
    )  # fmt: skip
    html = second.content.decode()
    assert second.status_code == 409
    assert "just booked by someone else" in html
    assert 'value="Alex Other"' in html
    offered = re.findall(r'name="starts_at" value="([^"]+)"', html)
    assert offered and start not in offered
    assert BookingHold.objects.count() == 1
    assert Client.objects.filter(email="alex@example.com").count() == 0


def test_a_forged_start_time_is_refused_with_a_message(client, option):
    for start in ["2026-12-02T03:00:00-05:00", "yesterday", "2026-12-02T10:00:00"]:
        response = client.post("/book/details/", {**details_data(option, start), "confirm": "1"})
        assert response.status_code == 200
        assert b"alert-danger" in response.content
    assert not Appointment.objects.exists()


class TestSlotsEndpoint:
    def test_returns_free_starts_as_iso_with_offset(self, client):
        response = client.get(
            "/book/slots",
            {"service": "trigger-point-release", "length": 60, "postal_code": "L6Y 0A1",
             "start": "2026-12-02", "end": "2026-12-02"},
        )  # fmt: skip
        assert response.status_code == 200
        slots = response.json()["slots"]
        assert slots[0] == "2026-12-02T09:00:00-05:00"
        assert slots[-1] == "2026-12-02T17:00:00-05:00"

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"service": "nope"}, "service"),
            ({"length": "7"}, "length"),
            ({"length": "abc"}, "length"),
            ({"postal_code": "K1A 0B1"}, "postal_code"),
            ({"postal_code": "hello"}, "postal_code"),
            ({"start": "2026-13-01"}, "start"),
            ({"end": "2026-11-01"}, "end"),
            ({"end": "2027-12-01"}, "end"),
        ],
    )
    def test_bad_parameters_get_400_naming_the_parameter(self, client, params, field):
        query = {"service": "trigger-point-release", "length": 60, "postal_code": "L6Y 0A1",
                 "start": "2026-12-02", "end": "2026-12-03", **params}  # fmt: skip
        response = client.get("/book/slots", query)
        assert response.status_code == 400
        assert field in response.json()["errors"]


def test_details_page_summarises_the_chosen_visit(client, option):
    html = client.get(
        "/book/details/",
        {"option": option.pk, "postal_code": "L6Y0A1", "starts_at": "2026-12-02T10:00:00-05:00"},
    ).content.decode()
    assert "Trigger point release, 60 minutes" in html
    assert "Wednesday, December 2, 2026 at 10:00 a.m." in html
    assert "Brampton" in html


def test_the_client_is_told_taylor_arrives_early_to_set_up(client, option):
    type(option).objects.filter(pk=option.pk).update(setup_minutes=15)
    times = client.get("/book/times/", {"option": option.pk, "postal_code": "L6Y0A1"})
    assert "arrives about 15 minutes before the start time you choose" in times.content.decode()
    review = client.post("/book/details/", details_data(option, "2026-12-02T10:00:00-05:00"))
    assert "arrives about 15 minutes early to set up the table" in review.content.decode()


def test_a_statutory_holiday_says_why_it_is_not_offered(client, option):
    html = client.get(
        "/book/times/", {"option": option.pk, "postal_code": "L6Y0A1", "day": "2026-12-25"}
    ).content.decode()
    assert "December 25 is Christmas Day, a statutory holiday, and Taylor is not working." in html
    # Boxing Day (Saturday) and its observed Monday are closed too; Sunday has no hours.
    assert "The next day with free times is" in html and "Tuesday, December 29" in html


def test_step_one_refuses_a_treatment_shorter_than_a_far_areas_minimum(client, bookable_site):
    AreaRule.objects.create(area=bookable_site.areas["guelph"], minimum_minutes=75)
    short = bookable_site.services["trigger-point-release"].options.get(minutes=60)
    html = client.get("/book/times/", {"option": short.pk, "postal_code": "N1G 2W1"}).content
    assert "visits are at least 75 minutes, since the drive there is long" in html.decode()


def test_the_times_page_names_the_days_taylor_visits_a_far_area(client, bookable_site):
    AreaRule.objects.create(area=bookable_site.areas["guelph"], visit_weekdays=[3])
    option = bookable_site.services["trigger-point-release"].options.get(minutes=60)
    html = client.get(
        "/book/times/", {"option": option.pk, "postal_code": "N1G 2W1", "day": "2026-12-02"}
    ).content.decode()
    assert "Taylor visits Guelph on Thursdays." in html
    assert "Thursday, December 3" in html  # the next day with free times
