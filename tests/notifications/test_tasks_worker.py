"""A real Celery worker, fed through the real Redis broker, delivers the appointment emails once.

The worker runs in a thread of this process (celery.contrib.testing.worker.start_worker), so it
shares Django's settings and the locmem outbox with the test, while the task itself travels
through Redis as it does in production. Run with REDIS_URL=redis://127.0.0.1:6379/15; without a
Redis server the test is skipped (and refused in CI).
"""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.urls import include, path
from django.views.generic import View

from bookings.notifications.tasks import send_appointment_email
from stillwaters.celery import app
from tests.factories import AppointmentFactory, ClientFactory

# `bookings:manage`, which the email links to, and `clients:sign_in`, which its calendar file
# links to, without depending on the pages' own urls.
urlpatterns = [
    path(
        "book/",
        include(([path("manage/<str:token>/", View.as_view(), name="manage")], "bookings")),
    ),
    path("account/", include(([path("sign-in/", View.as_view(), name="sign_in")], "clients"))),
]

pytestmark = [
    pytest.mark.redis,
    # The worker thread reads the appointment through its own connection, so the test data
    # must be committed.
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls(__name__),
]


@pytest.fixture
def redis_worker(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    overrides = {"broker_url": os.environ["REDIS_URL"], "task_always_eager": False}
    previous = {key: app.conf[key] for key in overrides}
    app.conf.update(overrides)
    # Messages left by an interrupted earlier run would be consumed too.
    app.control.purge()
    try:
        # No ping check: it needs a result backend, and the project keeps none.
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        app.conf.update(previous)


@pytest.fixture
def appointment():
    """A confirmed visit at 10:00 a.m. in Toronto on January 12, 2027 (AppointmentFactory's)."""
    return AppointmentFactory(client=ClientFactory(name="Ada Lovelace", email="ada@example.com"))


def wait_for_outbox(count: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def test_a_delayed_task_is_delivered_through_redis_and_sends_each_email_once(
    redis_worker, appointment
):
    send_appointment_email.delay(appointment.pk, "booked")

    wait_for_outbox(2)
    # Give a duplicate delivery time to show up before counting.
    time.sleep(1)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ada@example.com",
        "taylor@stillwaters.example",
    ]
    (client_email,) = [message for message in mail.outbox if message.to == ["ada@example.com"]]
    assert "Tuesday, January 12, 2027 at 10:00 a.m. EST" in client_email.body
    assert client_email.attachments[0].filename == "stillwaters-appointment.ics"
