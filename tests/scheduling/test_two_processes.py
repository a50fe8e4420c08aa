"""Two gunicorn processes on one database: a time booked through one is refused through the other.

This is the scaling story in small: several app servers, one PostgreSQL, one Redis, no local
state. The booking rules hold across processes because they live in the database lock and the
exclusion constraint, not in any one process's memory.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from bookings.models import Appointment, BookingHold
from bookings.scheduling import availability
from stillwaters.backups import postgres_url

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def two_servers():
    redis_url = os.environ["REDIS_URL"].rsplit("/", 1)[0] + "/12"
    env = {
        **os.environ,
        "DATABASE_URL": postgres_url(),
        "REDIS_URL": redis_url,
        "DEBUG": "1",
        "SECRET_KEY": "two-servers-test-key-" + "x" * 40,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    ports = [_free_port(), _free_port()]
    servers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "stillwaters.wsgi",
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{port}",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        for port in ports
    ]
    try:
        for port in ports:
            _wait_until_healthy(f"http://127.0.0.1:{port}")
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=20)
        import redis

        redis.Redis.from_url(redis_url).flushdb()


def _wait_until_healthy(base: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:  # refused, reset, or timed out while the worker is still booting
            time.sleep(0.3)
    raise AssertionError(f"{base} did not start")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _book(base: str, query: dict, details: dict) -> tuple[int, str]:
    """Book through one server the way a browser does: read the form, post it with its token."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    with opener.open(f"{base}/book/details/?{urllib.parse.urlencode(query)}") as page:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode())[1]
    body = urllib.parse.urlencode(
        {**query, **details, "csrfmiddlewaretoken": token, "confirm": "1"}
    ).encode()
    request = urllib.request.Request(f"{base}/book/details/", data=body, headers={"Referer": base})
    try:
        with opener.open(request) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_a_time_booked_through_one_server_is_taken_through_the_other(bookable_site, two_servers):
    option = bookable_site.services["swedish-massage"].options.get(minutes=60)
    area = bookable_site.areas["brampton"]
    day = availability.next_free_day(option, area, timezone.localdate() + timedelta(days=2))
    start = availability.free_starts(option, area, day, day)[0]
    query = {"option": option.pk, "postal_code": "L6Y 0A1", "starts_at": start.isoformat()}
    details = {
        "name": "Two Servers", "email": "first@example.com", "phone": "905 555 0142",
        "address": "5 Main Street", "city": "Brampton",
        "consent": "on",
        "areas_of_concern": "Tight shoulders.", "emergency_contact_name": "Pat Contact",
        "emergency_contact_phone": "905 555 0100",
    }  # fmt: skip

    first_status, first_page = _book(two_servers[0], query, details)
    second_status, second_page = _book(
        two_servers[1], query, {**details, "email": "second@example.com", "name": "Other Person"}
    )

    assert first_status == 302, first_page
    assert second_status == 409
    assert "just booked by someone else" in second_page
    # The first booking holds the time while its email is confirmed; Taylor sees no visit yet.
    assert list(BookingHold.objects.values_list("email", flat=True)) == ["first@example.com"]
    assert not Appointment.objects.exists()
