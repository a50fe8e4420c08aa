"""Dispatch 1,000 due reminders through one real Celery worker on Redis, and count the emails.

    .venv/bin/python bench/reminders.py --database-url postgres://postgres@127.0.0.1:5432/stillwaters_bench_reminders

The named PostgreSQL database is created for the run and dropped afterwards (the script refuses
one that already exists); Redis database 13 on 127.0.0.1 (--redis-url) is flushed first. The
script migrates, creates 1,000 confirmed appointments for 1,000 clients tomorrow, each with one
reminder due a minute ago, then starts `celery -A stillwaters worker` (one process, production
settings) with a mail backend that writes each message to its own file (tests/spool_mail.py),
sends one dispatch task as beat would, and waits until every reminder is marked sent. It reports
the time from the task being sent to the last reminder marked sent, the time the worker spent in
the task, and how many distinct emails (by reminder id and by recipient) are in the spool.
Results go in docs/benchmarks.md.
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from email import message_from_bytes
from io import StringIO
from pathlib import Path

from scratch import scratch_postgres  # bench/scratch.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
REMINDERS = 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        required=True,
        help="postgres://… of a scratch database to create and drop",
    )
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/13",
        help="a Redis database to flush and use as the broker (default redis://127.0.0.1:6379/13)",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=1,
        help="worker processes; with more, send as many dispatch ticks at once (default 1)",
    )
    args = parser.parse_args()

    with scratch_postgres(args.database_url) as url, tempfile.TemporaryDirectory() as spool:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "REDIS_URL": args.redis_url,
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-not-secret",
            "ALLOWED_HOSTS": "localhost",
            "EMAIL_BACKEND": "spool_mail.SpoolBackend",
            "STILLWATERS_SPOOL_DIR": spool,
            "PYTHONPATH": os.pathsep.join([str(ROOT / "tests"), os.environ.get("PYTHONPATH", "")]),
            "DJANGO_SETTINGS_MODULE": "stillwaters.settings",
        }
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        try:
            run(env, Path(spool), args.concurrency)
        finally:
            from django.db import connections

            connections.close_all()


def run(env: dict, spool: Path, concurrency: int) -> None:
    import redis
    from django.core.management import call_command
    from django.db import connection

    from bookings.models import Reminder
    from bookings.notifications.tasks import dispatch_reminders

    call_command("migrate", verbosity=0)
    call_command("load_starter_content", stdout=StringIO())
    seed()
    connection.close()  # the worker must not wait on this process's connection
    redis.Redis.from_url(env["REDIS_URL"]).flushdb()

    log = spool.parent / f"{spool.name}-worker.log"
    with log.open("wb") as output:
        worker = subprocess.Popen(  # noqa: S603 (our own command line)
            [sys.executable, "-m", "celery", "-A", "stillwaters", "worker",
             "--concurrency", str(concurrency), "--without-gossip", "--without-mingle",
             "--loglevel", "INFO"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        if not wait_for(lambda: b" ready." in log.read_bytes(), timeout=60):
            sys.exit("The worker did not start:\n" + log.read_text()[-3000:])
        started = time.perf_counter()
        for _ in range(concurrency):
            dispatch_reminders.delay()
        done = wait_for(
            lambda: not Reminder.objects.exclude(status=Reminder.Status.SENT).exists(),
            timeout=600,
        )
        elapsed = time.perf_counter() - started
        time.sleep(1)  # room for a duplicate to show up
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
    worker_log = log.read_text()
    log.unlink()
    if not done:
        sys.exit("Not every reminder was sent within 10 minutes:\n" + worker_log[-3000:])

    report(spool, elapsed, worker_log, concurrency)


def seed() -> None:
    """1,000 clients, each with a confirmed visit tomorrow and its day-before reminder due now."""
    from datetime import timedelta

    from django.utils import timezone

    from bookings.models import Appointment, BookingOption, Client, Person, Reminder
    from content.models import ServiceArea

    now = timezone.now()
    option = BookingOption.objects.get(service__slug="swedish-massage", minutes=60)
    areas = list(ServiceArea.objects.order_by("pk"))
    clients = Client.objects.bulk_create(
        Client(
            name=f"Bench Client {n}",
            email=f"client{n}@example.com",
            phone="+19055550100",
            address=f"{n} Main St N",
            city="Brampton",
            postal_code="L6V 1N6",
        )
        for n in range(REMINDERS)
    )
    people = Person.objects.bulk_create(
        Person(account=client, name=client.name, relation=Person.Relation.ACCOUNT_HOLDER)
        for client in clients
    )
    appointments = Appointment.objects.bulk_create(
        Appointment(
            client=person.account,
            person=person,
            option=option,
            price=option.price,
            # Spread out so the no-overlap constraint holds: one visit every 90 minutes.
            starts_at=now + timedelta(days=1, minutes=90 * n),
            ends_at=now + timedelta(days=1, minutes=90 * n + 60),
            area=areas[n % len(areas)],
            status=Appointment.Status.CONFIRMED,
        )
        for n, person in enumerate(people)
    )
    Reminder.objects.bulk_create(
        Reminder(
            appointment=appointment,
            minutes_before=24 * 60,
            due_at=now - timedelta(minutes=1),
        )
        for appointment in appointments
    )


def report(spool: Path, elapsed: float, worker_log: str, concurrency: int) -> None:
    import django
    from django.db import connection

    from bookings.models import Reminder
    from bookings.notifications.messages import REMINDER_HEADER

    files = sorted(spool.glob("*.eml"))
    messages = [message_from_bytes(path.read_bytes()) for path in files]
    by_reminder = Counter(message[REMINDER_HEADER] for message in messages)
    recipients = {message["To"] for message in messages}
    expected = {str(pk) for pk in Reminder.objects.values_list("pk", flat=True)}
    task_seconds = [
        float(s) for s in re.findall(r"dispatch_reminders\[.*?succeeded in ([\d.]+)s", worker_log)
    ]

    print(
        f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}, "
        f"Django {django.get_version()}, worker --concurrency {concurrency}"
    )
    print(f"Reminders due: {len(expected)}; dispatch ticks sent: {concurrency}")
    print(f"Elapsed, task sent to last reminder marked sent: {elapsed:.2f} s")
    print(f"Worker time in the dispatch task(s): {', '.join(f'{s:.2f} s' for s in task_seconds)}")
    print(f"Throughput: {len(expected) / elapsed:.0f} reminders/s")
    print(f"Emails in the spool: {len(messages)}")
    print(f"Distinct reminder ids: {len(by_reminder)}; distinct recipients: {len(recipients)}")
    print(f"Sent more than once: {sum(1 for count in by_reminder.values() if count > 1)}")
    print(f"Every due reminder emailed: {set(by_reminder) == expected}")
    status = Counter(Reminder.objects.values_list("status", flat=True))
    print(f"Reminder statuses: {dict(status)}")


def wait_for(condition, *, timeout: float, step: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


if __name__ == "__main__":
    main()
