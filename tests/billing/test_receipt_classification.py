"""Whether a service is massage therapy decides what its receipt says; only the therapist sets
it, and a new service is not massage therapy until he does."""

import pytest
from django.urls import reverse

from content.models import Service
from tests.factories import ServiceFactory
from tests.support import login_in_group

pytestmark = pytest.mark.django_db


def test_a_new_service_is_not_massage_therapy_until_the_therapist_says_so():
    service = Service.objects.create(name="Reiki", slug="reiki", summary="s", description="d")
    assert service.is_massage_therapy is False


def test_an_editor_cannot_make_a_service_massage_therapy(client):
    service = ServiceFactory(is_massage_therapy=False)
    login_in_group(client, "ed", "Editor")
    url = reverse("admin:content_service_change", args=[service.pk])

    page = client.get(url).content.decode()
    assert 'name="is_massage_therapy"' not in page
    client.post(
        url,
        {
            "name": service.name,
            "slug": service.slug,
            "summary": service.summary,
            "description": service.description,
            "position": 0,
            "is_massage_therapy": "on",
        },
    )
    service.refresh_from_db()
    assert service.is_massage_therapy is False
    assert client.get(reverse("admin:bookings_receiptclassification_changelist")).status_code == 403


def test_the_therapist_classifies_a_service_for_receipts(client):
    service = ServiceFactory(is_massage_therapy=False)
    login_in_group(client, "taylor", "Therapist")
    url = reverse("admin:bookings_receiptclassification_change", args=[service.pk])

    response = client.post(url, {"is_massage_therapy": "on"})

    assert response.status_code == 302
    service.refresh_from_db()
    assert service.is_massage_therapy is True
