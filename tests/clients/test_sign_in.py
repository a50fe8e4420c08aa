"""Signing in by an emailed link: the same answer for every email, single use, fifteen minutes,
bound to the email, rate-limited, and a client session kept apart from staff sessions."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail, signing
from django.utils import timezone

from bookings.clients import links, sessions
from bookings.models import ClientSession, EmailLink
from tests.factories import ClientFactory
from tests.support import TORONTO, emailed_link, login_in_group, sign_in

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=TORONTO)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def sam(db):
    return ClientFactory(name="Sam Client", email="sam@example.com")


def ask_for_link(client, email, capture):
    with capture(execute=True):
        return client.post("/account/sign-in/", {"email": email})


def test_known_and_unknown_emails_get_the_same_page_and_only_the_known_one_an_email(
    client, sam, django_capture_on_commit_callbacks
):
    known = ask_for_link(client, "Sam@Example.com", django_capture_on_commit_callbacks)
    unknown = ask_for_link(client, "nobody@example.com", django_capture_on_commit_callbacks)
    strip = lambda response, email: response.content.decode().replace(email, "EMAIL")  # noqa: E731
    assert known.status_code == unknown.status_code == 200
    assert strip(known, "Sam@Example.com") == strip(unknown, "nobody@example.com")
    assert [message.to for message in mail.outbox] == [["sam@example.com"]]
    assert "works once, until 8:15 a.m." in mail.outbox[0].body


def test_a_link_signs_in_once_and_shows_my_visits(client, sam, django_capture_on_commit_callbacks):
    ask_for_link(client, "sam@example.com", django_capture_on_commit_callbacks)
    path = emailed_link(mail.outbox[-1])
    assert "Sign in as sam@example.com" in client.get(path).content.decode()
    assert not ClientSession.objects.exists()  # opening the page (a mail scanner) uses nothing
    signed_in = client.post(path)
    assert signed_in.status_code == 302 and signed_in["Location"] == "/account/"
    assert "My visits" in client.get("/account/").content.decode()
    other_browser = client.__class__()
    used = other_browser.post(path)
    assert used.status_code == 410
    assert "already been used" in used.content.decode()
    assert "Email me a new link" in used.content.decode()


def test_a_link_expires_after_fifteen_minutes(
    client, sam, frozen_clock, django_capture_on_commit_callbacks
):
    ask_for_link(client, "sam@example.com", django_capture_on_commit_callbacks)
    path = emailed_link(mail.outbox[-1])
    frozen_clock.shift(timedelta(minutes=links.SIGN_IN_MINUTES))
    response = client.post(path)
    assert response.status_code == 410
    assert "This link has expired." in response.content.decode()
    assert sessions.COOKIE_NAME not in response.cookies


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if token[-2:] != "AA" else "BB"),
        lambda token: token[: len(token) // 2],
        lambda token: signing.dumps({"l": 1, "e": "0" * 32}, salt="another-salt"),
        lambda token: "%00" + token,
    ],
)
def test_a_tampered_link_is_refused_and_says_so(client, sam, tamper):
    link = links.create(sam.email, EmailLink.Purpose.SIGN_IN, now=NOW, minutes=15)
    response = client.post(f"/account/link/{tamper(links.token_for(link))}/")
    assert response.status_code in (400, 404)
    if response.status_code == 400:
        assert "incomplete or has been changed" in response.content.decode()
    assert not ClientSession.objects.exists()


def test_a_link_for_an_email_the_account_no_longer_uses_is_refused(client, sam):
    link = links.create(sam.email, EmailLink.Purpose.SIGN_IN, now=NOW, minutes=15)
    sam.email = "sam.new@example.com"
    sam.save()
    response = client.post(f"/account/link/{links.token_for(link)}/")
    assert response.status_code == 410
    assert "an email address this account no longer uses" in response.content.decode()
    assert not ClientSession.objects.exists()


def test_a_token_for_one_link_cannot_open_another(sam):
    first = links.create(sam.email, EmailLink.Purpose.SIGN_IN, now=NOW, minutes=15)
    other = ClientFactory(email="other@example.com")
    second = links.create(other.email, EmailLink.Purpose.SIGN_IN, now=NOW, minutes=15)
    payload = signing.loads(links.token_for(first), salt="bookings.clients.email-link")
    forged = signing.dumps({**payload, "l": second.pk}, salt="another")  # no valid signature
    with pytest.raises(links.LinkRefused) as refused:
        links.open_link(forged, now=NOW)
    assert refused.value.refusal is links.Refusal.TAMPERED


def test_sign_in_requests_are_limited_per_email(
    client, sam, settings, django_capture_on_commit_callbacks
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sign-in-email": (3, 3600)}
    statuses = [
        ask_for_link(client, "sam@example.com", django_capture_on_commit_callbacks).status_code
        for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    assert len(mail.outbox) == 3


def test_sign_in_requests_are_limited_per_network_address(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sign-in": (2, 600)}
    statuses = [
        client.post("/account/sign-in/", {"email": f"n{n}@example.com"}).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_a_bad_email_gets_a_clear_message_and_keeps_what_was_typed(client):
    html = client.post("/account/sign-in/", {"email": "sam@"}).content.decode()
    assert "Enter an email address like name@example.com." in html
    assert 'value="sam@"' in html


def test_a_staff_login_is_not_a_client_session_and_a_client_session_is_not_staff(client, sam):
    login_in_group(client, "taylor", "Therapist")
    assert client.get("/account/")["Location"] == "/account/sign-in/"
    client.logout()
    browser = client.__class__()
    sign_in(browser, sam)
    assert browser.get("/account/").status_code == 200
    assert browser.get("/admin/")["Location"].startswith("/admin/login/")


def test_a_client_session_lasts_two_hours_and_ends_at_sign_out(client, sam, frozen_clock):
    sign_in(client, sam)
    frozen_clock.shift(timedelta(hours=sessions.SESSION_HOURS) - timedelta(seconds=1))
    assert client.get("/account/").status_code == 200
    frozen_clock.shift(timedelta(seconds=1))
    assert client.get("/account/").status_code == 302
    sign_in(client, sam)
    assert client.post("/account/sign-out/").status_code == 302
    assert client.get("/account/").status_code == 302
    assert not ClientSession.objects.filter(account=sam, expires_at__gt=timezone.now()).exists()
