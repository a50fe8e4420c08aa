"""Security headers, rate limits with a 429 page, and the admin login lockout."""

import logging

import pytest
from django.contrib.auth.models import User
from django.test import RequestFactory

from stillwaters import ratelimit

pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'self'" in script_src
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_no_page_has_inline_script(client, bookable_site, article):
    for path in ["/", article.get_absolute_url(), "/trigger-points/", "/book/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        for tag in html.split("<script")[1:]:
            opening = tag.split(">", 1)[0]
            assert 'type="application/ld+json"' in opening or "src=" in opening, opening


def test_every_response_has_a_request_id_and_keeps_a_sane_incoming_one(client):
    assert len(client.get("/").headers["X-Request-ID"]) == 32
    response = client.get("/", headers={"X-Request-ID": "abc-123-def-456"})
    assert response.headers["X-Request-ID"] == "abc-123-def-456"
    forged = client.get("/", headers={"X-Request-ID": "<script>\nevil"})
    assert forged.headers["X-Request-ID"] != "<script>\nevil"


@pytest.mark.parametrize(
    ("path", "name", "method"),
    [
        ("/book/slots", "slots", "get"),
        ("/book/manage/forged-token/", "manage", "get"),
        ("/book/details/", "booking-submit", "post"),
    ],
)
def test_past_the_limit_a_429_page_says_when_to_try_again(client, settings, path, name, method):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, name: (3, 600)}
    for _ in range(3):
        assert getattr(client, method)(path).status_code != 429
    response = getattr(client, method)(path)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 600
    assert b"Please try again in" in response.content


def test_limits_are_per_address(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "slots": (1, 600)}
    assert client.get("/book/slots", REMOTE_ADDR="10.0.0.1").status_code == 400
    assert client.get("/book/slots", REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get("/book/slots", REMOTE_ADDR="10.0.0.2").status_code == 400


def test_reading_pages_is_not_limited(client, settings):
    settings.RATE_LIMITS = {name: (1, 600) for name in settings.RATE_LIMITS}
    for _ in range(5):
        assert client.get("/learn/").status_code == 200


def test_admin_login_locks_after_repeated_failures_and_logs_them(client, settings):
    from axes.models import AccessAttempt

    settings.AXES_ENABLED = True
    User.objects.create_user("taylor", password="the-right-password", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            "/admin/login/", {"username": "taylor", "password": "wrong"}, REMOTE_ADDR="10.9.9.9"
        )
    assert response.status_code == 429
    assert b"Sign-in is locked for now" in response.content
    right = client.post(
        "/admin/login/",
        {"username": "taylor", "password": "the-right-password"},
        REMOTE_ADDR="10.9.9.9",
    )
    assert right.status_code == 429
    assert AccessAttempt.objects.get(username="taylor").failures_since_start >= 5


def test_a_filled_honeypot_books_nothing(client, bookable_site):
    from datetime import timedelta

    from django.utils import timezone

    from bookings.models import Appointment
    from bookings.scheduling import availability

    option = bookable_site.services["swedish-massage"].options.get(minutes=60)
    area = bookable_site.areas["brampton"]
    day = availability.next_free_day(option, area, timezone.localdate() + timedelta(days=1))
    start = availability.free_starts(option, area, day, day)[0]
    data = {
        "option": option.pk, "postal_code": "L6Y 0A1", "starts_at": start.isoformat(),
        "name": "Robot", "email": "robot@example.com", "phone": "905 555 0142",
        "address": "1 Main", "city": "Brampton", "consent": "on",
        "areas_of_concern": "x", "emergency_contact_name": "y",
        "emergency_contact_phone": "905 555 0100",
        "confirm": "1",
    }  # fmt: skip
    response = client.post("/book/details/", {**data, "website": "http://spam.example"})
    assert response.status_code == 200
    assert not Appointment.objects.exists()
    assert client.post("/book/details/", data).status_code == 302


def test_the_honeypot_is_hidden_from_people(client, settings):
    html = client.get("/book/details/").content.decode()
    assert '<div class="honeypot">' in html
    stylesheet = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    assert ".honeypot { display: none; }" in stylesheet


def test_a_forwarded_address_counts_only_from_a_trusted_proxy(settings):
    client_ip = ratelimit.client_ip
    settings.PROXY_COUNT = 1
    through_proxy = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="9.9.9.9"
    )
    assert client_ip(through_proxy) == "9.9.9.9"
    forged = RequestFactory().get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="9.9.9.9")
    assert client_ip(forged) == "203.0.113.5"  # reached directly: the header is the client's
    settings.TRUSTED_PROXY_ADDRESSES = ["10.0.0.2"]
    elsewhere = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="9.9.9.9")
    assert client_ip(elsewhere) == "9.9.9.9"


def test_forwarded_requests_with_proxy_count_unset_are_warned_of_once(client, settings, caplog):
    settings.PROXY_COUNT = 0
    ratelimit._warned.clear()
    with caplog.at_level(logging.WARNING, logger="stillwaters.ratelimit"):
        for _ in range(3):
            client.get("/", HTTP_X_FORWARDED_FOR="9.9.9.9")
    warnings = [r for r in caplog.records if r.name == "stillwaters.ratelimit"]
    assert len(warnings) == 1 and "Set PROXY_COUNT" in warnings[0].getMessage()


def test_failed_logins_from_one_address_do_not_lock_taylor_out_elsewhere(client, settings):
    settings.AXES_ENABLED = True
    settings.PROXY_COUNT = 1
    User.objects.create_user("taylor", password="the-right-password-1", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "taylor", "password": "wrong"},
                    HTTP_X_FORWARDED_FOR="203.0.113.9")  # fmt: skip
    locked = client.post("/admin/login/", {"username": "taylor", "password": "wrong"},
                         HTTP_X_FORWARDED_FOR="203.0.113.9")  # fmt: skip
    assert locked.status_code == 429
    at_home = client.post(
        "/admin/login/",
        {"username": "taylor", "password": "the-right-password-1"},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert at_home.status_code == 302  # signed in from his own address
