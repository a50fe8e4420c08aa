"""Reminders through a real Celery worker on the real Redis: once per reminder, under
concurrency, and across a worker killed with SIGKILL in the middle of a batch.

The first two tests run the worker in a thread of this process (celery.contrib.testing), sharing
the locmem outbox. The SIGKILL test runs `celery worker` as a separate process on this test's
PostgreSQL database (committed data, so the worker sees it) and a spool-directory mail backend
(tests/spool_mail.py), so the emails are countable after the process is gone. All of them use
Redis database 14 on the REDIS_URL server, flushed first; without Redis they are skipped.
"""

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import time as clock_time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote, urlparse, urlunparse

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection
from django.utils import timezone

from bookings.models import Reminder, ReminderOffset
from bookings.notifications.messages import REMINDER_HEADER
from bookings.notifications.tasks import dispatch_reminders
from bookings.scheduling.booking import ClientDetails, book_appointment
from stillwaters.celery import app
from tests.factories import (
    AppointmentFactory,
    BookingOptionFactory,
    BookingPolicyFactory,
    ClientFactory,
    ServiceAreaFactory,
    ServiceFactory,
    WorkingHoursFactory,
)
from tests.support import TORONTO, at

REPO = Path(__file__).resolve().parents[2]
REDIS_DB = 14

pytestmark = [
    pytest.mark.redis,
    # The worker reads through its own connection, so the data must be committed.
    pytest.mark.django_db(transaction=True),
]


def redis_url() -> str:
    """The REDIS_URL server, on a database of the reminder tests' own."""
    return urlunparse(urlparse(os.environ["REDIS_URL"])._replace(path=f"/{REDIS_DB}"))


def use_broker(url: str) -> None:
    # The app keeps the connection and producer pools of the broker it first used; forget them
    # so that the next `delay()` picks the pools of `url`.
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker():
    url = redis_url()
    redis.Redis.from_url(url).flushdb()
    previous = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.task_always_eager = False
    use_broker(url)
    yield url
    app.conf.task_always_eager = previous["task_always_eager"]
    use_broker(previous["broker_url"])


class SlowLocmemBackend(LocmemBackend):
    """A slow SMTP server that notes which worker thread sent each message."""

    senders: list[str] = []

    def send_messages(self, messages):
        time.sleep(0.05)
        type(self).senders.append(threading.current_thread().name)
        return super().send_messages(messages)


@pytest.fixture
def practice():
    ReminderOffset.objects.all().delete()
    for minutes in (24 * 60, 2 * 60):
        ReminderOffset.objects.create(minutes_before=minutes)
    for weekday in range(7):
        WorkingHoursFactory(weekday=weekday, starts=clock_time(7), ends=clock_time(21))
    BookingPolicyFactory(minimum_notice_hours=12, horizon_days=60, confirm_automatically=True)
    option = BookingOptionFactory(
        service=ServiceFactory(name="Test massage"), price=Decimal("110.00")
    )
    return option, ServiceAreaFactory(name="Test area")


def due_reminders(practice, count: int) -> list[int]:
    """`count` confirmed visits tomorrow, each with one reminder due a minute ago."""
    option, area = practice
    now = timezone.now()
    ids = []
    for n in range(count):
        appointment = AppointmentFactory(
            client=ClientFactory(name=f"Client {n}", address=f"{n} Main St N"),
            option=option,
            starts_at=now + timedelta(days=1, minutes=90 * n),
            area=area,
        )
        ids.append(
            Reminder.objects.create(
                appointment=appointment,
                minutes_before=24 * 60,
                due_at=now - timedelta(minutes=1),
            ).pk
        )
    return ids


def reminder_ids(outbox) -> list[int]:
    return [
        int(m.extra_headers[REMINDER_HEADER]) for m in outbox if REMINDER_HEADER in m.extra_headers
    ]


