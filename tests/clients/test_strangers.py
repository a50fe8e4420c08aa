"""What a stranger can do with someone else's email: nothing that reads or changes her record.

Each of these failed on the code before client accounts: a booking typed with Jane's email
attached the stranger's answers to Jane, showed Jane's history on the stranger's visit, told
the stranger whether the email was a client's, and booked a visit outright.
"""

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail

from bookings.clients import holds
from bookings.clinical import intake
from bookings.models import Appointment, BookingHold, Client, HealthIntake, Person
from tests.factories import AppointmentFactory, ClientFactory, HealthIntakeFactory
from tests.support import TORONTO, confirm_from_email, details_data, login_in_group

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=TORONTO)
JANES_VISIT = datetime(2026, 12, 3, 10, 0, tzinfo=TORONTO)
STRANGERS_START = "2026-12-02T10:00:00-05:00"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def option(bookable_site):
    return bookable_site.services["trigger-point-release"].options.get(minutes=60)


@pytest.fixture
def jane(option, bookable_site):
    """Jane's account, her verified history (a blood thinner, a pregnancy) and her next visit."""
    account = ClientFactory(name="Jane Client", email="jane@example.com", phone="+19055550101")
    record = HealthIntakeFactory(
        client=account, submitted_at=NOW - timedelta(days=20),
        contraindications=["blood-clots-thinners", "pregnancy"],
        medications="Warfarin", emergency_contact_name="Jim Client",
    )  # fmt: skip
    visit = AppointmentFactory(
        client=account, option=option, area=bookable_site.areas["brampton"],
        starts_at=JANES_VISIT,
    )  # fmt: skip
    return account, record, visit


def strangers_booking(option, **fields) -> dict:
    return {
        **details_data(
            option, STRANGERS_START, name="Mallory Stranger", email="JANE@example.com",
            areas_of_concern="Nothing really.", emergency_contact_name="Eve",
            **fields,
        ),
        "confirm": "1",
    }  # fmt: skip


