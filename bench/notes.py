"""Time Taylor's treatment note pages against the admin day view, in one run, in a throwaway
database.

    .venv/bin/python bench/notes.py
    .venv/bin/python bench/notes.py --database-url postgres://postgres@127.0.0.1:5432/stillwaters_bench

By default the database is a temporary SQLite file; with --database-url the named PostgreSQL
database is created for the run and dropped afterwards. It migrates, loads the starter content,
books a day of 8 visits, each with a treatment note (chart marks, a signed consent with its
drawn signature, and for half of them finalised with an amendment), then requests each page
through Django's test client as a logged-in therapist, interleaved, and reports the median and
95th percentile time and each page's median as a ratio to the day view's in the same run.
Results go in docs/benchmarks.md.
"""

import argparse
import base64
import os
import platform
import statistics
import sys
from datetime import datetime, timedelta
from io import BytesIO, StringIO
from pathlib import Path
from time import perf_counter
from zoneinfo import ZoneInfo

from availability import scratch_database  # bench/availability.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
TORONTO = ZoneInfo("America/Toronto")
DAY = datetime(2026, 6, 2, tzinfo=TORONTO)  # a Tuesday
VISITS = 8


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="postgres://… of a scratch database")
    parser.add_argument("--rounds", type=int, default=40, help="interleaved rounds (default 40)")
    args = parser.parse_args()
    with scratch_database(args.database_url) as url:
        os.environ["DATABASE_URL"] = url
        os.environ["DEBUG"] = "0"
        os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
        os.environ.setdefault("ALLOWED_HOSTS", "testserver")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stillwaters.settings")
        os.environ["SECURE_SSL_REDIRECT"] = "0"
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        try:
            run(args.rounds)
        finally:
            from django.db import connections

            connections.close_all()


def signature() -> str:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 200), "white")
    ImageDraw.Draw(image).line([(20, 120), (200, 60), (380, 140), (560, 80)], fill="black", width=4)
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def seed():
    from django.contrib.auth.models import Group, User

    from bookings.clinical import notes
    from bookings.models import Appointment, BookingOption, BookingPolicy, Client, Person
    from content.models import PainArea, ServiceArea

    BookingPolicy.objects.update_or_create(
        singleton=True, defaults={"therapist_name": "Bench RMT", "registration_number": "U1"}
    )
    taylor = User.objects.create_user("bench-taylor", is_staff=True)  # force_login: no password
    taylor.groups.add(Group.objects.get(name="Therapist"))
    option = BookingOption.objects.get(service__slug="trigger-point-release", minutes=60)
    area = ServiceArea.objects.get(slug="brampton")
    buttock = PainArea.objects.get(slug="buttock")
    low_back = PainArea.objects.get(slug="low-back")
    drawn = signature()
    visits = []
    for number in range(VISITS):
        client = Client.objects.create(
            name=f"Bench Client {number}", email=f"bench{number}@example.com",
            phone="+19055550100", address="1 Main St", city="Brampton", postal_code="L6Y 0A1",
        )  # fmt: skip
        person = Person.objects.create(account=client, name=client.name, relation="self")
        starts = DAY.replace(hour=8) + timedelta(minutes=75 * number)
        visit = Appointment.objects.create(
            client=client, person=person, option=option, price=option.price, area=area,
            starts_at=starts, ends_at=starts + timedelta(minutes=60), status="completed",
            contact_name=client.name, contact_phone=client.phone, address="1 Main St",
            city="Brampton", postal_code="L6Y 0A1",
        )  # fmt: skip
        note = notes.note_for(visit)
        notes.record_signed(
            note, kind="consent", pain_area=buttock, what="Trigger point release",
            explanation="Explained.", signature=drawn, typed_name="", user=taylor,
        )  # fmt: skip
        notes.save_draft(
            note, fields={"assessment": "Taut band.", "treatment": "Release."}, user=taylor,
            verbal_consent=True,
            marks={
                buttock.pk: notes.MarkInput(treated=True),
                low_back.pk: notes.MarkInput(assessed=True),
            },
        )  # fmt: skip
        if number % 2:
            note = notes.finalise(note, user=taylor)
            notes.amend(note, text="Advised heat.", reason="Home care", user=taylor)
        visits.append(visit)
    return taylor, visits


def run(rounds: int) -> None:
    import django
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    # As production serves them: hashed, compressed static files (whitenoise's manifest).
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("load_starter_content", stdout=StringIO())
    taylor, visits = seed()
    from django.conf import settings

    # force_login has no request to give django-axes an address, which PostgreSQL's inet
    # column refuses; the lockout is not what is measured.
    settings.AXES_ENABLED = False
    browser = Client()
    browser.force_login(taylor)
    draft, final = visits[0], visits[1]
    day_view = f"/admin/bookings/appointment/schedule/day/?day={DAY.date()}"
    pages = {
        "admin day view (8 visits with notes)": day_view,
        "note page, draft": f"/admin/bookings/appointment/{draft.pk}/note/",
        "note page, finalised with amendment": f"/admin/bookings/appointment/{final.pk}/note/",
        "consent signing page": f"/admin/bookings/appointment/{draft.pk}/note/sign/",
        "printed record of a visit (HTML)": f"/admin/bookings/appointment/{final.pk}/record/",
        "printed record of a visit (PDF)": f"/admin/bookings/appointment/{final.pk}/record.pdf",
    }
    timings: dict[str, list[float]] = {label: [] for label in pages}
    for label, url in pages.items():  # warm up, and check each page answers
        response = browser.get(url)
        assert response.status_code == 200, (label, response.status_code)
    for _ in range(rounds):
        for label, url in pages.items():
            started = perf_counter()
            browser.get(url)
            timings[label].append((perf_counter() - started) * 1000)

    if connection.vendor == "postgresql":
        server = f"PostgreSQL {connection.pg_version // 10000}"
    else:
        server = f"SQLite {connection.Database.sqlite_version}"
    load = os.getloadavg()[0]
    print(f"{server}, Django {django.get_version()}, Python {platform.python_version()}, "
          f"load average {load:.2f}, {rounds} interleaved rounds\n")  # fmt: skip
    print("| Page | Median (ms) | p95 (ms) | Median ÷ day view |")
    print("|---|---:|---:|---:|")
    base = statistics.median(timings["admin day view (8 visits with notes)"])
    for label, values in timings.items():
        median = statistics.median(values)
        p95 = statistics.quantiles(values, n=20)[-1]
        print(f"| {label} | {median:.1f} | {p95:.1f} | {median / base:.2f} |")


if __name__ == "__main__":
    main()
