"""/book/manage/<token>/: the client views, cancels or reschedules within the window."""

from datetime import datetime, timedelta

import pytest
import time_machine

from bookings.models import Appointment
from bookings.scheduling import booking, tokens
from tests.support import TORONTO

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=TORONTO)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def appointment(bookable_site):
    return booking.book_appointment(
        option=bookable_site.services["swedish-massage"].options.get(minutes=60),
        area=bookable_site.areas["brampton"],
        starts_at=datetime(2026, 12, 3, 10, 0, tzinfo=TORONTO),
        client=booking.ClientDetails(
            name="Sam Client", email="sam@example.com", phone="+19055550199",
            address="12 Main Street", city="Brampton", postal_code="L6Y 0A1",
        ),
    )  # fmt: skip


def manage_url(appointment) -> str:
    return f"/book/manage/{tokens.make_manage_token(appointment)}/"


def test_shows_the_appointment_in_toronto_time(client, appointment):
    html = client.get(manage_url(appointment)).content.decode()
    assert "Thursday, December 3, 2026 at 10:00 a.m." in html
    assert "12 Main Street, Brampton, ON L6Y 0A1" in html


def test_lists_free_times_for_a_day_and_moves_the_visit(client, appointment):
    url = manage_url(appointment)
    html = client.get(url, {"day": "2026-12-04"}).content.decode()
    assert 'value="2026-12-04T14:00:00-05:00"' in html
    response = client.post(url, {"action": "reschedule", "starts_at": "2026-12-04T14:00:00-05:00"})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.starts_at == datetime(2026, 12, 4, 14, 0, tzinfo=TORONTO)


def test_rescheduling_to_a_time_that_is_not_free_keeps_the_visit(client, appointment):
    other = booking.book_appointment(
        option=appointment.option, area=appointment.area,
        starts_at=datetime(2026, 12, 4, 14, 0, tzinfo=TORONTO),
        client=booking.ClientDetails(
            name="Other", email="other@example.com", phone="+19055550100",
            address="1 Elm", city="Brampton", postal_code="L6Y 0A2",
        ),
    )  # fmt: skip
    response = client.post(
        manage_url(appointment), {"action": "reschedule", "starts_at": other.starts_at.isoformat()}
    )
    assert b"just booked by someone else" in response.content
    assert b"Nearest free times" in response.content
    assert other.starts_at.isoformat().encode() not in response.content
    appointment.refresh_from_db()
    assert appointment.starts_at == datetime(2026, 12, 3, 10, 0, tzinfo=TORONTO)


def test_cancels_the_visit(client, appointment):
    response = client.post(manage_url(appointment), {"action": "cancel"})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    assert b"Your visit is cancelled" in client.get(manage_url(appointment)).content


def test_inside_the_cancellation_window_the_page_states_the_policy(
    client, appointment, frozen_clock
):
    frozen_clock.move_to(appointment.starts_at - timedelta(hours=3))
    url = manage_url(appointment)
    html = client.get(url).content.decode()
    assert "Online changes close 24 hours before a visit" in html
    assert "Cancel this visit" not in html
    client.post(url, {"action": "cancel"})
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CONFIRMED


def test_link_stops_working_once_the_visit_is_over(client, appointment, frozen_clock):
    frozen_clock.move_to(appointment.ends_at + timedelta(minutes=1))
    assert client.get(manage_url(appointment)).status_code == 404


@pytest.mark.parametrize("token", ["nonsense", "a" * 300, "..%2F..%2Fetc", "eyJhIjoxfQ:1:x"])
def test_forged_tokens_get_404_not_an_error(client, token):
    assert client.get(f"/book/manage/{token}/").status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {"action": "reschedule", "starts_at": "garbage"},
        {"action": "reschedule"},
        {"action": "reschedule", "starts_at": "2026-12-04T03:00:00-05:00"},
        {"action": "something-else"},
    ],
)
def test_bad_reschedule_posts_get_a_message(client, appointment, data):
    response = client.post(manage_url(appointment), data)
    assert response.status_code == 200
    assert b"alert-danger" in response.content
    appointment.refresh_from_db()
    assert appointment.starts_at == datetime(2026, 12, 3, 10, 0, tzinfo=TORONTO)
