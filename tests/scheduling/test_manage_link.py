"""/book/manage/<token>/: the client views, cancels or reschedules within the window."""

import re
from datetime import datetime, timedelta

import pytest
import time_machine

from bookings.models import Appointment
from bookings.scheduling import booking, tokens
from tests.support import TORONTO, login_in_group

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


def test_rescheduling_shows_the_time_picker_without_repeating_the_date(client, appointment):
    html = client.get(manage_url(appointment), {"day": "2026-12-04"}).content.decode()
    assert 'class="week-strip"' in html and "<legend>Afternoon</legend>" in html
    label = re.search(r'value="2026-12-04T14:00:00-05:00"> <span>([^<]+)</span>', html)[1]
    assert label == "2:00 p.m."
    assert not [
        radio for radio in re.findall(r'<input type="radio"[^>]*>', html) if "checked" in radio
    ]


def test_the_picker_opens_on_the_visits_day_without_offering_its_own_time(client, appointment):
    html = client.get(manage_url(appointment)).content.decode()
    assert "Thursday, December 3, 2026</h3>" in html
    assert 'value="2026-12-03T10:15:00-05:00"' in html  # the visit's own time frees its neighbours
    assert 'value="2026-12-03T10:00:00-05:00"' not in html


def test_moving_without_a_time_asks_for_one(client, appointment):
    html = client.post(
        f"{manage_url(appointment)}?day=2026-12-04", {"action": "reschedule"}
    ).content.decode()
    assert "Choose a time first" in html and 'value="2026-12-04T14:00:00-05:00"' in html


def test_an_impossible_day_is_named(client, appointment):
    html = client.get(manage_url(appointment), {"day": "2027-02-30"}).content.decode()
    assert "There is no February 30, 2027." in html and 'value="2027-02-30"' in html


def test_cancelling_needs_a_second_step_that_states_the_deadline(client, appointment):
    url = manage_url(appointment)
    first = client.get(url).content.decode()
    assert (
        "You can change or cancel online until <strong>10:00 a.m. on Wednesday, December 2, 2026"
        in first
    )
    assert 'name="action" value="cancel"' not in first  # the page's cancel button only asks
    step = client.get(url, {"cancel": "1"}).content.decode()
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CONFIRMED
    assert "Cancel this visit?" in step and "Reason (optional)" in step
    assert "10:00 a.m. on Wednesday, December 2, 2026" in step
    response = client.post(url, {"action": "cancel", "reason": "A cold coming on."})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    assert appointment.cancellation_reason == "A cold coming on."
    assert "Your visit is cancelled" in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("reason", "message"),
    [("x" * 201, "at most 200 characters (it has 201)"), ("two\nlines", "one line")],
)
def test_a_reason_refused_keeps_the_visit_and_what_was_typed(client, appointment, reason, message):
    html = client.post(
        manage_url(appointment), {"action": "cancel", "reason": reason}
    ).content.decode()
    assert message in html
    assert reason.split("\n")[0] in html
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CONFIRMED


def test_a_cancel_just_after_the_window_closed_says_the_visit_was_not_cancelled(
    client, appointment, frozen_clock
):
    url = manage_url(appointment)
    assert "Cancel this visit?" in client.get(url, {"cancel": "1"}).content.decode()
    frozen_clock.move_to(appointment.starts_at - timedelta(hours=24, seconds=-1))
    html = client.post(url, {"action": "cancel", "reason": "Stuck at work"}).content.decode()
    assert "Your visit was not cancelled." in html
    assert "Online changes closed at 10:00 a.m. on Wednesday, December 2" in html
    assert "tel:" in html and "Stuck at work" in html
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CONFIRMED


def test_taylor_reads_the_reason_on_the_visits_admin_page(client, appointment):
    booking.cancel_appointment(appointment, reason="Moving away")
    login_in_group(client, "taylor", "Therapist")
    html = client.get(f"/admin/bookings/appointment/{appointment.pk}/change/").content.decode()
    assert "client&#x27;s reason for cancelling" in html.lower() and "Moving away" in html
