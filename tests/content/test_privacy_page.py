"""The privacy notice: linked from every page, the booking form and every client email, and
naming who to contact, the client's rights and the Commissioner."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_the_privacy_page_names_the_contact_rights_retention_and_the_commissioner(client):
    html = client.get("/privacy/").content.decode()
    expected = [
        "905-555-0142", settings.PRACTICE["email"], "ten years after the last visit",
        "18th birthday", "A copy of your record", "A correction", "30 days",
        "Information and Privacy Commissioner of Ontario",
    ]  # fmt: skip
    for text in expected:
        assert text in html, text


def test_every_page_and_the_booking_form_link_to_it(client, bookable_site):
    assert 'href="/privacy/"' in client.get("/").content.decode()
    option = bookable_site.services["swedish-massage"].options.get(minutes=60)
    details = client.get(
        "/book/details/",
        {"option": option.pk, "postal_code": "L6Y0A1", "starts_at": "2030-03-06T10:00:00-05:00"},
    )
    assert 'href="/privacy/"' in details.content.decode()


def test_client_emails_link_to_it(
    client, bookable_site, time_machine, django_capture_on_commit_callbacks
):
    from datetime import date

    from django.core import mail

    from tests.support import at, details_data

    time_machine.move_to(at(date(2030, 3, 4), 9), tick=False)
    option = bookable_site.services["swedish-massage"].options.get(minutes=60)
    data = {**details_data(option, "2030-03-06T10:00:00-05:00"), "confirm": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/book/details/", data)
    message = mail.outbox[-1]
    assert f"{settings.SITE_URL}/privacy/" in message.body
    assert f'href="{settings.SITE_URL}/privacy/"' in message.alternatives[0][0]
