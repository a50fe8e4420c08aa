"""The health intake: asked of new clients and once a year after, saved with the booking, red
flags shown to Taylor, every read logged, and kept for ten years."""

import re
from datetime import date, datetime, timedelta

import pytest
import time_machine

from bookings.clinical import intake
from bookings.models import Appointment, Client, HealthIntake, IntakeAccessLog
from bookings.notifications import delivery
from bookings.scheduling import booking
from tests.factories import AppointmentFactory, ClientFactory, HealthIntakeFactory
from tests.support import INTAKE, TORONTO, details_data, login_in_group

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


def returning_client(intake_age: timedelta) -> tuple[Client, HealthIntake]:
    client = ClientFactory(
        name="Sam Client", email="sam@example.com", address="12 Main Street",
        postal_code="L6Y 0A1",
    )  # fmt: skip
    record = HealthIntakeFactory(
        client=client, submitted_at=NOW - intake_age, areas_of_concern="Old neck trouble.",
        emergency_contact_name="Jo",
    )  # fmt: skip
    return client, record


def book(client, option, **fields):
    return client.post("/book/details/", {**details_data(option, START, **fields), "confirm": "1"})


# When the history is asked for


def test_a_new_client_who_leaves_the_history_blank_is_told_why_and_nothing_is_booked(
    client, option
):
    response = book(client, option, **NO_INTAKE)
    html = response.content.decode()
    assert "Taylor needs one before treating you" in html
    assert "none from the last 12 months for this email address" in html
    assert "Enter the name of someone Taylor can call in an emergency." in html
    assert "Tick to consent to assessment and treatment" in html
    assert 'value="Sam Client"' in html  # the rest of the form is kept
    assert not Appointment.objects.exists()
    assert not HealthIntake.objects.exists()


def test_a_new_clients_history_is_saved_with_the_booking(client, option):
    response = book(
        client, option, email="SAM@example.com",
        contraindications=["pregnancy", "seizures"], emergency_contact_phone="(519) 555-0111",
    )  # fmt: skip
    assert response.status_code == 302
    record = HealthIntake.objects.get()
    assert record.client == Appointment.objects.get().client
    assert record.contraindications == ["pregnancy", "seizures"]
    assert record.emergency_contact_phone == "+15195550111"
    assert record.consent_to_treatment and record.consent_to_privacy
    assert record.submitted_at == NOW


def test_a_returning_client_with_a_recent_history_is_not_asked_again(client, option):
    _, record = returning_client(timedelta(days=300))
    review = client.post("/book/details/", details_data(option, START, **NO_INTAKE))
    assert "the one you gave in the last 12 months is kept" in review.content.decode()
    assert book(client, option, **NO_INTAKE).status_code == 302
    assert list(HealthIntake.objects.all()) == [record]


def test_a_history_older_than_twelve_months_must_be_reviewed(client, option):
    returning_client(timedelta(days=366))
    html = book(client, option, **NO_INTAKE).content.decode()
    assert "none from the last 12 months for this email address" in html
    assert not Appointment.objects.exists()


def test_a_review_adds_a_new_record_and_leaves_the_old_one_as_it_was(client, option):
    sam, old = returning_client(timedelta(days=400))
    assert book(client, option, areas_of_concern="Now my lower back.").status_code == 302
    assert sam.intakes.count() == 2
    assert sam.intakes.latest().areas_of_concern == "Now my lower back."
    old.refresh_from_db()
    assert old.areas_of_concern == "Old neck trouble."


def test_a_returning_client_may_update_a_recent_history_but_must_finish_it(client, option):
    sam, _ = returning_client(timedelta(days=30))
    html = book(client, option, **{**NO_INTAKE, "medications": "Ibuprofen"}).content.decode()
    assert "Tell Taylor what you would like treated, and where." in html
    assert "Taylor needs one before treating you" not in html  # only the missing parts
    assert "Ibuprofen</textarea>" in html
    assert book(client, option, medications="Ibuprofen").status_code == 302
    assert sam.intakes.latest().medications == "Ibuprofen"


def test_intake_needed_follows_the_latest_record_of_that_email():
    assert intake.intake_needed("nobody@example.com")
    returning_client(timedelta(days=364))
    assert not intake.intake_needed(" Sam@Example.com ")
    assert intake.intake_needed("sam@example.com", now=NOW + timedelta(days=2))


