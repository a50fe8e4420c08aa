"""The health intake: asked of everyone not signed in, and of signed-in clients once a year,
saved with the booking once the booker is verified, red flags shown to Taylor, every read
logged, and kept for ten years."""

import re
from datetime import date, datetime, timedelta

import pytest
import time_machine

from bookings.clients.household import ClientDetails
from bookings.clinical import intake
from bookings.models import (
    Appointment,
    AuditEntry,
    BookingHold,
    Client,
    HealthIntake,
    Person,
)
from bookings.notifications import delivery
from bookings.scheduling import booking
from tests.factories import (
    AppointmentFactory,
    ClientFactory,
    HealthIntakeFactory,
    PersonFactory,
)
from tests.support import (
    INTAKE,
    TORONTO,
    confirm_from_email,
    details_data,
    login_in_group,
    sign_in,
    sign_in_staff,
)

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=TORONTO)
START = "2026-12-02T10:00:00-05:00"
NO_INTAKE = {name: "" for name in INTAKE}


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def option(bookable_site):
    return bookable_site.services["trigger-point-release"].options.get(minutes=60)


def returning_client(intake_age: timedelta, **history) -> tuple[Client, HealthIntake]:
    client = ClientFactory(
        name="Sam Client", email="sam@example.com", address="12 Main Street",
        postal_code="L6Y 0A1",
    )  # fmt: skip
    record = HealthIntakeFactory(
        client=client, submitted_at=NOW - intake_age, areas_of_concern="Old neck trouble.",
        emergency_contact_name="Jo", **history,
    )  # fmt: skip
    return client, record


def book(client, option, **fields):
    return client.post("/book/details/", {**details_data(option, START, **fields), "confirm": "1"})


# When the history is asked for


def test_without_signing_in_a_blank_history_is_refused_and_nothing_is_held(client, option):
    response = book(client, option, **NO_INTAKE)
    html = response.content.decode()
    assert "<h1>Your health history</h1>" in html
    assert "Tell Taylor what you would like treated, and where." in html
    assert "Enter the name of someone Taylor can call in an emergency." in html
    assert 'value="Sam Client"' in html  # the rest of the form is kept
    assert not BookingHold.objects.exists()
    assert not Appointment.objects.exists()
    assert not HealthIntake.objects.exists()


