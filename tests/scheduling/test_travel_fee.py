"""An area's travel fee: posted at step one, in the price at every step and in every email,
copied onto the visit when booked, and kept through later changes of the rule."""

from datetime import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail

from bookings.clients.household import ClientDetails
from bookings.models import Appointment, AreaRule
from bookings.scheduling import booking, tokens
from tests.support import TORONTO, confirm_from_email, details_data, login_in_group

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bookable_site")]
# A Tuesday morning; Thursday December 3 is free in Guelph all day.
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=TORONTO)
THURSDAY_TEN = "2026-12-03T10:00:00-05:00"
GUELPH = {"postal_code": "N1G 2W1", "city": "Guelph"}


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def option(bookable_site):
    return bookable_site.services["trigger-point-release"].options.get(minutes=75)


@pytest.fixture
def guelph_fee(bookable_site):
    return AreaRule.objects.create(area=bookable_site.areas["guelph"], travel_fee=Decimal("20"))


def test_step_one_posts_every_areas_travel_fee_before_the_area_is_known(client, guelph_fee):
    html = client.get("/book/").content.decode()
    assert "Visits in Guelph carry a $20 travel fee, added to the treatment price." in html


def test_step_one_prices_the_treatments_with_the_fee_once_the_postal_code_is_known(
    client, guelph_fee, option
):
    html = client.get("/book/", {"postal_code": "N1G 2W1"}).content.decode()
    assert "Trigger point release, 75 minutes ($190 including a $20 travel fee)" in html
    brampton = client.get("/book/", {"postal_code": "L6Y 0A1"}).content.decode()
    assert "travel fee" not in brampton
    assert "Trigger point release, 75 minutes ($170)" in brampton


def test_step_one_shown_again_with_an_error_names_the_areas_fee(client, guelph_fee, bookable_site):
    AreaRule.objects.filter(pk=guelph_fee.pk).update(minimum_minutes=75)
    short = bookable_site.services["trigger-point-release"].options.get(minutes=60)
    html = client.get("/book/times/", {"option": short.pk, "postal_code": "N1G 2W1"}).content
    assert "Visits in Guelph carry a $20 travel fee" in html.decode()


def test_an_area_without_a_fee_shows_the_price_as_before(client, option):
    times = client.get("/book/times/", {"option": option.pk, "postal_code": "L6Y 0A1"})
    assert "Trigger point release, 75 minutes ($170), at your home in Brampton" in (
        times.content.decode()
    )
    review = client.post("/book/details/", details_data(option, THURSDAY_TEN)).content.decode()
    assert "$170" in review and "travel fee" not in review.lower()


def test_the_times_page_includes_the_fee_in_the_price(client, guelph_fee, option):
    html = client.get("/book/times/", {"option": option.pk, "postal_code": "N1G2W1"}).content
    assert (
        "Trigger point release, 75 minutes ($190 including a $20 travel fee), "
        "at your home in Guelph"
    ) in html.decode()


def test_details_and_review_itemise_the_fee_and_the_total(client, guelph_fee, option):
    details = client.get(
        "/book/details/", {"option": option.pk, "postal_code": "N1G2W1", "starts_at": THURSDAY_TEN}
    ).content.decode()
    review = client.post("/book/details/", details_data(option, THURSDAY_TEN, **GUELPH))
    for html in (details, review.content.decode()):
        assert '<dt class="col-sm-4">Treatment price</dt><dd class="col-sm-8">$170</dd>' in html
        assert '<dt class="col-sm-4">Travel fee</dt><dd class="col-sm-8">$20' in html
        assert '<dt class="col-sm-4">Total</dt><dd class="col-sm-8">$190</dd>' in html


def test_booking_copies_the_fee_and_every_page_and_email_shows_it(
    client, guelph_fee, option, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/book/details/", {**details_data(option, THURSDAY_TEN, **GUELPH), "confirm": 1}
        )
    with django_capture_on_commit_callbacks(execute=True):
        done = confirm_from_email(client, mail.outbox[-1])
    appointment = Appointment.objects.get()
    assert (appointment.price, appointment.travel_fee) == (Decimal("170.00"), Decimal("20.00"))
    confirmed = client.get(done["Location"]).content.decode()
    assert '<dt class="col-sm-4">Travel fee</dt><dd class="col-sm-8">$20' in confirmed
    assert '<dt class="col-sm-4">Total</dt><dd class="col-sm-8">$190</dd>' in confirmed
    booked = next(m for m in mail.outbox if m.to == ["sam@example.com"] and "calendar" in m.body)
    assert "Price: $190 including a $20 travel fee" in booked.body
    assert "$190 including a $20 travel fee" in booked.alternatives[0][0]
    to_taylor = next(m for m in mail.outbox if "Area: Guelph" in m.body)
    assert "75 min, $190 including a $20 travel fee" in to_taylor.body


def test_a_later_change_of_the_fee_changes_no_booked_visit(client, guelph_fee, option):
    appointment = booking.book_appointment(
        option=option,
        area=guelph_fee.area,
        starts_at=datetime.fromisoformat(THURSDAY_TEN),
        client=_client_details(),
    )
    guelph_fee.travel_fee = Decimal("35")
    guelph_fee.save()
    appointment.refresh_from_db()
    assert appointment.travel_fee == Decimal("20.00")
    manage = client.get(f"/book/manage/{tokens.make_manage_token(appointment)}/")
    assert '<dt class="col-sm-4">Total</dt><dd class="col-sm-8">$190</dd>' in (
        manage.content.decode()
    )
    moved = booking.reschedule_appointment(
        appointment, datetime.fromisoformat("2026-12-03T13:00:00-05:00")
    )
    assert moved.travel_fee == Decimal("20.00")
    # A new booking there pays the fee as it is now.
    later = booking.book_appointment(
        option=option,
        area=guelph_fee.area,
        starts_at=datetime.fromisoformat("2026-12-10T10:00:00-05:00"),
        client=_client_details(email="kim@example.com"),
    )
    assert later.travel_fee == Decimal("35.00")


def test_an_area_without_a_rule_or_fee_books_with_no_fee(bookable_site, option):
    appointment = booking.book_appointment(
        option=option,
        area=bookable_site.areas["brampton"],
        starts_at=datetime.fromisoformat(THURSDAY_TEN),
        client=_client_details(),
    )
    assert appointment.travel_fee == Decimal("0.00")


def test_admin_refuses_a_negative_fee_with_a_clear_message(client, bookable_site):
    login_in_group(client, "taylor", "Therapist")
    response = client.post(
        "/admin/bookings/arearule/add/",
        {"area": bookable_site.areas["guelph"].pk, "travel_fee": "-5"},
    )
    assert response.status_code == 200
    assert "A travel fee cannot be negative." in response.content.decode()
    assert not AreaRule.objects.exists()


def test_admin_saves_a_fee_and_lists_it(client, bookable_site):
    login_in_group(client, "taylor", "Therapist")
    form = client.get("/admin/bookings/arearule/add/").content.decode()
    assert "on its own line of the receipt (not massage therapy)" in form
    client.post(
        "/admin/bookings/arearule/add/",
        {"area": bookable_site.areas["guelph"].pk, "travel_fee": "22.50"},
    )
    assert AreaRule.objects.get().travel_fee == Decimal("22.50")
    assert "22.50" in client.get("/admin/bookings/arearule/").content.decode()


def _client_details(email: str = "sam@example.com") -> ClientDetails:
    return ClientDetails(
        name="Sam Client",
        email=email,
        phone="+19055550199",
        address="12 Main Street",
        city="Guelph",
        postal_code="N1G 2W1",
    )
