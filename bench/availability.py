"""Time the availability selector on a busy two months, in a throwaway database.

    .venv/bin/python bench/availability.py
    .venv/bin/python bench/availability.py --database-url postgres://postgres@127.0.0.1:5432/stillwaters_bench

By default the database is a temporary SQLite file. With --database-url the named PostgreSQL
database is created for the run and dropped afterwards; the script refuses to touch one that
already exists. It migrates and loads the starter content (hours, areas, options, driving times and
policy), books 300 appointments over the next 60 days across the areas, then reports the median
and 95th percentile time, and the query count, of free_starts for 1, 7 and 60 days, and of the
other public functions. Results go in docs/benchmarks.md.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from io import StringIO
from pathlib import Path
from time import perf_counter
from zoneinfo import ZoneInfo

from scratch import scratch_postgres  # bench/scratch.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
TORONTO = ZoneInfo("America/Toronto")
NOW = datetime(2026, 6, 1, 7, 0, tzinfo=TORONTO)  # a Monday morning
APPOINTMENTS = 300
DAYS = 60
# The visits are at this many homes; availability is asked about the first of them, so the
# same-address rule has visits to find.
HOMES = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        help="postgres://… of a scratch database to create and drop (default: temporary SQLite)",
    )
    parser.add_argument("--repeats", type=int, default=50, help="timed runs per case (default 50)")
    args = parser.parse_args()
    if args.repeats < 30:
        parser.error("--repeats must be at least 30 for a meaningful 95th percentile")

    with scratch_database(args.database_url) as url:
        os.environ["DATABASE_URL"] = url
        # Production settings: no per-query debug logging skewing the timings.
        os.environ["DEBUG"] = "0"
        os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
        os.environ.setdefault("ALLOWED_HOSTS", "localhost")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stillwaters.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        try:
            run(args.repeats)
        finally:
            from django.db import connections

            connections.close_all()


@contextmanager
def scratch_database(url: str | None):
    if url is None:
        with tempfile.TemporaryDirectory(prefix="stillwaters-bench-") as directory:
            yield f"sqlite:///{directory}/bench.sqlite3"
        return
    with scratch_postgres(url) as scratch_url:
        yield scratch_url


def run(repeats: int) -> None:
    import django
    from django.core.management import call_command
    from django.db import connection

    from bookings.models import Appointment, AreaRule, BookingOption
    from bookings.scheduling import availability
    from bookings.scheduling.travel import place_key
    from content.models import ServiceArea

    call_command("migrate", verbosity=0)
    call_command("load_starter_content", stdout=StringIO())
    seed()
    option = BookingOption.objects.get(service__slug="swedish-massage", minutes=60)
    # An area rule that is checked on every day but closes none of them, so the calls walk the
    # same days as before the rules existed.
    AreaRule.objects.create(
        area=ServiceArea.objects.get(slug="brampton"), visit_weekdays=list(range(6)),
        minimum_minutes=45,
    )  # fmt: skip
    area = brampton()
    first = (NOW + timedelta(days=1)).date()
    place = place_key(**home(0))
    cases = [
        (
            f"free_starts, {days} day{'s' if days > 1 else ''}",
            lambda days=days: availability.free_starts(
                option, area, first, first + timedelta(days=days - 1), now=NOW, place=place
            ),
        )
        for days in (1, 7, 60)
    ] + [
        (
            "is_start_free",
            lambda: availability.is_start_free(
                option, area, datetime.combine(first, time(9), TORONTO), now=NOW
            ),
        ),
        (
            "nearest_free_starts (whole horizon)",
            lambda: availability.nearest_free_starts(
                option, area, NOW + timedelta(days=30), now=NOW
            ),
        ),
        ("next_free_day", lambda: availability.next_free_day(option, area, first, now=NOW)),
    ]

    if connection.vendor == "postgresql":
        server = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
    else:
        server = f"SQLite {connection.Database.sqlite_version}"
    print(f"{server}, Django {django.get_version()}, Python {platform.python_version()}")
    print(f"{APPOINTMENTS} appointments over {DAYS} days, {repeats} timed runs per case\n")
    print("| Call | Median (ms) | p95 (ms) | Queries | Result |")
    print("|---|---:|---:|---:|---:|")
    for label, call in cases:
        measure(label, call, repeats)

    # The mobile day's rules (the starter's Brampton home base, with the drives out and back in
    # the working day, 15 minutes' set-up and 10 of tear-down, the weekday rush hours, an area
    # rule, and a visit asked about at a home with visits booked) against none of them, on the
    # same data, in three interleaved rounds of this run.
    def sixty_days(place, area):
        return availability.free_starts(
            option, area, first, first + timedelta(days=DAYS - 1), now=NOW, place=place
        )

    ratios = []
    for round_number in (1, 2, 3):
        with_rules = measure(
            f"free_starts, 60 days, all the mobile day's rules (round {round_number})",
            lambda: sixty_days(place, area),
            repeats,
        )
        with with_none_of_the_mobile_rules():
            ruleless = brampton()
            without = measure(
                f"free_starts, 60 days, none of them (round {round_number})",
                lambda ruleless=ruleless: sixty_days("", ruleless),
                repeats,
            )
        ratios.append(with_rules / without)
    print(
        f"\nThe mobile day's rules: {statistics.median(ratios):.2f}× the same call without them "
        f"(median of the rounds' ratios {', '.join(f'{r:.2f}' for r in ratios)}).\n"
    )

    # The most work per call: nothing booked, so every slot of the horizon is returned.
    Appointment.objects.all().delete()
    measure(
        "free_starts, 60 days, nothing booked",
        lambda: availability.free_starts(option, area, first, first + timedelta(days=59), now=NOW),
        repeats,
    )


def brampton():
    """The area as the booking flow loads it (scheduling/areas.py), with its booking rule."""
    from content.models import ServiceArea

    return ServiceArea.objects.select_related("booking_rule").get(slug="brampton")


@contextmanager
def with_none_of_the_mobile_rules():
    from bookings.models import AreaRule, BookingOption, BookingPolicy

    policy = BookingPolicy.current()
    options = list(BookingOption.objects.values_list("pk", "setup_minutes", "teardown_minutes"))
    rush_hours = ("morning_rush_starts", "morning_rush_ends", "afternoon_rush_starts",
                  "afternoon_rush_ends")  # fmt: skip
    BookingPolicy.objects.update(home_area=None, **dict.fromkeys(rush_hours))
    BookingOption.objects.update(setup_minutes=0, teardown_minutes=0)
    rule = AreaRule.objects.get(area__slug="brampton")
    rule.delete()
    try:
        yield
    finally:
        rule.save()
        BookingPolicy.objects.update(
            home_area=policy.home_area_id, **{name: getattr(policy, name) for name in rush_hours}
        )
        for pk, setup, teardown in options:
            BookingOption.objects.filter(pk=pk).update(
                setup_minutes=setup, teardown_minutes=teardown
            )


def measure(label: str, call, repeats: int) -> float:
    """Print one row of the table; the median in milliseconds."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm the connection and caches
        call()
    with CaptureQueriesContext(connection) as queries:
        result = call()
    timings = []
    for _ in range(repeats):
        started = perf_counter()
        call()
        timings.append((perf_counter() - started) * 1000)
    median = statistics.median(timings)
    p95 = statistics.quantiles(timings, n=20)[-1]
    shown = f"{len(result)} start(s)" if isinstance(result, list) else result
    print(f"| {label} | {median:.1f} | {p95:.1f} | {len(queries)} | {shown} |")
    return median