def wait_until(condition, timeout: float = 30, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def test_a_booking_becomes_exactly_one_email_per_reminder(broker, practice, time_machine):
    option, area = practice
    starts_at = at(timezone.localtime(timezone.now(), TORONTO).date() + timedelta(days=3), 10)
    client = ClientDetails(
        name="Ada Client", email="ada@example.com", phone="+19055550199",
        address="12 Main St N", city="Brampton", postal_code="L6V 1N6",
    )  # fmt: skip

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        appointment = book_appointment(option=option, area=area, starts_at=starts_at, client=client)
        planned = sorted(appointment.reminders.values_list("pk", flat=True))
        assert len(planned) == 2
        for offset in (24 * 60, 2 * 60):
            due_at = starts_at - timedelta(minutes=offset)
            # The worker thread reads the same moved clock; Celery's own timers are monotonic.
            time_machine.move_to(due_at + timedelta(seconds=30), tick=True)
            for _ in range(3):  # three beat ticks
                dispatch_reminders.delay()
            sent = 1 if offset == 24 * 60 else 2
            assert wait_until(lambda n=sent: len(reminder_ids(mail.outbox)) >= n)
            time.sleep(1)  # room for a duplicate to show up

    assert sorted(reminder_ids(mail.outbox)) == planned
    assert set(appointment.reminders.values_list("status", flat=True)) == {Reminder.Status.SENT}
    # The booking's own emails travelled the same way.
    assert len([m for m in mail.outbox if m.to == ["ada@example.com"]]) == 3


@pytest.mark.postgres
def test_two_dispatches_at_once_through_the_worker_send_each_reminder_once(
    broker, practice, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.SlowLocmemBackend"
    SlowLocmemBackend.senders = []
    expected = due_reminders(practice, 40)

    with start_worker(
        app, pool="threads", concurrency=2, perform_ping_check=False, shutdown_timeout=10
    ):
        dispatch_reminders.delay()
        dispatch_reminders.delay()
        assert wait_until(lambda: len(mail.outbox) >= len(expected))
        time.sleep(1)

    assert sorted(reminder_ids(mail.outbox)) == sorted(expected)
    assert len(set(SlowLocmemBackend.senders)) == 2, "the two dispatches did not overlap"
    assert Reminder.objects.filter(status=Reminder.Status.SENT).count() == len(expected)


# A worker process killed with SIGKILL mid-batch


def database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{quote(db['NAME'])}"


class WorkerProcess:
    """`celery -A stillwaters worker` in its own process group, as production runs it."""

    def __init__(self, env: dict, log: Path):
        self.log = log
        with log.open("wb") as output:
            self.process = subprocess.Popen(  # noqa: S603 (our own command line)
                [sys.executable, "-m", "celery", "-A", "stillwaters", "worker", "--pool", "solo",
                 "--without-gossip", "--without-mingle", "--without-heartbeat",
                 "--loglevel", "INFO"],
                cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()


def spooled(spool: Path) -> Counter:
    return Counter(int(path.name.split("-")[0]) for path in spool.glob("*.eml"))


SPOOL_DELAY = 0.25  # seconds on each side of every message's write


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("kill_after", "sent_unrecorded"),
    [
        # Just after a message was written and before its row was marked sent: the one
        # at-least-once window the README names. That message goes out again, nothing else.
        pytest.param(0, True, id="just-after-a-send"),
        # Half-way through the wait before the next write: the next row is claimed but its
        # message not sent. The lease runs out and it is sent once, not lost.
        pytest.param(SPOOL_DELAY * 1.5, False, id="before-a-send"),
    ],
)
def test_a_worker_killed_mid_batch_loses_none_and_repeats_at_most_the_one_in_flight(
    broker, practice, tmp_path, kill_after, sent_unrecorded
):
    expected = due_reminders(practice, 20)
    spool = tmp_path / "spool"
    spool.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": broker,
        "EMAIL_BACKEND": "spool_mail.SpoolBackend",
        "PYTHONPATH": os.pathsep.join([str(REPO / "tests"), os.environ.get("PYTHONPATH", "")]),
        "STILLWATERS_SPOOL_DIR": str(spool),
        "STILLWATERS_SPOOL_DELAY": str(SPOOL_DELAY),
        "REMINDER_LEASE_SECONDS": "3",
        "DEBUG": "1",
    }
    workers = [WorkerProcess(env, tmp_path / "worker-1.log")]
    try:
        dispatch_reminders.delay()
        assert wait_until(lambda: sum(spooled(spool).values()) >= 6, timeout=60, step=0.005)
        time.sleep(kill_after)
        workers[0].kill()

        at_kill = spooled(spool)
        statuses = Counter(Reminder.objects.values_list("status", flat=True))
        in_flight = set(
            Reminder.objects.filter(status=Reminder.Status.CLAIMED).values_list("pk", flat=True)
        )
        assert statuses[Reminder.Status.PENDING] > 0, "the kill came after the batch"
        assert len(in_flight) == 1
        assert bool(in_flight & set(at_kill)) is sent_unrecorded

        workers.append(WorkerProcess(env, tmp_path / "worker-2.log"))

        def all_sent() -> bool:
            dispatch_reminders.delay()  # what beat does every minute, here every second
            return not Reminder.objects.exclude(status=Reminder.Status.SENT).exists()

        assert wait_until(all_sent, timeout=90, step=1), workers[-1].log.read_text()[-3000:]
        time.sleep(1)
    finally:
        for worker in workers:
            worker.stop()

    copies = spooled(spool)
    assert sorted(copies) == sorted(expected), "a reminder was lost"
    repeated = {pk for pk, count in copies.items() if count > 1}
    assert repeated == (in_flight if sent_unrecorded else set())
    assert max(copies.values()) <= 2
