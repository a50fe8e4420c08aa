"""Full-page screenshots of every public page at phone and desktop widths, for people to look at.

    .venv/bin/python bench/screens.py

Loads the starter content and one demo visit (for its manage page) into a scratch SQLite
database, serves the site with Django's development server on a free port on 127.0.0.1, walks
each page (and the booking steps as far as they go before an email is needed) in Debian's
chromium at 390 and 1366 px wide, writes the PNGs into screens/ (ignored by git) and prints
their names.
"""

import os
import re
import socket
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from urllib.parse import urlparse

from serving import wait_until_answering  # bench/serving.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screens"
WIDTHS = {390: 844, 1366: 900}
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
PAGES = {
    "home": "/",
    "articles": "/learn/",
    "article": "/learn/myofascial-release-trigger-points/",
    "pain-finder": "/trigger-points/",
    "pain-finder-hip": "/trigger-points/?area=hip",
    "services": "/services/",
    "service": "/services/trigger-point-release/",
    "areas": "/areas/",
    "area": "/areas/brampton/",
    "privacy": "/privacy/",
    "about": "/about/",
    "sign-in": "/account/sign-in/",
}


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="stillwaters-screens-") as scratch:
        _serve_and_shoot(Path(scratch))


def _serve_and_shoot(workdir: Path) -> None:
    port = _free_port()
    env = {
        **os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "SITE_URL": f"http://127.0.0.1:{port}", "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "stillwaters.settings",
        # The emails a booking sends go to the console; no mail leaves the machine.
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }  # fmt: skip
    env.pop("REDIS_URL", None)
    for command in (["migrate", "--noinput"], ["load_starter_content"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
    os.environ.update(env)
    PAGES["manage"] = _demo_visit_manage_path()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_until_answering(f"http://127.0.0.1:{port}/healthz")
        OUT.mkdir(exist_ok=True)
        for path in _shoot(f"http://127.0.0.1:{port}"):
            print(path.relative_to(ROOT))
    finally:
        server.terminate()
        server.wait(timeout=30)


def _demo_visit_manage_path() -> str:
    """A confirmed visit a week ahead at 10:00, for the manage page its link opens."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from bookings.models import BookingOption
    from bookings.scheduling import tokens
    from content.models import ServiceArea
    from stillwaters.clock import TORONTO
    from tests.factories import AppointmentFactory, ClientFactory

    day = datetime.now(TORONTO).date() + timedelta(days=7)
    while day.weekday() == 6:  # Taylor does not work Sundays in the starter hours.
        day += timedelta(days=1)
    client = ClientFactory(name="Robin Demo", email="robin@example.com", city="Brampton")
    appointment = AppointmentFactory(
        client=client,
        option=BookingOption.objects.filter(service__slug="swedish-massage").first(),
        area=ServiceArea.objects.get(slug="brampton"),
        starts_at=datetime.combine(day, clock_time(10), TORONTO),
    )
    return urlparse(tokens.manage_url(appointment)).path


def _shoot(base: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for width, height in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})

            def shot(name: str) -> None:
                path = OUT / f"{name}-{width}.png"  # noqa: B023 (used within this iteration)
                page.screenshot(path=path, full_page=True)  # noqa: B023
                written.append(path)

            for name, path in PAGES.items():
                page.goto(base + path)
                shot(name)
            page.goto(base + "/")
            if width < 768:
                page.locator(".site-menu summary").click()
                shot("home-menu-open")
            _walk_booking(page, base, shot)
            page.close()
        browser.close()
    return written


def _walk_booking(page, base: str, shot) -> None:
    """Each booking step with a screenshot, stopping (and saying where) at the first step
    that no longer looks as this walk expects, so a changed form still gives its first pages."""
    sys.path.insert(0, str(ROOT))
    from tests.e2e.conftest import fill_first_visit_details

    page.goto(base + "/book/?service=swedish-massage")
    shot("book-1-choose")
    try:
        treatment = page.locator("main select").first
        treatment.select_option(index=1)
        page.get_by_label(re.compile("Postal code")).fill("L6Y 0A1")
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_url("**/book/times/**", timeout=10_000)
        shot("book-2-times")
        page.locator("main input[type=radio]").first.check()
        shot("book-2-times-chosen")
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_url("**/book/details/**", timeout=10_000)
        shot("book-3-details")
        page.set_default_timeout(5_000)
        fill_first_visit_details(page, name="Robin Client", email="robin@example.com",
                                 phone="905-555-0123")  # fmt: skip
        page.wait_for_load_state()
        shot("book-4-review")
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_load_state()
        shot("book-5-held")
    except Exception as error:  # noqa: BLE001 (any failure ends the walk, not the run)
        print(f"booking walk stopped at {page.url}: {str(error).splitlines()[0]}", file=sys.stderr)
    finally:
        page.set_default_timeout(30_000)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    main()
