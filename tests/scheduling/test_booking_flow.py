"""The client's booking flow at /book/, server-rendered and working without JavaScript."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail

from bookings.models import Appointment, AreaRule, BookingHold, Client
from tests.factories import PostalPrefixFactory, ServiceAreaFactory
from tests.support import INTAKE, TORONTO, confirm_from_email, details_data

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
    assert '<a href="#id_postal_code">Sorry, K1A 0B1 is outside' in html  # in the summary


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


def test_the_booking_post_runs_its_exact_number_of_queries(
    client, option, django_assert_num_queries
):
    """Issue 16: the POST that holds the time. The policy's row locked (and then read from it
    for the availability check), the option afresh under that lock, expired holds released,
    this client's live holds counted, the drives, the working hours and the busy periods, the
    hold and its email link written: nine, and none for a pain finder place not named. (Two more
    open and release the savepoint that the test's own transaction makes of the hold's.)"""
    start = "2026-12-02T10:00:00-05:00"
    client.get("/book/details/", {"option": option.pk, "postal_code": "L6Y0A1", "starts_at": start})
    with django_assert_num_queries(11) as counted:
        held = client.post("/book/details/", {**details_data(option, start), "confirm": "1"})
    assert held.status_code == 302
    assert not [q for q in counted.captured_queries if "content_painarea" in q["sql"]]


def test_invalid_details_keep_everything_typed_with_specific_messages(client, option):
    start = "2026-12-02T10:00:00-05:00"
    data = details_data(
        option, start, email="not-an-email", phone="555", address="x" * 201, step="contact"
    )
    html = client.post("/book/details/", data).content.decode()
    assert "<h1>Contact and address</h1>" in html
    assert "Enter an email address like name@example.com." in html
    assert "Enter a phone number with its area code" in html
    assert "at most 200 characters" in html
    assert 'value="not-an-email"' in html and 'value="Sam Client"' in html
    assert "Side door; dog is friendly." in html
    # The health answers given already are kept too, out of sight until their page.
    assert '<input type="hidden" name="areas_of_concern" value="Stiff neck from desk work.">' in (
        html
    )
    assert not Appointment.objects.exists()


def test_the_error_summary_links_each_problem_to_its_field(client, option):
    data = details_data(option, "2026-12-02T10:00:00-05:00", email="", phone="555", step="contact")
    html = client.post("/book/details/", data).content.decode()
    summary = html[
        html.index('id="error-summary"') : html.index("</div>", html.index('id="error-summary"'))
    ]
    assert '<a href="#id_email">Enter your email.</a>' in summary
    assert '<a href="#id_phone">Enter a phone number with its area code' in summary
    assert "2 things to put right" in summary
    assert 'id="id_email"' in html and 'id="id_phone"' in html


def test_a_first_time_client_is_asked_the_health_history_on_its_own_page(client, option):
    data = details_data(option, "2026-12-02T10:00:00-05:00", step="contact")
    contact_only = {k: v for k, v in data.items() if k not in INTAKE and k != "consent"}
    html = client.post("/book/details/", contact_only).content.decode()
    assert "<h1>Your health history</h1>" in html
    assert 'aria-current="step">4. Health history' in html
    assert "error-summary" not in html  # nothing is wrong yet: the questions are just asked
    assert 'for="id_areas_of_concern"' in html
    # The questions a first history must answer are marked so, before any error.
    assert re.search(r'name="areas_of_concern"[^>]*required', html)
    assert re.search(r'name="emergency_contact_name"[^>]*required', html)
    assert not re.search(r'name="medications"[^>]*required', html)
    assert '<input type="hidden" name="address" value="12 Main Street">' in html

    blank = client.post("/book/details/", {**contact_only, "step": "health"}).content.decode()
    assert "<h1>Your health history</h1>" in blank
    assert '<a href="#id_areas_of_concern">Tell Taylor what you would like treated' in blank
    assert '<a href="#id_emergency_contact_name">' in blank


def test_the_review_asks_one_consent_and_refuses_to_book_without_it(client, option):
    data = details_data(option, "2026-12-02T10:00:00-05:00")
    review = client.post("/book/details/", data).content.decode()
    assert review.count('type="checkbox"') == 1
    assert 'name="consent"' in review and 'href="/privacy/"' in review
    assert 'href="#cancellation-policy"' in review and 'id="cancellation-policy"' in review

    refused = client.post("/book/details/", {**data, "consent": "", "confirm": "1"})
    html = refused.content.decode()
    assert "<h1>Review and confirm</h1>" in html
    assert '<a href="#id_consent">Tick the box to agree' in html
    assert not BookingHold.objects.exists()


def test_the_one_consent_is_recorded_as_both_of_the_health_historys(
    client, option, django_capture_on_commit_callbacks
):
    data = {**details_data(option, "2026-12-02T10:00:00-05:00"), "confirm": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/book/details/", data)
    with django_capture_on_commit_callbacks(execute=True):
        confirm_from_email(client, mail.outbox[-1])
    record = Appointment.objects.get().person.intakes.get()
    assert record.consent_to_treatment is True and record.consent_to_privacy is True


def test_the_contact_page_fills_in_the_city_from_step_ones_area(client, option):
    query = {"option": option.pk, "starts_at": "2026-12-02T10:00:00-05:00"}
    brampton = client.get("/book/details/", {**query, "postal_code": "L6Y 0A1"}).content
    assert 'name="city" value="Brampton"' in brampton.decode()
    typed = client.get("/book/details/", {**query, "postal_code": "L6Y 0A1", "city": "Bramalea"})
    assert 'name="city" value="Bramalea"' in typed.content.decode()
    # Halton's area is several towns (Burlington, Georgetown, Acton): none is guessed.
    PostalPrefixFactory(area=ServiceAreaFactory(name="Halton", slug="halton"), fsa="L7L")
    halton = client.get("/book/details/", {**query, "postal_code": "L7L 1A1"}).content.decode()
    assert 'name="city" value=' not in halton and 'name="city"' in halton


def test_step_one_posts_every_travel_fee_in_one_line(client, bookable_site):
    AreaRule.objects.create(area=bookable_site.areas["mississauga"], travel_fee=15)
    AreaRule.objects.create(area=bookable_site.areas["guelph"], travel_fee=20)
    html = client.get("/book/").content.decode()
    assert html.count('class="travel-fee"') == 1
    assert "Visits in Mississauga ($15) and Guelph ($20) carry a travel fee" in html


def test_an_area_page_opens_step_one_with_its_postal_prefix_and_prices(client, bookable_site):
    AreaRule.objects.create(area=bookable_site.areas["guelph"], travel_fee=20)
    page = client.get("/areas/guelph/").content.decode()
    assert 'href="/book/?area=guelph">Book a visit in Guelph' in page
    html = client.get("/book/", {"area": "guelph"}).content.decode()
    assert 'name="postal_code" value="N1G "' in html
    assert "Trigger point release, 60 minutes ($165 including a $20 travel fee)" in html
    brampton = client.get("/book/", {"area": "brampton"}).content.decode()
    assert 'name="postal_code" value="L6P "' in brampton and "travel fee" not in brampton
    for unknown in ("nowhere", "../x", "\x00"):
        html = client.get("/book/", {"area": unknown}).content.decode()
        assert 'name="postal_code" value=' not in html


def test_the_flow_says_which_visits_get_an_insurance_receipt(client, option, bookable_site):
    step_one = client.get("/book/").content.decode()
    assert "Insurance receipts for every massage therapy visit" in step_one
    assert "Energy healing is not massage therapy" in step_one
    review = client.post("/book/details/", details_data(option, "2026-12-02T10:00:00-05:00"))
    assert "insurance receipt for this massage therapy visit" in review.content.decode()


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
