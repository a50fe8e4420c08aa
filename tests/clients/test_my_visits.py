"""A signed-in client's account: each person's visits, receipts, health history updates, the
household with dates of birth, a guardian's consent for a minor, book again, and record
requests. Another account's records stay out of reach."""

import re
from datetime import date, datetime, timedelta
from html import unescape
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine
from django.core import mail

from bookings.billing.receipts import complete_and_issue_receipt
from bookings.clients import holds, links
from bookings.models import (
    Appointment,
    BookingHold,
    ClientSession,
    EmailLink,
    HealthIntake,
    Person,
    Receipt,
    RecordRequest,
)
from tests.factories import (
    AppointmentFactory,
    ClientFactory,
    HealthIntakeFactory,
    PersonFactory,
    account_holder,
)
from tests.support import INTAKE, TORONTO, details_data, pdf_text, sign_in

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=TORONTO)
START = "2026-12-02T10:00:00-05:00"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def option(bookable_site):
    return bookable_site.services["swedish-massage"].options.get(minutes=60)


@pytest.fixture
def household(option, bookable_site):
    """Sam's account: Sam, with a past visit that has a receipt and an upcoming visit, and a
    ten-year-old son."""
    bookable_site.policy.therapist_name = "Taylor Example"
    bookable_site.policy.registration_number = "U123"
    bookable_site.policy.save()
    account = ClientFactory(name="Sam Client", email="sam@example.com", postal_code="L6Y 0A1")
    sam = account_holder(account)
    son = PersonFactory(
        account=account, name="Kit Client", relation=Person.Relation.CHILD,
        date_of_birth=date(2016, 5, 1),
    )  # fmt: skip
    brampton = bookable_site.areas["brampton"]
    past = AppointmentFactory(
        client=account, person=sam, option=option, area=brampton,
        starts_at=NOW - timedelta(days=7),
    )  # fmt: skip
    receipt = complete_and_issue_receipt(past, Receipt.PaymentMethod.DEBIT, now=NOW)
    upcoming = AppointmentFactory(
        client=account, person=sam, option=option, area=brampton,
        starts_at=NOW + timedelta(days=3),
    )  # fmt: skip
    HealthIntakeFactory(person=sam, submitted_at=NOW - timedelta(days=30), medications="None")
    return account, sam, son, receipt, upcoming


def test_my_visits_lists_each_persons_upcoming_and_past_visits(client, household):
    account, sam, son, receipt, upcoming = household
    sign_in(client, account)
    html = client.get("/account/").content.decode()
    assert "Sam Client" in html and "Kit Client" in html
    assert "Friday, December 4, 2026 at 8:00 a.m." in html  # upcoming, Toronto time
    assert "Reschedule or cancel" in html
    assert f"Receipt {receipt.number} (PDF)" in html
    assert "No health history on file." in html  # the son's
    assert html.count("Book again") == 1