# What the client sees and what is kept when a field is wrong


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"emergency_contact_phone": "555"}, "Enter a phone number with its area code"),
        ({"contraindications": ["not-a-thing"]}, "Tick only the items listed."),
        ({"consent_to_privacy": ""}, "Tick to consent to the privacy notice"),
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
    edit = client.post("/book/details/", {**data, "edit": "1"}).content.decode()
    assert re.search(r'value="pregnancy"[^>]*checked', edit)
    assert re.search(r'name="consent_to_privacy"[^>]*checked', edit)
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
    booking.book_appointment(**where, client=client_details("a@example.com"), intake=history)
    with pytest.raises(booking.SlotTaken):
        booking.book_appointment(**where, client=client_details("b@example.com"), intake=history)
    assert HealthIntake.objects.count() == 1
    assert not Client.objects.filter(email="b@example.com").exists()


def client_details(email: str) -> booking.ClientDetails:
    return booking.ClientDetails(
        name="A Client", email=email, phone="+19055550101", address="1 Main Street",
        city="Brampton", postal_code="L6Y 0A1",
    )  # fmt: skip


# Taylor's admin: red flags, the visit's history, every read logged


@pytest.fixture
def visit(option, bookable_site):
    """Sam's appointment tomorrow, with a history ticking two red flags."""
    sam, record = returning_client(timedelta(days=30))
    record.contraindications = ["pregnancy", "blood-clots-thinners"]
    record.contraindication_details = "Due in March."
    record.save()
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
    with django_assert_max_num_queries(12):
        html = client.get("/admin/bookings/appointment/").content.decode()
    assert "2 red flags" in html
    assert "Pregnancy" not in html and "blood thinners" not in html
    assert not IntakeAccessLog.objects.exists()  # the count alone reveals no record's contents


def test_a_visit_without_a_history_says_so_in_the_list(client, taylor, visit):
    visit.client.intakes.update(submitted_at=visit.starts_at + timedelta(days=1))
    assert "No health history" in client.get("/admin/bookings/appointment/").content.decode()


def test_the_appointment_page_shows_the_visits_history_and_logs_the_read(client, taylor, visit):
    html = client.get(f"/admin/bookings/appointment/{visit.pk}/change/").content.decode()
    assert "Red flags: Pregnancy; Blood clots, or taking blood thinners" in html
    assert "Due in March." in html and "Old neck trouble." in html
    entry = IntakeAccessLog.objects.get()
    assert entry.intake == visit.client.intakes.get()
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
    record = visit.client.intakes.get()
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
        log = client.get("/admin/bookings/intakeaccesslog/").content.decode()
    assert "2 red flags" in records and "Pregnancy" not in records
    assert "admin: appointment page" in log
    assert IntakeAccessLog.objects.count() == 1


def test_intake_records_cannot_be_added_changed_or_deleted_in_admin(client, taylor, visit):
    record = visit.client.intakes.get()
    assert client.get("/admin/bookings/healthintake/add/").status_code == 403
    changed = client.post(
        f"/admin/bookings/healthintake/{record.pk}/change/", {"areas_of_concern": "Edited"}
    )
    assert changed.status_code == 403
    assert client.post(f"/admin/bookings/healthintake/{record.pk}/delete/").status_code == 403
    record.refresh_from_db()
    assert record.areas_of_concern == "Old neck trouble."


def test_the_access_log_is_read_only_even_for_a_superuser(client, admin_user, visit):
    client.force_login(admin_user)
    client.get(f"/admin/bookings/appointment/{visit.pk}/change/")
    entry = IntakeAccessLog.objects.get()
    assert (
        "admin: appointment page" in client.get("/admin/bookings/intakeaccesslog/").content.decode()
    )
    assert client.get("/admin/bookings/intakeaccesslog/add/").status_code == 403
    url = f"/admin/bookings/intakeaccesslog/{entry.pk}/"
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
    entry = IntakeAccessLog.objects.get()
    assert (entry.intake, entry.user, entry.purpose) == (
        visit.client.intakes.get(),
        None,
        "daily agenda email",
    )


def test_a_visit_without_red_flags_adds_nothing_to_the_agenda_or_the_log(visit, mailoutbox):
    visit.client.intakes.update(contraindications=[])
    assert delivery.deliver_daily_agenda(date(2026, 12, 2))
    assert "RED FLAGS" not in mailoutbox[0].body
    assert not IntakeAccessLog.objects.exists()
