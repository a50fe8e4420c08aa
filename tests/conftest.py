"""Shared fixtures, and the rules for tests that need a real server.

Tests marked `postgres`, `redis` or `browser` run against the real PostgreSQL, Redis and Debian's
chromium. Where one is missing they are skipped with the reason, so the suite still passes on a
laptop with SQLite. `.ci/run` sets STILLWATERS_REQUIRE_SERVICES=1: there, a missing service fails
the test instead, and any skip at all fails the run.
"""

import os
import shutil
import socket
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in the thread that also calls live_server's ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("XDG_CONFIG_HOME", "/tmp/stillwaters-xdg/config")
os.environ.setdefault("XDG_CACHE_HOME", "/tmp/stillwaters-xdg/cache")

REQUIRE_SERVICES = os.environ.get("STILLWATERS_REQUIRE_SERVICES") == "1"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _redis_answers() -> bool:
    url = os.environ.get("REDIS_URL")
    if not url:
        return False
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def _missing_service(marker: str) -> str | None:
    """Why a test with this marker cannot run here, or None when it can."""
    if marker == "postgres" and settings.DATABASES["default"]["ENGINE"] != (
        "django.db.backends.postgresql"
    ):
        return "needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/stillwaters"
    if marker == "redis" and not _redis_answers():
        return "needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0 with a server running"
    if marker == "browser" and not (CHROMIUM.exists() and shutil.which("java")):
        return "needs Debian's chromium (apt-get install chromium) and java for the HTML checker"
    return None


def pytest_collection_modifyitems(config, items):
    for item in items:
        for marker in ("postgres", "redis", "browser"):
            if item.get_closest_marker(marker) is None:
                continue
            reason = _missing_service(marker)
            if reason is None:
                continue
            if REQUIRE_SERVICES:
                item.add_marker(pytest.mark.xfail(reason=reason, run=False, strict=True))
                item.user_properties.append(("missing_service", reason))
            else:
                item.add_marker(pytest.mark.skip(reason=reason))