def test_a_new_clients_history_waits_with_the_hold_and_is_saved_when_confirmed(
    client, option, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = book(
            client, option, email="SAM@example.com", contraindications=["pregnancy", "seizures"],
            emergency_contact_phone="(519) 555-0111",
        )  # fmt: skip
    assert response.status_code == 302
    assert not HealthIntake.objects.exists()  # nothing is kept until the email is confirmed
    confirm_from_email(client, mailoutbox[-1])
    record = HealthIntake.objects.get()
    appointment = Appointment.objects.get()
    assert record.person == appointment.person
    assert record.given_with == appointment
    assert record.source == HealthIntake.Source.EMAIL_LINK and record.is_verified
    assert record.contraindications == ["pregnancy", "seizures"]
    assert record.emergency_contact_phone == "+15195550111"
    assert record.consent_to_treatment and record.consent_to_privacy
    assert record.submitted_at == NOW
    assert not BookingHold.objects.get().details  # what was typed moved into the records


def test_a_returning_client_who_is_not_signed_in_is_asked_like_anyone_else(client, option):
    returning_client(timedelta(days=30))
    html = book(client, option, **NO_INTAKE).content.decode()
    assert "<h1>Your health history</h1>" in html
    assert "Tell Taylor what you would like treated, and where." in html
    assert not BookingHold.objects.exists()


def test_a_signed_in_client_with_a_recent_history_is_not_asked_again(client, option):
    sam, record = returning_client(timedelta(days=300))
    sign_in(client, sam)
    data = signed_in_data(option, record.person, **NO_INTAKE)
    # The contact page leads straight to the review: the health history page is not shown.
    review = client.post("/book/details/", {**data, "step": "contact"}).content.decode()
    assert "<h1>Review and confirm</h1>" in review
    assert "the recent one on file, from February 4, 2026, is kept" in review
    assert "4. Health history (on file)" in review
    update = client.post("/book/details/", {**data, "goto": "health"}).content.decode()
    assert "is on file" in update  # an update may be left blank: nothing is marked required
    assert not re.search(r'name="areas_of_concern"[^>]*required', update)
    assert client.post("/book/details/", {**data, "confirm": "1"}).status_code == 302
    assert list(HealthIntake.objects.all()) == [record]
    assert Appointment.objects.get().person == record.person


def test_a_history_older_than_twelve_months_must_be_reviewed(client, option):
    sam, record = returning_client(timedelta(days=366))
    sign_in(client, sam)
    data = signed_in_data(option, record.person, **NO_INTAKE)
    asked = client.post("/book/details/", {**data, "step": "contact"}).content.decode()
    assert "<h1>Your health history</h1>" in asked and "is on file" not in asked
    refused = client.post("/book/details/", {**data, "confirm": "1"}).content.decode()
    assert "Tell Taylor what you would like treated, and where." in refused
    assert not Appointment.objects.exists()


def test_a_review_adds_a_new_record_and_leaves_the_old_one_as_it_was(client, option):
    sam, old = returning_client(timedelta(days=400))
    sign_in(client, sam)
    data = signed_in_data(option, old.person, areas_of_concern="Now my lower back.")
    assert client.post("/book/details/", {**data, "confirm": "1"}).status_code == 302
    assert old.person.intakes.count() == 2
    newest = old.person.intakes.latest()
    assert newest.areas_of_concern == "Now my lower back."
    assert newest.source == HealthIntake.Source.ACCOUNT
    old.refresh_from_db()
    assert old.areas_of_concern == "Old neck trouble."


def test_a_signed_in_client_may_update_a_recent_history_but_must_finish_it(client, option):
    sam, record = returning_client(timedelta(days=30))
    sign_in(client, sam)
    partial = signed_in_data(option, record.person, **{**NO_INTAKE, "medications": "Ibuprofen"})
    html = client.post("/book/details/", {**partial, "confirm": "1"}).content.decode()
    assert "Tell Taylor what you would like treated, and where." in html
    assert "Enter the name of someone" in html and "Ibuprofen</textarea>" in html
    full = signed_in_data(option, record.person, medications="Ibuprofen")
    assert client.post("/book/details/", {**full, "confirm": "1"}).status_code == 302
    assert record.person.intakes.latest().medications == "Ibuprofen"


def test_intake_needed_follows_the_persons_latest_verified_record():
    assert intake.intake_needed(None)
    _, record = returning_client(timedelta(days=364))
    assert not intake.intake_needed(record.person)
    assert intake.intake_needed(record.person, now=NOW + timedelta(days=2))
    typed_by_anyone = HealthIntakeFactory(
        source=HealthIntake.Source.UNVERIFIED, submitted_at=NOW - timedelta(days=1)
    )
    assert intake.intake_needed(typed_by_anyone.person)  # anyone could have typed it


def signed_in_data(option, person, **fields) -> dict:
    return details_data(option, START, person=person.pk, **fields)


# What the client sees and what is kept when a field is wrong


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"emergency_contact_phone": "555"}, "Enter a phone number with its area code"),
        ({"contraindications": ["not-a-thing"]}, "Tick only the items listed."),
        ({"areas_of_concern": "x" * 2001}, "at most 2000 characters"),
    ],
)
def test_a_wrong_answer_gets_a_message_and_keeps_what_was_typed(client, option, fields, message):
    html = book(client, option, medications="Metformin", **fields).content.decode()
    assert message in html
    assert "Metformin</textarea>" in html
    assert not HealthIntake.objects.exists()


