"""The same confirm form sent twice (a double click, a retry on a slow network) lands on the
same result as the first: one hold and one email, or one visit, never "just booked by someone
else" for the client's own booking."""

import re
from datetime import datetime, timedelta

import pytest
from django.core import mail

from bookings.clients import holds
from bookings.models import Appointment, BookingHold
from tests.factories import ClientFactory, account_holder
from tests.support import TORONTO, details_data, emailed_link, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bookable_site")]
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=TORONTO)
START = "2026-12-02T10:00:00-05:00"


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def option(bookable_site):
    return bookable_site.services["trigger-point-release"].options.get(minutes=60)


def reviewed(client, data) -> dict:
    """The review page's confirm form as the browser would send it."""
    page = client.post("/book/details/", data).content.decode()
    key = re.search(r'name="submission" value="([^"]+)"', page).group(1)
    return {**data, "submission": key, "confirm": "1"}


def test_the_same_confirm_form_twice_holds_once_and_emails_once(
    client, option, django_capture_on_commit_callbacks
):
    confirm = reviewed(client, details_data(option, START))
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/book/details/", confirm)
        second = client.post("/book/details/", confirm)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert BookingHold.objects.count() == 1
    assert len(mail.outbox) == 1


def test_each_review_gets_its_own_key_so_a_new_booking_is_a_new_hold(client, option):
    data = details_data(option, START)
    assert reviewed(client, data)["submission"] != reviewed(client, data)["submission"]


def test_a_forged_key_is_no_key(client, option, django_capture_on_commit_callbacks):
    data = {**details_data(option, START), "submission": "<script>", "confirm": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/book/details/", data).status_code == 302
    assert BookingHold.objects.get().submission_key == ""


def test_a_signed_in_client_double_submitting_books_one_visit(
    client, option, django_capture_on_commit_callbacks
):
    account = ClientFactory(email="sam@example.com", name="Sam Client")
    sign_in(client, account)
    confirm = reviewed(client, details_data(option, START, person=account_holder(account).pk))
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/book/details/", confirm)
        second = client.post("/book/details/", confirm)
    assert second.status_code == 302, second.content.decode()[:500]
    assert client.get(first["Location"]).content == client.get(second["Location"]).content
    assert Appointment.objects.count() == 1


def test_the_emailed_confirm_pressed_twice_lands_on_the_confirmation_both_times(
    client, option, time_machine, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/book/details/", reviewed(client, details_data(option, START)))
    link = emailed_link(mail.outbox[-1])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(link)
        second = client.post(link)
    assert first.status_code == second.status_code == 302
    assert "/book/confirmed/" in second["Location"]
    assert Appointment.objects.count() == 1
    assert sum("sam@example.com" in m.to for m in mail.outbox) == 2  # the link, then booked

    time_machine.move_to(NOW + holds.REPEAT_WITHIN + timedelta(seconds=1), tick=False)
    later = client.post(link)
    assert "This link has already been used" in later.content.decode()
