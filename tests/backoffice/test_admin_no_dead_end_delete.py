"""No Delete button where deleting always ends in "cannot delete"."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from bookings.billing.receipts import complete_and_issue_receipt
from tests.factories import AppointmentFactory, BookingOptionFactory, BookingPolicyFactory
from tests.support import login_in_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def taylor(client):
    login_in_group(client, "taylor", "Therapist")
    return client


def _admin_url(obj, view: str) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[obj.pk])


def _offers_delete(client, obj) -> bool:
    page = client.get(_admin_url(obj, "change")).content.decode()
    return _admin_url(obj, "delete") in page


def test_an_appointment_a_receipt_and_a_client_account_offer_no_delete(taylor):
    BookingPolicyFactory(registration_number="U123")
    visit = AppointmentFactory(starts_at=datetime(2026, 1, 12, 15, tzinfo=UTC))
    receipt = complete_and_issue_receipt(visit, "cash")

    for obj in (visit, receipt, visit.client):
        assert not _offers_delete(taylor, obj), obj
        assert taylor.post(_admin_url(obj, "delete"), {"post": "yes"}).status_code == 403
        assert type(obj).objects.filter(pk=obj.pk).exists()


def test_an_option_offers_delete_only_until_a_visit_is_booked_with_it(taylor):
    unused = BookingOptionFactory()
    booked = AppointmentFactory().option

    assert _offers_delete(taylor, unused)
    assert not _offers_delete(taylor, booked)
    assert taylor.post(_admin_url(booked, "delete"), {"post": "yes"}).status_code == 403
