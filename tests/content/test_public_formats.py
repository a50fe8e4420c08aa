"""What a visitor reads on the public pages: the practice's phone in national format (dialled
in E.164) and whole prices without cents."""

from decimal import Decimal

import pytest

from bookings.models import BookingOption

pytestmark = pytest.mark.django_db


def test_every_page_shows_the_practice_phone_as_people_write_it(client, bookable_site):
    html = client.get("/").content.decode()
    assert '<a href="tel:+19055550142">905-555-0142</a>' in html
    # Structured data in the head keeps the international form search engines ask for.
    assert "+1 905" not in html.split("<body", 1)[1]


def test_the_privacy_notice_dials_the_practice_in_e164(client):
    html = client.get("/privacy/").content.decode()
    assert '<a href="tel:+19055550142">905-555-0142</a>' in html


def test_service_prices_drop_cents_only_when_there_are_none(client, bookable_site):
    option = BookingOption.objects.filter(service__slug="swedish-massage").first()
    option.price = Decimal("145.00")
    option.save()
    html = client.get("/services/swedish-massage/").content.decode()
    assert f"{option.minutes} minutes: $145<" in html
    option.price = Decimal("145.50")
    option.save()
    html = client.get("/services/swedish-massage/").content.decode()
    assert f"{option.minutes} minutes: $145.50<" in html
