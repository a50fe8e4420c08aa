"""The privacy breach register and the yearly statistics for the Commissioner."""

from datetime import date

import pytest
from django.urls import reverse

from bookings.privacy import breaches
from bookings.privacy.models import PrivacyBreach
from tests.factories import PersonFactory
from tests.support import login_in_group

pytestmark = pytest.mark.django_db


def breach(category, found, people=1, **fields):
    return PrivacyBreach.objects.create(
        category=category, discovered_on=found, description="A receipt sent to the wrong person.",
        people_affected=people, **fields,
    )  # fmt: skip


def test_taylor_records_a_breach_with_whose_information_and_who_was_told(client):
    sam = PersonFactory(name="Sam Client")
    login_in_group(client, "taylor", "Therapist")
    response = client.post(
        reverse("admin:bookings_privacybreach_add"),
        {"category": "disclosed", "occurred_on": "2029-11-02", "discovered_on": "2029-11-03",
         "description": "Receipt emailed to a similar address.", "people": [sam.pk],
         "people_affected": 1, "clients_notified_on": "2029-11-03",
         "commissioner_notified_on": ""},
    )  # fmt: skip
    assert response.status_code == 302
    recorded = PrivacyBreach.objects.get()
    assert list(recorded.people.all()) == [sam]
    assert recorded.clients_notified_on == date(2029, 11, 3)


def test_a_breach_cannot_be_found_before_it_happened(client):
    login_in_group(client, "taylor", "Therapist")
    html = client.post(
        reverse("admin:bookings_privacybreach_add"),
        {"category": "lost", "occurred_on": "2029-11-05", "discovered_on": "2029-11-03",
         "description": "A lost phone.", "people_affected": 3},
    ).content.decode()  # fmt: skip
    assert "errornote" in html and not PrivacyBreach.objects.exists()


def test_the_yearly_statistics_count_breaches_found_that_year_by_category(client):
    breach("disclosed", date(2029, 1, 10), people=1)
    breach("disclosed", date(2029, 12, 31), people=2)
    breach("lost", date(2029, 6, 1), people=40)
    breach("stolen", date(2030, 1, 1), people=5)  # found the next year
    rows = {
        row.label: (row.breaches, row.people_affected) for row in breaches.yearly_statistics(2029)
    }
    assert rows == {
        "Stolen": (0, 0), "Lost": (1, 40), "Used without authority": (0, 0),
        "Disclosed without authority": (2, 3), "Collected without authority": (0, 0),
    }  # fmt: skip
    login_in_group(client, "taylor", "Therapist")
    page = client.get(reverse("admin:bookings_privacybreach_stats"), {"year": "2029"})
    assert "Breaches found in 2029" in page.content.decode()
    assert (
        client.get(reverse("admin:bookings_privacybreach_stats"), {"year": "x"}).status_code == 200
    )


def test_an_editor_cannot_see_the_register(client):
    login_in_group(client, "editor", "Editor")
    assert client.get(reverse("admin:bookings_privacybreach_changelist")).status_code == 403
    assert client.get(reverse("admin:bookings_privacybreach_stats")).status_code == 403