def seed() -> None:
    """300 appointments, five a day for the next 60 days, in random areas and homes, one in ten
    cancelled.

    Each day's visits are laid end to end from 8:00 with random gaps, so days are busy but keep
    some room, as a full practice's would.
    """
    from bookings.models import Appointment, BookingOption, Client, Person
    from content.models import ServiceArea

    rng = random.Random(2026)
    areas = list(ServiceArea.objects.all())
    options = list(BookingOption.objects.all())
    client = Client.objects.create(
        name="Bench Client",
        email="bench@example.com",
        phone="+19055550100",
        address="1 Main St",
        city="Brampton",
        postal_code="L6Y 0A1",
    )
    holder = Person.objects.create(
        account=client, name=client.name, relation=Person.Relation.ACCOUNT_HOLDER
    )
    per_day = APPOINTMENTS // DAYS
    appointments = []
    for n in range(1, DAYS + 1):
        cursor = datetime.combine((NOW + timedelta(days=n)).date(), time(8), TORONTO)
        for _ in range(per_day):
            option = rng.choice(options)
            starts_at = cursor + timedelta(minutes=rng.randrange(15, 150, 15))
            cursor = starts_at + timedelta(minutes=option.minutes)
            appointments.append(
                Appointment(
                    client=client,
                    person=holder,
                    option=option,
                    price=option.price,
                    starts_at=starts_at,
                    ends_at=cursor,
                    area=rng.choice(areas),
                    **home(rng.randrange(HOMES)),
                    status=Appointment.Status.CANCELLED
                    if rng.random() < 0.1
                    else Appointment.Status.CONFIRMED,
                )
            )
    Appointment.objects.bulk_create(appointments)


def home(n: int) -> dict[str, str]:
    """The address of the bench's nth home."""
    return {"postal_code": "L6Y 0A1", "address": f"{n + 1} Main St", "unit": ""}


if __name__ == "__main__":
    main()