def test_the_review_page_shows_no_health_details_and_change_keeps_them(client, option):
    data = details_data(option, START, contraindications=["pregnancy"], allergies="Nut oils")
    review = client.post("/book/details/", data).content.decode()
    assert "Provided with this booking" in review
    assert review.count("Nut oils") == 1 and 'value="Nut oils"' in review  # carried, not shown
    assert "Pregnancy" not in review
    contact = client.post("/book/details/", {**data, "goto": "contact"}).content.decode()
    assert "<h1>Contact and address</h1>" in contact and 'value="Nut oils"' in contact
    edit = client.post("/book/details/", {**data, "goto": "health"}).content.decode()
    assert re.search(r'value="pregnancy"[^>]*checked', edit)
    assert 'name="consent" value="True"' in edit  # the tick given stays given
    assert "Nut oils</textarea>" in edit


def test_a_booking_that_loses_its_time_saves_no_health_history(option, bookable_site):
    where = {
        "option": option,
        "area": bookable_site.areas["brampton"],
        "starts_at": datetime.fromisoformat(START),
    }
    history = intake.IntakeDetails(
        areas_of_concern="Neck", emergency_contact_name="Jo",
        emergency_contact_phone="+19055550100", consent_to_treatment=True,
        consent_to_privacy=True,
    )  # fmt: skip
    source = {"intake": history, "intake_source": HealthIntake.Source.THERAPIST}
    booking.book_appointment(**where, client=client_details("a@example.com"), **source)
    with pytest.raises(booking.SlotTaken):
        booking.book_appointment(**where, client=client_details("b@example.com"), **source)
    assert HealthIntake.objects.count() == 1
    assert not Client.objects.filter(email="b@example.com").exists()


def client_details(email: str) -> ClientDetails:
    return ClientDetails(
        name="A Client", email=email, phone="+19055550101", address="1 Main Street",
        city="Brampton", postal_code="L6Y 0A1",
    )  # fmt: skip


# Taylor's admin: red flags, the visit's history, every read logged


@pytest.fixture
def visit(option, bookable_site):
    """Sam's appointment tomorrow, with a history ticking two red flags."""
    sam, _ = returning_client(
        timedelta(days=30), contraindications=["pregnancy", "blood-clots-thinners"],
        contraindication_details="Due in March.",
    )  # fmt: skip
    return AppointmentFactory(
        client=sam, option=option, starts_at=datetime.fromisoformat(START),
        area=bookable_site.areas["brampton"],
    )  # fmt: skip


@pytest.fixture
def taylor(client):
    return login_in_group(client, "taylor", "Therapist")


def test_the_appointment_list_flags_a_visit_without_naming_the_flags(
    client, taylor, visit, django_assert_max_num_queries
):
    with django_assert_max_num_queries(13):  # 12, and the second factor's device
        html = client.get("/admin/bookings/appointment/").content.decode()
    assert "2 red flags" in html
    assert "Pregnancy" not in html and "blood thinners" not in html
    assert not AuditEntry.objects.exists()  # the count alone reveals no record's contents


def test_a_visit_without_a_history_says_so_in_the_list(client, taylor, visit):
    AppointmentFactory(
        option=visit.option, area=visit.area, starts_at=visit.ends_at + timedelta(hours=2)
    )
    html = client.get("/admin/bookings/appointment/").content.decode()
    assert "No verified health history" in html


def test_the_appointment_page_shows_the_visits_history_and_logs_the_read(client, taylor, visit):
    html = client.get(f"/admin/bookings/appointment/{visit.pk}/change/").content.decode()
    assert "Red flags: Pregnancy; Blood clots, or taking blood thinners" in html
    assert "Due in March." in html and "Old neck trouble." in html
    entry = AuditEntry.objects.get(intake__isnull=False)
    assert entry.intake == visit.person.intakes.get()
    assert (entry.user, entry.username) == (taylor, "taylor")
    assert entry.purpose == "admin: appointment page"
    assert entry.accessed_at == NOW


