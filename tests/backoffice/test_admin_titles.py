"""Admin titles and breadcrumbs name a visit by its time in Toronto, not UTC."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from tests.factories import AppointmentFactory, TimeOffFactory
from tests.support import login_in_group

pytestmark = pytest.mark.django_db


def test_a_visit_is_titled_with_its_toronto_time(client):
    # 14:30 UTC in December is 9:30 in Toronto.
    visit = AppointmentFactory(
        contact_name="Ada Client", starts_at=datetime(2026, 12, 2, 14, 30, tzinfo=UTC)
    )
    login_in_group(client, "taylor", "Therapist")

    page = client.get(reverse("admin:bookings_appointment_change", args=[visit.pk])).content
    assert str(visit) == "Ada Client at 2026-12-02 09:30"
    assert b"Ada Client at 2026-12-02 09:30" in page
    assert b"14:30" not in page.split(b"<main")[0]


def test_time_off_is_titled_with_its_toronto_times():
    summer = TimeOffFactory(
        starts_at=datetime(2027, 7, 1, 13, tzinfo=UTC),
        ends_at=datetime(2027, 7, 1, 21, tzinfo=UTC),
        reason="Dentist",
    )
    assert str(summer) == "2027-07-01 09:00 – 2027-07-01 17:00 Dentist"
