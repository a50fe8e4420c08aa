"""A link may fill in the details page but never tick a consent; the pages that show a client's
details are never stored by a browser or proxy; a visit is cancelled, never deleted."""

import re

import pytest
from django.urls import reverse

from bookings.scheduling.tokens import make_manage_token
from tests.factories import AppointmentFactory
from tests.support import login_in_group

pytestmark = pytest.mark.django_db


def test_a_link_fills_in_the_details_but_ticks_no_consent(client, bookable_site):
    option = bookable_site.services["swedish-massage"].options.get(minutes=60)
    query = {
        "option": option.pk,
        "postal_code": "L6Y 0A1",
        "starts_at": "2026-12-02T10:00:00-05:00",
        "name": "Sam Prefilled",
        "consent": "on",
        "guardian_consent": "on",
        "website": "http://robot.example",
    }

    html = client.get("/book/details/", query).content.decode()

    assert 'value="Sam Prefilled"' in html
    # The consent is asked on the review; what the contact page carries to it is no tick.
    assert re.findall(r'name="consent" value="([^"]*)"', html) == [""]
    assert "robot.example" not in html


def test_the_confirmation_page_is_never_stored(client, bookable_site):
    visit = AppointmentFactory(
        area=bookable_site.areas["brampton"],
        option=bookable_site.services["swedish-massage"].options.first(),
    )
    response = client.get(reverse("bookings:confirmed", args=[make_manage_token(visit)]))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_admin_offers_no_way_to_delete_a_visit(client):
    visit = AppointmentFactory()
    login_in_group(client, "taylor", "Therapist")

    assert (
        client.get(reverse("admin:bookings_appointment_delete", args=[visit.pk])).status_code == 403
    )
    changelist = client.get(reverse("admin:bookings_appointment_changelist")).content.decode()
    assert 'value="delete_selected"' not in changelist