def test_a_receipt_downloads_as_pdf_for_its_account_only(client, household):
    account, _, _, receipt, _ = household
    sign_in(client, account)
    response = client.get(f"/account/receipts/{receipt.pk}.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert f"{receipt.number}" in pdf_text(response.content)
    stranger = client.__class__()
    sign_in(stranger, ClientFactory(email="other@example.com"))
    assert stranger.get(f"/account/receipts/{receipt.pk}.pdf").status_code == 404
    assert client.__class__().get(f"/account/receipts/{receipt.pk}.pdf").status_code == 302


def test_updating_a_health_history_adds_a_dated_record_and_keeps_the_old_one(client, household):
    account, sam, _, _, _ = household
    old = sam.intakes.get()
    sign_in(client, account)
    form = client.get(f"/account/people/{sam.pk}/health/").content.decode()
    assert "Stiff neck and shoulders." in form  # starts from the last answers
    assert (
        'name="consent_to_treatment" class' in form
        and "checked" not in form.split('name="consent_to_treatment"')[1][:80]
    )  # consent is given afresh
    missing = client.post(f"/account/people/{sam.pk}/health/", {"medications": "Ibuprofen"})
    assert "Tell Taylor what you would like treated, and where." in missing.content.decode()
    assert "Ibuprofen</textarea>" in missing.content.decode()
    done = client.post(f"/account/people/{sam.pk}/health/", {**INTAKE, "medications": "Ibuprofen"})
    assert done.status_code == 302
    newest = sam.intakes.latest()
    assert (newest.medications, newest.source, newest.submitted_at) == (
        "Ibuprofen", HealthIntake.Source.ACCOUNT, NOW,
    )  # fmt: skip
    old.refresh_from_db()
    assert old.medications == "None"


def test_nobody_reaches_another_households_people(client, household):
    _, sam, _, _, _ = household
    sign_in(client, ClientFactory(email="other@example.com"))
    assert client.get(f"/account/people/{sam.pk}/health/").status_code == 404
    assert client.post(f"/account/people/{sam.pk}/record-request/").status_code == 404
    assert client.post(f"/account/people/{sam.pk}/health/", INTAKE).status_code == 404
    assert sam.intakes.count() == 1


def test_adding_a_household_member_needs_a_real_date_of_birth(client, household):
    account, *_ = household
    sign_in(client, account)
    future = client.post(
        "/account/people/add/", {"name": "Baby", "date_of_birth": "2030-01-01", "relation": "child"}
    )
    assert "A date of birth cannot be in the future." in future.content.decode()
    assert 'value="Baby"' in future.content.decode()
    blank = client.post("/account/people/add/", {"name": "Baby", "relation": "child"})
    assert "Enter their date of birth" in blank.content.decode()
    added = client.post(
        "/account/people/add/",
        {"name": "Ana Client", "date_of_birth": "1950-02-03", "relation": "parent"},
    )
    assert added.status_code == 302
    assert account.people.get(name="Ana Client").date_of_birth == date(1950, 2, 3)


def test_a_minors_visit_needs_and_records_the_guardians_consent(client, household, option):
    account, _, son, _, _ = household
    sign_in(client, account)
    data = {**details_data(option, START, person=son.pk), "confirm": "1"}
    refused = client.post("/book/details/", data).content.decode()
    assert "Kit Client is under 18: tick to give your consent" in refused
    assert not Appointment.objects.filter(person=son).exists()
    booked = client.post("/book/details/", {**data, "guardian_consent": "on"})
    assert booked.status_code == 302
    visit = Appointment.objects.get(person=son)
    assert (visit.guardian_consent_by, visit.guardian_consent_at) == ("Sam Client", NOW)
    assert visit.contact_name == "Kit Client" and visit.client == account
    assert son.intakes.get().given_with == visit


def test_an_adult_needs_no_guardian_and_a_signed_in_booking_skips_the_hold(
    client, household, option
):
    account, sam, *_ = household
    sign_in(client, account)
    empty = {name: "" for name in INTAKE}
    data = {**details_data(option, START, person=sam.pk, **empty), "confirm": "1"}
    assert client.post("/book/details/", data)["Location"].startswith("/book/confirmed/")
    visit = Appointment.objects.get(starts_at=datetime.fromisoformat(START))
    assert visit.guardian_consent_by == "" and visit.person == sam


def test_a_signed_in_client_cannot_book_for_someone_outside_the_household(
    client, household, option
):
    account, *_ = household
    outsider = account_holder(ClientFactory(email="other@example.com"))
    sign_in(client, account)
    data = {**details_data(option, START, person=outsider.pk), "confirm": "1"}
    html = client.post("/book/details/", data).content.decode()
    assert "Choose someone in your household from the list." in html
    assert not Appointment.objects.filter(person=outsider).exists()


def test_book_again_carries_the_treatment_address_and_person(client, household, option):
    account, sam, *_ = household
    sign_in(client, account)
    times = client.get(
        "/book/times/", {"option": option.pk, "postal_code": "L6Y 0A1", "person": sam.pk}
    ).content.decode()
    assert f'name="person" value="{sam.pk}"' in times
    details = client.get(
        "/book/details/",
        {"option": option.pk, "postal_code": "L6Y 0A1", "starts_at": START, "person": sam.pk},
    ).content.decode()
    assert f'<option value="{sam.pk}" selected>' in details
    assert f'value="{account.address}"' in details  # the address of the last visit


def test_a_record_request_is_recorded_and_taylor_is_told(
    client, household, django_capture_on_commit_callbacks
):
    account, sam, *_ = household
    sign_in(client, account)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/account/people/{sam.pk}/record-request/", {"note": "For my lawyer."}
        )
    assert "Request received" in response.content.decode()
    request = RecordRequest.objects.get()
    assert (request.person, request.note, request.requested_at) == (sam, "For my lawyer.", NOW)
    notice = mail.outbox[-1]
    assert notice.subject == "Record request: Sam Client"
    assert "30 days" in notice.body
    account_page = client.get("/account/").content.decode()
    assert "Requested December 1, 2026: the answer is due by December 31, 2026." in account_page


def test_a_household_can_add_someone_right_after_a_visit_at_the_same_address(
    client, household, option
):
    account, sam, son, _, upcoming = household
    sign_in(client, account)
    html = client.get("/account/").content.decode()
    link = re.search(r'href="(/book/details/\?[^"]+)">Add someone right after', html)
    assert link, html
    query = parse_qs(urlparse(unescape(link[1])).query)
    # At the same home Taylor neither drives nor packs up: the next visit starts as it ends.
    assert query["starts_at"] == [upcoming.ends_at.astimezone(TORONTO).isoformat()]
    assert query["address"] == [upcoming.address]
    page = client.get(unescape(link[1])).content.decode()
    assert f'value="{upcoming.address}"' in page


def test_a_person_living_alone_is_offered_no_follow_on_visit(client, option, bookable_site):
    account = ClientFactory(email="solo@example.com")
    AppointmentFactory(
        client=account, option=option, area=bookable_site.areas["brampton"],
        starts_at=NOW + timedelta(days=3),
    )  # fmt: skip
    sign_in(client, account)
    assert "Add someone right after" not in client.get("/account/").content.decode()


def test_old_holds_links_and_sessions_are_forgotten_after_a_week(household, option):
    account, *_ = household
    released = BookingHold.objects.create(
        option=option, area=Appointment.objects.first().area, starts_at=NOW, email="x@example.com",
        ends_at=NOW + timedelta(hours=1), requested_from="k", status="released",
        created_at=NOW - timedelta(days=8), expires_at=NOW - timedelta(days=8),
    )  # fmt: skip
    links.create("x@example.com", "sign-in", now=NOW - timedelta(days=8), minutes=15)
    new_link = links.create("x@example.com", "sign-in", now=NOW, minutes=15)
    ClientSession.objects.create(account=account, key_hash="a" * 64, expires_at=NOW)
    holds.forget_what_has_ended(now=NOW)
    assert not BookingHold.objects.filter(pk=released.pk).exists()
    assert list(EmailLink.objects.all()) == [new_link]
    assert not ClientSession.objects.exists()