def test_the_appointment_page_shows_the_history_given_before_that_visit(client, taylor, visit):
    HealthIntakeFactory(
        client=visit.client, submitted_at=visit.starts_at + timedelta(days=1),
        areas_of_concern="Given after the visit.", emergency_contact_name="Jo",
    )  # fmt: skip
    html = client.get(f"/admin/bookings/appointment/{visit.pk}/change/").content.decode()
    assert "Old neck trouble." in html and "Given after the visit." not in html


def test_the_intake_record_page_logs_each_read_and_shows_who_read_it(client, taylor, visit):
    record = visit.person.intakes.get()
    url = f"/admin/bookings/healthintake/{record.pk}/change/"
    client.get(url)
    html = client.get(url).content.decode()
    assert "Pregnancy; Blood clots, or taking blood thinners" in html
    assert record.access_log.count() == 2
    assert set(record.access_log.values_list("purpose", flat=True)) == {
        "admin: health intake record"
    }
    assert "Who has read this record" in html


def test_the_record_and_log_lists_read_no_contents_in_a_fixed_number_of_queries(
    client, taylor, visit, django_assert_max_num_queries
):
    client.get(f"/admin/bookings/appointment/{visit.pk}/change/")
    with django_assert_max_num_queries(12):
        records = client.get("/admin/bookings/healthintake/").content.decode()
    with django_assert_max_num_queries(12):
        log = client.get("/admin/bookings/auditentry/").content.decode()
    assert "2 red flags" in records and "Pregnancy" not in records
    assert "admin: appointment page" in log
    assert AuditEntry.objects.filter(intake__isnull=False).count() == 1


def test_intake_records_cannot_be_added_changed_or_deleted_in_admin(client, taylor, visit):
    record = visit.person.intakes.get()
    assert client.get("/admin/bookings/healthintake/add/").status_code == 403
    changed = client.post(
        f"/admin/bookings/healthintake/{record.pk}/change/", {"areas_of_concern": "Edited"}
    )
    assert changed.status_code == 403
    assert client.post(f"/admin/bookings/healthintake/{record.pk}/delete/").status_code == 403
    record.refresh_from_db()
    assert record.areas_of_concern == "Old neck trouble."


def test_the_access_log_is_read_only_even_for_a_superuser(client, admin_user, visit):
    sign_in_staff(client, admin_user)
    client.get(f"/admin/bookings/appointment/{visit.pk}/change/")
    entry = AuditEntry.objects.get(intake__isnull=False)
    assert "admin: appointment page" in client.get("/admin/bookings/auditentry/").content.decode()
    assert client.get("/admin/bookings/auditentry/add/").status_code == 403
    url = f"/admin/bookings/auditentry/{entry.pk}/"
    assert client.post(f"{url}change/", {"purpose": "forged"}).status_code == 403
    assert client.post(f"{url}delete/").status_code == 403
    entry.refresh_from_db()
    assert entry.purpose == "admin: appointment page"


# Ten years after the last visit


def test_a_client_with_health_records_cannot_be_deleted_and_the_page_says_why(
    client, taylor, visit
):
    page = client.get(f"/admin/bookings/client/{visit.client.pk}/change/").content.decode()
    assert "are kept until December 2, 2036" in page
    assert "cannot be deleted before then" in page
    assert f"/admin/bookings/client/{visit.client.pk}/delete/" not in page
    assert client.post(f"/admin/bookings/client/{visit.client.pk}/delete/").status_code == 403
    assert Client.objects.filter(pk=visit.client.pk).exists()


def test_records_are_kept_ten_years_from_the_last_visit_or_intake(visit):
    sam = visit.client
    assert intake.records_kept_until(sam) == date(2036, 12, 2)
    assert intake.records_must_be_kept(sam, now=datetime(2036, 12, 1, 23, tzinfo=TORONTO))
    assert not intake.records_must_be_kept(sam, now=datetime(2036, 12, 2, 0, tzinfo=TORONTO))
    newcomer = ClientFactory(email="n@example.com")
    assert intake.records_kept_until(newcomer) is None