def test_janes_visit_keeps_her_history_after_a_stranger_books_with_her_email_and_lets_it_lapse(
    client, option, jane, frozen_clock, django_capture_on_commit_callbacks
):
    account, record, visit = jane
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/book/details/", strangers_booking(option)).status_code == 302
    # The stranger's answers wait in the hold; Jane's records are as they were.
    assert list(HealthIntake.objects.all()) == [record]
    assert intake.intake_for_visit(visit) == record
    frozen_clock.shift(timedelta(minutes=holds.HOLD_MINUTES, seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert holds.release_expired_holds() == 1
    assert BookingHold.objects.get().details == {}  # nothing the stranger typed is kept
    assert list(HealthIntake.objects.all()) == [record]
    assert intake.intake_for_visit(visit).red_flags == [
        "Blood clots, or taking blood thinners",
        "Pregnancy",
    ]
    account.refresh_from_db()
    assert (account.name, account.phone) == ("Jane Client", "+19055550101")
    assert Appointment.objects.get() == visit  # Taylor never saw the stranger's booking


def test_when_jane_herself_confirms_the_strangers_booking_it_lands_on_a_new_person(
    client, option, jane, django_capture_on_commit_callbacks
):
    """The link goes to Jane's inbox. Should she click it, the visit and its answers belong to
    a new person in her household, named as typed: never to Jane, never replacing a record."""
    account, record, visit = jane
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/book/details/", strangers_booking(option))
    assert mail.outbox[-1].to == ["JANE@example.com"]
    confirm_from_email(client, mail.outbox[-1])
    booked = Appointment.objects.exclude(pk=visit.pk).get()
    assert booked.person.name == "Mallory Stranger" and booked.person != record.person
    assert booked.person.account == account
    assert intake.intake_for_visit(visit) == record
    assert intake.intake_for_visit(booked).given_with == booked
    assert Person.objects.filter(account=account).count() == 2


def test_a_strangers_visit_never_shows_janes_history_to_taylor(
    client, option, jane, django_capture_on_commit_callbacks
):
    account, record, _ = jane
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/book/details/", strangers_booking(option))
    confirm_from_email(client, mail.outbox[-1])
    login_in_group(client, "taylor", "Therapist")
    booked = Appointment.objects.get(person__name="Mallory Stranger")
    page = client.get(f"/admin/bookings/appointment/{booked.pk}/change/").content.decode()
    assert "Warfarin" not in page and "Jim Client" not in page
    assert "Nothing really." in page  # the history given with that visit


def normalised(html: str, email: str) -> str:
    """A page with what differs by design taken out: tokens and the email the client typed."""
    html = html.replace(email, "EMAIL")
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", html)
    html = re.sub(r'name="submission" value="[^"]+"', "SUBMISSION", html)
    return re.sub(r"/book/held/[^/]+/", "/book/held/TOKEN/", html)


def every_step(client, option, email: str, capture) -> list[str]:
    """Each page a client sees on the way, for one email, and the email sent."""
    data = details_data(option, STRANGERS_START, email=email)
    query = {"option": option.pk, "postal_code": "L6Y0A1", "starts_at": STRANGERS_START}
    pages = [
        client.get("/book/details/", query),
        client.post("/book/details/", data),  # review
        client.post("/book/details/", {**data, "areas_of_concern": "", "confirm": "1"}),
        client.post("/book/details/", {**data, "edit": "1"}),
    ]
    with capture(execute=True):
        held = client.post("/book/details/", {**data, "confirm": "1"})
    pages.append(client.get(held["Location"]))
    texts = [f"{page.status_code} {normalised(page.content.decode(), email)}" for page in pages]
    message = mail.outbox[-1]
    texts.append(re.sub(r"/account/link/\S+", "LINK", message.body.replace(email, "EMAIL")))
    BookingHold.objects.all().delete()  # the next run books the same time
    return texts


def test_a_known_and_an_unknown_email_see_the_same_pages_and_get_the_same_email(
    client, option, jane, django_capture_on_commit_callbacks
):
    known = every_step(client, option, "jane@example.com", django_capture_on_commit_callbacks)
    unknown = every_step(client, option, "nobody@example.com", django_capture_on_commit_callbacks)
    assert len(known) == len(unknown) == 6
    for known_page, unknown_page in zip(known, unknown, strict=True):
        assert known_page == unknown_page
    assert "Tell Taylor what you would like treated, and where." in known[2]


def test_one_post_with_a_made_up_email_books_nothing_and_keeps_no_record(client, option):
    response = client.post(
        "/book/details/", {**details_data(option, STRANGERS_START, email="x@example.com"),
                           "confirm": "1"},
    )  # fmt: skip
    assert response.status_code == 302
    assert not Appointment.objects.exists()
    assert not Client.objects.exists() and not HealthIntake.objects.exists()
    assert BookingHold.objects.get().status == BookingHold.Status.PENDING


@pytest.mark.parametrize("same", ["email", "address"])
def test_at_most_two_pending_holds_per_email_and_per_network_address(
    client, option, settings, same
):
    settings.PENDING_HOLDS_ALLOWED = 2
    starts = ["2026-12-02T10:00:00-05:00", "2026-12-02T13:00:00-05:00", "2026-12-02T16:00:00-05:00"]
    responses = []
    for number, start in enumerate(starts):
        email = "sam@example.com" if same == "email" else f"sam{number}@example.com"
        address = "203.0.113.9" if same == "address" else f"203.0.113.{number}"
        data = {**details_data(option, start, email=email), "confirm": "1"}
        responses.append(client.post("/book/details/", data, REMOTE_ADDR=address))
    assert [r.status_code for r in responses] == [302, 302, 200]
    html = responses[2].content.decode()
    assert "2 bookings from you are already waiting for email confirmation" in html
    assert "after 8:30 a.m." in html  # when the first hold is released
    assert 'value="Sam Client"' in html  # what was typed is kept
    assert BookingHold.objects.count() == 2
