"""A manage link works as a password for its visit, so it is kept out of the logs and the
calendar file, every page it opens is never stored and is rate-limited, and Taylor can revoke
it and send a new one."""

import logging
from datetime import UTC, datetime

import pytest
from django.core import mail, signing
from django.urls import reverse

from bookings.scheduling import tokens
from tests.factories import AppointmentFactory, BookingPolicyFactory
from tests.support import login_in_group

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 1, 5, 15, tzinfo=UTC)


@pytest.fixture
def visit(time_machine):
    time_machine.move_to(NOW, tick=False)
    BookingPolicyFactory()
    return AppointmentFactory(starts_at=datetime(2027, 1, 12, 15, tzinfo=UTC))


def test_a_token_in_a_logged_path_is_redacted(client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get("/book/manage/a-forged-token-abc123/")
        client.get("/account/link/another-secret-xyz789/")
    # The handler settings.LOGGING configures, as production writes with it.
    (console,) = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    logged = "\n".join(
        console.format(record) for record in caplog.records if console.filter(record)
    )
    assert "/book/manage/[token]" in logged and "/account/link/[token]" in logged
    assert "a-forged-token-abc123" not in logged and "another-secret-xyz789" not in logged


@pytest.mark.parametrize("page", ["bookings:manage", "bookings:confirmed"])
def test_token_pages_are_never_stored_and_are_rate_limited(client, visit, settings, page):
    url = reverse(page, args=[tokens.make_manage_token(visit)])
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "manage": (2, 60)}
    statuses = [client.get(url).status_code for _ in range(3)]
    assert statuses[-1] == 429


def test_taylor_revokes_a_link_and_the_client_gets_a_new_one(
    client, visit, django_capture_on_commit_callbacks
):
    old = tokens.make_manage_token(visit)
    login_in_group(client, "taylor", "Therapist")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:bookings_appointment_changelist"),
            {"action": "new_manage_link", "_selected_action": [visit.pk]},
            follow=True,
        )
    assert "Revoked 1 manage link" in response.content.decode()
    refused = client.get(reverse("bookings:manage", args=[old]))
    assert refused.status_code == 404
    assert "replaced by a newer one" in refused.content.decode()
    (email,) = mail.outbox  # the client's alone: Taylor is not told of a booking again
    assert email.to == [visit.client.email]
    visit.refresh_from_db()
    new = tokens.make_manage_token(visit)
    assert new != old and f"/book/manage/{new}/" in email.body
    assert client.get(reverse("bookings:manage", args=[new])).status_code == 200


def test_a_link_signed_before_versions_still_opens_its_visit(visit):
    earlier = signing.dumps({"appointment": visit.pk}, salt=tokens._SALT, compress=True)
    assert tokens.appointment_for_token(earlier) == visit


def test_a_link_after_the_visit_says_it_expired_and_how_to_sign_in(client, visit, time_machine):
    time_machine.move_to(datetime(2027, 1, 13, 15, tzinfo=UTC), tick=False)
    page = client.get(reverse("bookings:manage", args=[tokens.make_manage_token(visit)]))
    assert page.status_code == 404
    html = page.content.decode()
    assert "This link has expired." in html and reverse("clients:sign_in") in html