def pytest_sessionfinish(session, exitstatus):
    if not REQUIRE_SERVICES:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    refused = [
        report
        for key in ("skipped", "xfailed")
        for report in (reporter.stats.get(key, []) if reporter else [])
    ]
    if refused:
        if reporter:
            reporter.write_line(
                f"STILLWATERS_REQUIRE_SERVICES: {len(refused)} test(s) skipped or not run; "
                "CI refuses skips. Start the missing service.",
                red=True,
            )
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Hashed-name storage needs `collectstatic` first; tests read the source files directly.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin_client, signed in as the admin login would sign in a superuser:
    with the second factor verified (tests.support.sign_in_staff)."""
    from tests.support import sign_in_staff

    sign_in_staff(client, admin_user)
    return client


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture
def article(db):
    """A published article with both kinds of table placed in its body and one FAQ entry."""
    from django.utils import timezone

    from content.models import (
        Article,
        ComparisonRow,
        ComparisonTable,
        Faq,
        PainArea,
        ReferredPainRow,
        ReferredPainTable,
    )

    article = Article.objects.create(
        title="Knots and where they send pain",
        slug="knots",
        summary="How tight spots in one muscle are felt somewhere else.",
        body=(
            "## Referred pain\n\nPain can travel.\n\n[[table:test-referred]]\n\n"
            "## Or just sore?\n\n[[table:test-comparison]]\n\nThe end.\n"
        ),
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    temple = PainArea.objects.create(name="Test temple", slug="test-temple", position=1)
    hand = PainArea.objects.create(name="Test hand", slug="test-hand", position=2)
    pain_table = ReferredPainTable.objects.create(
        caption="Test referred pain", slug="test-referred", article=article
    )
    trapezius = ReferredPainRow.objects.create(
        table=pain_table, muscle="Test trapezius", sensation="Tight band", body_region="head-neck"
    )
    trapezius.pain_areas.set([temple])
    infraspinatus = ReferredPainRow.objects.create(
        table=pain_table, muscle="Test infraspinatus", sensation="Burning", body_region="arm"
    )
    infraspinatus.pain_areas.set([hand])
    comparison = ComparisonTable.objects.create(
        caption="Test comparison", slug="test-comparison",
        first_heading="Trigger point", second_heading="Soreness",
    )  # fmt: skip
    ComparisonRow.objects.create(
        table=comparison, characteristic="Onset", first="Sudden", second="A day later"
    )
    Faq.objects.create(article=article, question="Will it hurt?", answer="A little.\n\nTell us.")
    return article


@pytest.fixture(autouse=True)
def _celery_tasks_run_in_process():
    """Tasks run where they are called, even in CI where REDIS_URL names a real broker.

    The worker tests switch this off for themselves and run a real worker on Redis.
    """
    from stillwaters.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _generous_limits(settings, request):
    """Most tests send many requests from one address; the limit tests set their own limits.

    django-axes is off too (it needs the request to authenticate); test_security turns it on.
    """
    settings.RATE_LIMITS = {
        name: (10_000, window) for name, (_, window) in settings.RATE_LIMITS.items()
    }
    settings.AXES_ENABLED = False
    settings.PENDING_HOLDS_ALLOWED = 10_000


@pytest.fixture
def bookable_site(db):
    """A practice a client can book: four services (energy healing not massage therapy), five
    areas with their postal-code prefixes and drives, Monday to Saturday 9 to 6, the policy.

    Built here for the tests, with values like the starter content's but independent of it.
    """
    from types import SimpleNamespace

    from tests.factories import (
        BookingOptionFactory,
        BookingPolicyFactory,
        DrivingTimeFactory,
        PostalPrefixFactory,
        ServiceAreaFactory,
        ServiceFactory,
        WorkingHoursFactory,
    )

    areas = {}
    for position, (name, fsas) in enumerate(
        [
            ("Brampton", "L6P L6V L6Y"),
            ("Toronto", "M5V M9N"),
            ("Etobicoke", "M9C"),
            ("Mississauga", "L5B"),
            ("Guelph", "N1G"),
        ]
    ):
        area = ServiceAreaFactory(name=name, slug=name.lower(), position=position)
        for fsa in fsas.split():
            PostalPrefixFactory(area=area, fsa=fsa)
        areas[area.slug] = area
    for first, second, minutes in [
        ("brampton", "toronto", 45),
        ("brampton", "etobicoke", 30),
        ("brampton", "mississauga", 25),
        ("brampton", "guelph", 55),
        ("toronto", "etobicoke", 25),
        ("toronto", "mississauga", 35),
        ("toronto", "guelph", 75),
        ("etobicoke", "mississauga", 20),
        ("etobicoke", "guelph", 60),
        ("mississauga", "guelph", 55),
    ]:
        DrivingTimeFactory(from_area=areas[first], to_area=areas[second], minutes=minutes)
        DrivingTimeFactory(from_area=areas[second], to_area=areas[first], minutes=minutes)

    services = {}
    for position, (name, is_massage_therapy, lengths) in enumerate(
        [
            ("Swedish massage", True, [(60, "140"), (75, "165"), (90, "190")]),
            ("Trigger point release", True, [(60, "145"), (75, "170"), (90, "195")]),
            ("Deep tissue massage", True, [(60, "150"), (90, "200")]),
            ("Energy healing", False, [(45, "100"), (60, "125")]),
        ]
    ):
        service = ServiceFactory(
            name=name,
            slug=name.lower().replace(" ", "-"),
            position=position,
            is_massage_therapy=is_massage_therapy,
        )
        for minutes, price in lengths:
            BookingOptionFactory(service=service, minutes=minutes, price=Decimal(price))
        services[service.slug] = service
    for weekday in range(6):
        WorkingHoursFactory(weekday=weekday)
    policy = BookingPolicyFactory()
    return SimpleNamespace(areas=areas, services=services, policy=policy)


@pytest.fixture
def small_practice(db):
    """One 60-minute test option in one test area; Taylor works 9 to 6 every day of the week;
    the policy has the values the booking tests reason about."""
    from types import SimpleNamespace

    from tests.factories import (
        BookingOptionFactory,
        BookingPolicyFactory,
        ServiceAreaFactory,
        ServiceFactory,
        WorkingHoursFactory,
    )

    service = ServiceFactory(name="Test massage", slug="test-massage")
    area = ServiceAreaFactory(name="Test area", slug="test-area")
    option = BookingOptionFactory(service=service, minutes=60, price=Decimal("110.00"))
    for weekday in range(7):
        WorkingHoursFactory(weekday=weekday)
    policy = BookingPolicyFactory()
    return SimpleNamespace(service=service, area=area, option=option, policy=policy)


# One appointment's world, for tests of what is sent or rendered about a visit (emails, .ics).


@pytest.fixture
def area(db):
    from tests.factories import ServiceAreaFactory

    return ServiceAreaFactory(name="Test Area", slug="test-area")


@pytest.fixture
def option(db):
    from tests.factories import BookingOptionFactory, ServiceFactory

    service = ServiceFactory(name="Test Massage", slug="test-massage")
    return BookingOptionFactory(service=service, minutes=60, price=Decimal("120.00"))


@pytest.fixture
def client_record(db):
    from tests.factories import ClientFactory

    return ClientFactory(
        name="Ada O'Neil", email="ada@example.com", phone="+19055550199",
        address="12 Main St N", unit="4", city="Brampton", postal_code="L6V 1N6",
        access_notes="Side door; park in the driveway. Cat upstairs.",
    )  # fmt: skip


@pytest.fixture
def make_appointment(area, option, client_record):
    """Appointments for the client above; by default confirmed, on 2027-01-12 at 10:00 Toronto."""
    from datetime import UTC, datetime

    from tests.factories import AppointmentFactory

    def make(starts_at=datetime(2027, 1, 12, 15, tzinfo=UTC), **fields):
        return AppointmentFactory(
            client=client_record, option=option, area=area, starts_at=starts_at, **fields
        )

    return make
