"""The appointment list and page as Taylor reads them: one name per visit, whole dollars, and
the price and travel fee shown, never edited."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from bookings.billing.receipts import complete_and_issue_receipt
from bookings.models import Appointment
from tests.factories import (
    AppointmentFactory,
    BookingOptionFactory,
    BookingPolicyFactory,
    PersonFactory,
)
from tests.support import at, login_in_group

pytestmark = pytest.mark.django_db
DAY = date(2030, 3, 6)


@pytest.fixture
def taylor(client):
    login_in_group(client, "taylor", "Therapist")
    return client


@pytest.fixture
def visit():
    return AppointmentFactory(
        option=BookingOptionFactory(price=Decimal("145.00")),
        starts_at=at(DAY, 10),
        contact_name="Ada Lovelace",
    )


def text_of(html: str) -> str:
    """What the page shows, without its tags and their attributes (labels for screen readers)."""
    return re.sub(r"<[^>]+>", " ", html)


def rows(taylor) -> str:
    page = taylor.get(reverse("admin:bookings_appointment_changelist")).content.decode()
    return text_of(page[page.index('id="result_list"') :])


def test_each_visit_names_its_client_once_with_the_phone(taylor, visit):
    Appointment.objects.filter(pk=visit.pk).update(contact_name=visit.person.name)

    listed = rows(taylor)

    assert listed.count(visit.person.name) == 1
    assert "905-555-0199" in listed


def test_a_visit_for_someone_else_names_both(taylor, visit):
    child = PersonFactory(account=visit.client, name="Sam Lovelace", relation="child")
    Appointment.objects.filter(pk=visit.pk).update(person=child)

    assert "Ada Lovelace, for Sam Lovelace" in rows(taylor)


def test_prices_are_whole_dollars_with_the_travel_fee_named(taylor, visit):
    listed = rows(taylor)
    assert "$145" in listed and "145.00" not in listed

    Appointment.objects.filter(pk=visit.pk).update(travel_fee=Decimal("20.50"))
    assert "$165.50 with $20.50 travel" in rows(taylor)


def test_the_time_is_toronto_time_with_the_weekday(taylor, visit):
    assert "Wed Mar 6, 10:00" in rows(taylor)


def test_the_visit_page_shows_the_price_and_never_offers_to_edit_it(taylor, visit):
    response = taylor.get(reverse("admin:bookings_appointment_change", args=[visit.pk]))

    fields = response.context["adminform"].form.fields
    assert "price" not in fields and "travel_fee" not in fields
    assert "$145" in response.content.decode()


def test_the_client_page_lists_visits_with_one_name_and_whole_dollars(taylor, visit):
    page = taylor.get(
        reverse("admin:bookings_client_change", args=[visit.client.pk])
    ).content.decode()

    visits = text_of(page[page.index("appointments-group") :])
    assert "$145" in visits and "145.00" not in visits
    # Once as the visit's title, once more only in the name column, never a third time.
    assert visits.count("Ada Lovelace") == 2


def test_receipts_show_their_total_in_whole_dollars(taylor, visit):
    BookingPolicyFactory(registration_number="U123")
    complete_and_issue_receipt(visit, "cash", now=visit.ends_at)

    listed = taylor.get(reverse("admin:bookings_receipt_changelist")).content.decode()
    page = taylor.get(reverse("admin:bookings_appointment_change", args=[visit.pk]))
    inline = page.content.decode().split('id="receipts-group"', 1)[1]

    for shown in (text_of(listed[listed.index('id="result_list"') :]), text_of(inline)):
        assert "$145" in shown and "145.00" not in shown
