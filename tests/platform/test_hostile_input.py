"""No 5xx from anything a browser can send to the booking flow, the slots endpoint or the pages.

Hypothesis sends random text, hostile strings and odd values to every parameter of every step.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bookings.models import Appointment
from bookings.scheduling import tokens
from tests.factories import AppointmentFactory, ClientFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert(1)</script>",
    "'; DROP TABLE bookings_appointment; --",
    "../../../../etc/passwd",
    "%00",
    "\x00",
    "\u202e\u0635",
    "9" * 400,
    "-1",
    "0",
    "2026-02-30",
    "2026-12-02T10:00:00+99:00",
    "1e309",
    "NaN",
    "ＬＧＹ ０Ａ１",
    "L6Y 0A1" * 50,
    "",
]
values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=300), st.integers().map(str))
FLOW_FIELDS = [
    "option", "postal_code", "day", "starts_at", "name", "email", "phone", "address", "unit",
    "city", "access_notes", "notes", "consent", "step", "goto",
    "confirm", "service", "length", "start", "end", "action", "area",
]  # fmt: skip
params = st.dictionaries(st.sampled_from(FLOW_FIELDS), values, max_size=len(FLOW_FIELDS))
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(autouse=True)
def site(bookable_site, article):
    """Services, areas and an article with its pain tables, so the pages fuzzed have rows to
    look up and render."""
    return bookable_site


@pytest.fixture
def swedish(site):
    return site.services["swedish-massage"].options.get(minutes=60)


def assert_no_server_error(response):
    assert response.status_code < 500, response.content[:500]


@FUZZ
@given(query=params, path=st.sampled_from(
    ["/book/", "/book/times/", "/book/details/", "/book/slots", "/trigger-points/"]
))  # fmt: skip
def test_get_with_random_parameters_never_errors(query, path):
    assert_no_server_error(Client().get(path, query))


@FUZZ
@given(data=params)
def test_posting_random_details_never_errors_and_books_nothing_invalid(data):
    response = Client().post("/book/details/", {**data, "confirm": "1"})
    assert_no_server_error(response)
    for appointment in Appointment.objects.select_related("client"):
        assert "<script>" not in appointment.client.name


@FUZZ
@given(token=st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=200)), data=params)
def test_manage_link_with_forged_tokens_never_errors(token, data):
    safe = "".join(ch for ch in token if ch not in "/?#\x00") or "x"
    client = Client()
    assert_no_server_error(client.get(f"/book/manage/{safe}/", data))
    assert_no_server_error(client.post(f"/book/manage/{safe}/", data))


@FUZZ
@given(slug=st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=100)))
def test_content_slugs_never_error(slug):
    safe = "".join(ch for ch in slug if ch not in "/?#\x00") or "x"
    for prefix in ("/learn/", "/services/", "/areas/", "/book/confirmed/"):
        assert_no_server_error(Client().get(f"{prefix}{safe}/"))


def test_oversized_body_is_refused_cleanly(client):
    response = client.post("/book/details/", {"notes": "x" * 3_000_000, "confirm": "1"})
    assert response.status_code in (200, 400, 413)


VALID_DETAILS = {
    "postal_code": "L6Y 0A1",
    "name": "Sam Client",
    "email": "sam@example.com",
    "phone": "905 555 0199",
    "address": "12 Main Street",
    "city": "Brampton",
    "consent": "on",
}


@FUZZ
@given(
    field=st.sampled_from([*VALID_DETAILS, "starts_at", "option", "unit", "notes"]), value=values
)
def test_one_hostile_field_in_an_otherwise_valid_booking_never_errors(field, value, swedish):
    data = {**VALID_DETAILS, "option": swedish.pk, "starts_at": "2030-01-02T10:00:00-05:00"}
    data[field] = value
    for extra in ({}, {"step": "contact"}, {"confirm": "1"}, {"goto": "health"}):
        assert_no_server_error(Client().post("/book/details/", {**data, **extra}))


@FUZZ
@given(data=params)
def test_random_changes_through_a_real_manage_link_never_error(data, booked_token):
    client = Client()
    assert_no_server_error(client.get(f"/book/manage/{booked_token}/", data))
    assert_no_server_error(client.post(f"/book/manage/{booked_token}/", data))


@pytest.fixture
def booked_token(site, swedish):
    appointment = AppointmentFactory(
        client=ClientFactory(name="Fuzz", email="fuzz@example.com", postal_code="L6Y 0A1"),
        option=swedish,
        starts_at=timezone.now() + timedelta(days=5),
        area=site.areas["brampton"],
    )
    return tokens.make_manage_token(appointment)


ACCOUNT_FIELDS = [
    "email", "name", "date_of_birth", "relation", "note", "person", "guardian_consent",
    "areas_of_concern", "medications", "emergency_contact_phone", "consent_to_treatment",
    "consent_to_privacy", "contraindications", *FLOW_FIELDS,
]  # fmt: skip
account_params = st.dictionaries(st.sampled_from(ACCOUNT_FIELDS), values, max_size=12)


@pytest.fixture
def signed_in(site, swedish):
    """A client signed in to an account with a person, for fuzzing the account pages."""
    from django.http import HttpResponse

    from bookings.clients import sessions
    from tests.factories import account_holder

    account = ClientFactory(name="Fuzz", email="fuzz@example.com", postal_code="L6Y 0A1")
    person = account_holder(account)
    response = HttpResponse()
    sessions.start(response, account)
    return person, response.cookies[sessions.COOKIE_NAME].value


@FUZZ
@given(data=account_params)
def test_random_input_to_every_account_page_never_errors(data, signed_in):
    person, cookie = signed_in
    client = Client()
    client.cookies["stillwaters_client"] = cookie
    for path in (
        "/account/", "/account/sign-in/", "/account/people/add/",
        f"/account/people/{person.pk}/health/", f"/account/people/{person.pk}/record-request/",
        "/book/details/", "/book/times/",
    ):  # fmt: skip
        assert_no_server_error(client.get(path, data))
        assert_no_server_error(client.post(path, data))
        assert_no_server_error(client.post(path, {**data, "confirm": "1"}))


@FUZZ
@given(token=st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=300)), data=params)
def test_forged_email_links_and_held_pages_never_error(token, data):
    safe = "".join(ch for ch in token if ch not in "/?#\x00") or "x"
    client = Client()
    for path in (f"/account/link/{safe}/", f"/book/held/{safe}/"):
        assert_no_server_error(client.get(path, data))
        assert_no_server_error(client.post(path, data))
    cookie = safe.encode("ascii", "ignore").decode()  # what a cookie header can carry
    assert_no_server_error(client.get("/account/", HTTP_COOKIE=f"stillwaters_client={cookie}"))
    assert_no_server_error(client.get("/account/receipts/99999.pdf"))
