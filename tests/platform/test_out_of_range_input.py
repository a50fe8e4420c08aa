"""Input a browser can send that the site has no use for gets a 400, a form error or is ignored,
never a server error: dates at the ends of the calendar (the practice handles the years
clock.FIRST_DAY to LAST_DAY) and a service parameter that is no slug."""

import pytest
from django.urls import reverse

from tests.support import details_data, login_in_group

pytestmark = pytest.mark.django_db

EXTREME_STARTS = [
    "0001-01-01T00:00:00+00:00",
    "0001-01-01T00:00:00-05:00",
    "9999-12-31T23:59:00+00:00",
]


@pytest.fixture
def option(bookable_site):
    return bookable_site.services["swedish-massage"].options.get(minutes=60)


@pytest.mark.parametrize("starts_at", EXTREME_STARTS)
def test_the_details_page_refuses_a_start_at_the_end_of_the_calendar(client, option, starts_at):
    query = {"option": option.pk, "postal_code": "L6Y 0A1", "starts_at": starts_at}
    assert client.get("/book/details/", query).status_code == 200

    for extra in ({}, {"confirm": "1"}):
        response = client.post("/book/details/", {**details_data(option, starts_at), **extra})
        assert response.status_code == 200
        assert "Choose one of the times offered." in response.content.decode()


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("admin:bookings_appointment_day", {"day": "9999-12-31"}),
        ("admin:bookings_appointment_day", {"day": "0001-01-01"}),
        ("admin:bookings_appointment_week", {"start": "9999-12-31"}),
        ("admin:bookings_appointment_week", {"start": "0001-01-01"}),
    ],
)
def test_the_schedule_shows_today_for_a_day_out_of_range(client, name, query):
    login_in_group(client, "taylor", "Therapist")
    assert client.get(reverse(name), query).status_code == 200


def test_the_export_refuses_dates_out_of_range_on_the_form(client):
    login_in_group(client, "taylor", "Therapist")
    response = client.get(
        reverse("admin:bookings_appointment_export"),
        {"first_day": "0001-01-01", "last_day": "9999-12-31"},
    )
    assert response.status_code == 200
    assert response.content.decode().count("Choose a date from 2000 to 2199.") == 2


@pytest.mark.parametrize(
    "changelist",
    ["appointment", "timeoff", "reminder", "receipt", "healthintake", "auditentry"],
)
@pytest.mark.parametrize("year", ["9999", "1", "soon"])
def test_a_date_drill_down_out_of_range_is_a_bad_request(client, changelist, year):
    login_in_group(client, "taylor", "Therapist")
    url = reverse(f"admin:bookings_{changelist}_changelist")
    field = {
        "appointment": "starts_at",
        "timeoff": "starts_at",
        "reminder": "due_at",
        "receipt": "issued_at",
        "healthintake": "submitted_at",
        "auditentry": "accessed_at",
    }[changelist]

    response = client.get(url, {f"{field}__year": year, f"{field}__month": "12"})

    assert response.status_code == 400
    assert client.get(url, {f"{field}__year": "2026"}).status_code == 200


@pytest.mark.parametrize("service", ["a\x00b", "swedish-massage\x00", "x" * 500])
def test_a_service_parameter_that_is_no_slug_names_no_service(client, bookable_site, service):
    response = client.get("/book/", {"service": service})

    assert response.status_code == 200
    assert "Showing lengths for" not in response.content.decode()


def test_an_admin_username_longer_than_any_account_is_a_form_error(client, settings):
    settings.AXES_ENABLED = True  # the lockout log is where the long name used to overflow

    response = client.post("/admin/login/", {"username": "x" * 100_000, "password": "p"})

    assert response.status_code == 200
    assert "No username is that long: at most 150 characters." in response.content.decode()