def test_a_leap_day_visit_is_kept_until_the_28th_ten_years_on(visit):
    Appointment.objects.filter(pk=visit.pk).update(
        starts_at=datetime(2028, 2, 29, 10, tzinfo=TORONTO),
        ends_at=datetime(2028, 2, 29, 11, tzinfo=TORONTO),
    )
    assert intake.records_kept_until(visit.client) == date(2038, 2, 28)


# Taylor's daily agenda email


def test_the_daily_agenda_names_a_visits_red_flags_and_logs_the_read(visit, mailoutbox):
    assert delivery.deliver_daily_agenda(date(2026, 12, 2))
    message = mailoutbox[0]
    assert "RED FLAGS: Pregnancy; Blood clots, or taking blood thinners" in message.body
    assert "<strong>Red flags:</strong> Pregnancy; Blood clots" in message.alternatives[0][0]
    assert "Old neck trouble." not in message.body  # only the flags travel by email
    entry = AuditEntry.objects.get(intake__isnull=False)
    assert (entry.intake, entry.user, entry.purpose, entry.action, entry.fields) == (
        visit.person.intakes.get(),
        None,
        "daily agenda email",
        "email",
        "red flags",
    )


def test_a_visit_without_red_flags_adds_nothing_to_the_agenda_or_the_log(
    option, bookable_site, mailoutbox
):
    sam, _ = returning_client(timedelta(days=30))
    AppointmentFactory(
        client=sam, option=option, starts_at=datetime.fromisoformat(START),
        area=bookable_site.areas["brampton"],
    )  # fmt: skip
    assert delivery.deliver_daily_agenda(date(2026, 12, 2))
    assert "RED FLAGS" not in mailoutbox[0].body
    assert not AuditEntry.objects.filter(intake__isnull=False).exists()


def test_a_search_or_filter_over_health_fields_logs_a_read_of_each_record_it_lists(
    client, taylor, visit
):
    record = visit.person.intakes.get()
    HealthIntakeFactory(medications="Ibuprofen")  # someone the filter leaves out
    page = client.get("/admin/bookings/healthintake/", {"medications__icontains": "ibu"})
    assert page.status_code == 200
    assert AuditEntry.objects.get().intake.medications == "Ibuprofen"
    client.get("/admin/bookings/healthintake/", {"contraindication_details__icontains": "March"})
    entry = AuditEntry.objects.order_by("-pk").first()
    assert (entry.intake, entry.user) == (record, taylor)
    assert entry.purpose == "admin: intake list by contraindication_details__icontains"
    client.get("/admin/bookings/healthintake/", {"o": "1", "p": "0"})
    assert AuditEntry.objects.count() == 2  # sorting and paging read nothing new


def test_the_health_page_asks_for_the_household_member_the_visit_is_for(client, option):
    sam, _ = returning_client(timedelta(days=30))
    kit = PersonFactory(account=sam, name="Kit Client", relation=Person.Relation.CHILD)
    sign_in(client, sam)
    data = signed_in_data(option, kit, step="contact", **NO_INTAKE)
    html = client.post("/book/details/", data).content.decode()
    assert "<h1>Health history of Kit Client</h1>" in html  # Sam's own history is no help
    assert "to treat Kit Client safely" in html


def test_a_signed_in_clients_city_is_their_own_for_the_same_home_else_the_areas(client, option):
    sam, _ = returning_client(timedelta(days=30))
    type(sam).objects.filter(pk=sam.pk).update(city="Bramalea")
    sign_in(client, sam)
    query = {"option": option.pk, "starts_at": START}
    home = client.get("/book/details/", {**query, "postal_code": "L6Y 0A1"}).content.decode()
    assert 'name="city" value="Bramalea"' in home
    elsewhere = client.get("/book/details/", {**query, "postal_code": "M5V 2T6"}).content.decode()
    assert 'name="city" value="Toronto"' in elsewhere
