"""Every public page over HTTP, side by side with a hello-world view served the same way.

    .venv/bin/python bench/http_pages.py [--rounds 8] [--seconds 5] [--connections 4] [--write]

(Issue 16 named it bench/http.py; a script of that name in bench/ would shadow the standard
library's http package for every script here, which Python runs with bench/ first on its path.)

One command sets everything up and tears it down. It creates a scratch PostgreSQL database
(refusing one that exists), migrates it, loads the starter content, books one visit (for the
manage page), collects static files, and starts gunicorn as production runs it (2 sync workers,
DEBUG off, Redis for the cache and sessions, whitenoise) with BENCH_HELLO on, which adds the
hello-world view at /bench/hello behind the same middleware. Then, for each of several rounds,
it runs wrk (Debian's package) against every URL in turn, the hello page first, and reads p50,
p95, p99 and requests per second from bench/wrk_report.lua. The booking POST cannot be
replayed by wrk (each one takes a time and needs a fresh form token), so a Python client posts
it one at a time for each round, against a hello POST timed the same way.

The table gives, per URL, the medians over the rounds of each figure, and of its ratio to the
hello page's figure in the same round: the machines here are shared and noisy, so only ratios
within one run compare. With --write, the table, the machine and its load average replace the
section between the markers in docs/benchmarks.md. Traffic goes only to 127.0.0.1.
"""

import argparse
import html
import http.client
import itertools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
from datetime import UTC, datetime, timedelta
from pathlib import Path

from scratch import scratch_postgres  # bench/scratch.py, beside this script
from serving import production_server

ROOT = Path(__file__).resolve().parent.parent
REPORTER = ROOT / "bench" / "wrk_report.lua"
RESULTS = ROOT / "docs" / "benchmarks.md"
START_MARK, END_MARK = "<!-- bench/http_pages.py: start -->", "<!-- bench/http_pages.py: end -->"
PORT = 8079
HOST = f"http://127.0.0.1:{PORT}"
POSTAL_CODE = "L6Y 0A1"  # Brampton, the starter home base: no travel fee, every weekday
BOOKING_POSTS_PER_ROUND = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=5, help="wrk's duration per URL")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/stillwaters_http"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--write", action="store_true", help="record the table in the docs")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk")

    with scratch_postgres(args.database_url) as database_url:
        env = {
            **os.environ, "DEBUG": "0", "SECRET_KEY": "http-bench-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "SITE_URL": HOST,
            "DATABASE_URL": database_url, "REDIS_URL": args.redis_url, "BENCH_HELLO": "1",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "RATE_LIMIT_BOOKINGS": "1000000", "RATE_LIMIT_SLOTS": "1000000",
            "RATE_LIMIT_MANAGE": "1000000", "PENDING_HOLDS_ALLOWED": "1000000",
            "LOG_LEVEL": "WARNING",
        }  # fmt: skip
        load_before = os.getloadavg()
        urls, option_id = prepare(env)
        with production_server(env, PORT):
            for path in urls.values():  # fill the caches and the workers' imports
                for _ in range(4):
                    get(path)
            rounds = [run_round(urls, option_id, args) for _ in range(args.rounds)]
        load_after = os.getloadavg()

    table = report(rounds, args, load_before, load_after)
    print(table)
    if args.write:
        record(table)


def prepare(env: dict) -> tuple[dict[str, str], int]:
    """Migrate, load the starter content, book a visit; return the URLs to measure by name,
    and the booking option that the booking POSTs book."""
    for command in (["migrate", "--noinput"], ["load_starter_content"],
                    ["collectstatic", "--noinput"]):  # fmt: skip
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
    import redis

    redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stillwaters.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.db import connections

    from bookings.models import BookingOption
    from bookings.scheduling import areas, tokens
    from content.models import Article, PainArea, Service, ServiceArea
    from tests.factories import AppointmentFactory, ClientFactory

    option = BookingOption.objects.select_related("service").get(
        service__slug="trigger-point-release", minutes=60
    )
    area = areas.area_for_postal_code(POSTAL_CODE)
    starts_at = (datetime.now().astimezone() + timedelta(days=14)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    visit = AppointmentFactory(
        client=ClientFactory(name="Bench Client", postal_code=POSTAL_CODE),
        option=option, area=area, starts_at=starts_at,
    )  # fmt: skip
    day = (datetime.now().astimezone() + timedelta(days=7)).date()
    visit_query = {"option": option.pk, "postal_code": POSTAL_CODE}
    slots_query = {
        "service": option.service.slug, "length": option.minutes, "postal_code": POSTAL_CODE,
        "start": day.isoformat(), "end": (day + timedelta(days=6)).isoformat(),
    }  # fmt: skip
    article = Article.objects.filter(status="published").first()
    pain_area = PainArea.objects.filter(rows__isnull=False).first()
    urls = {
        "hello-world view": "/bench/hello",
        "static file (whitenoise)": staticfiles_storage.url("css/site.css"),
        "home": "/",
        "article": article.get_absolute_url(),
        "pain finder, one place": f"/trigger-points/?area={pain_area.slug}",
        "services": "/services/",
        "a service": Service.objects.first().get_absolute_url(),
        "areas": "/areas/",
        "an area": ServiceArea.objects.first().get_absolute_url(),
        "`/book/` first step": f"/book/?service={option.service.slug}",
        "`/book/times/`": f"/book/times/?{urllib.parse.urlencode({**visit_query, 'day': day})}",
        "`/book/slots`, 7 days": f"/book/slots?{urllib.parse.urlencode(slots_query)}",
        "manage page": tokens.manage_url(visit).removeprefix(env["SITE_URL"]),
        "account sign-in": "/account/sign-in/",
    }
    connections.close_all()
    return urls, option.pk


def run_round(urls: dict[str, str], option_id: int, args) -> dict[str, dict]:
    results = {name: wrk(path, args) for name, path in urls.items()}
    results.update(booking_posts(option_id))
    return results


def wrk(path: str, args) -> dict:
    out = subprocess.run(
        ["wrk", "--threads", "2", "--connections", str(args.connections),
         "--duration", f"{args.seconds}s", "--script", str(REPORTER), f"{HOST}{path}"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    result = json.loads(out.strip().splitlines()[-1])
    if result["socket_errors"] or result["bad_status"]:
        sys.exit(
            f"{path}: {result['socket_errors']} socket errors, {result['bad_status']} answers "
            "that were not 2xx or 3xx; the figures would not be the page's"
        )
    seconds = result["duration_us"] / 1e6
    return {
        "p50": result["p50"] / 1000, "p95": result["p95"] / 1000, "p99": result["p99"] / 1000,
        "rps": result["requests"] / seconds,
    }  # fmt: skip


def booking_posts(option_id: int) -> dict[str, dict]:
    """Book BOOKING_POSTS_PER_ROUND visits one after another, as a browser does (the details
    form, then its POST), timing only the POSTs, and as many hello POSTs on one connection."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    booking, hello = [], []
    for _ in range(BOOKING_POSTS_PER_ROUND):
        cookies, fields = details_form(connection, option_id, next(_CLIENTS))
        body = urllib.parse.urlencode(fields)
        started = time.perf_counter()
        status, page = request(connection, "POST", "/book/details/", body, cookies)
        booking.append((time.perf_counter() - started) * 1000)
        if status != 302:
            errors = re.findall(rb'class="invalid-feedback[^"]*"[^>]*>(.*?)<', page, re.S)
            sys.exit(f"the booking POST answered {status}, not a redirect to the next page: "
                     f"{[html.unescape(e.decode()).strip() for e in errors]}")  # fmt: skip
        started = time.perf_counter()
        request(connection, "POST", "/bench/hello", "", cookies, expect=200)
        hello.append((time.perf_counter() - started) * 1000)
    connection.close()
    return {"booking POST": _summary(booking), "hello-world POST": _summary(hello)}


# Each booking from a new client, so that none is taken for a repeat of the one before.
_CLIENTS = itertools.count(1)


def _summary(milliseconds: list[float]) -> dict:
    ordered = sorted(milliseconds)
    return {
        "p50": statistics.median(ordered),
        "p95": ordered[int(0.95 * (len(ordered) - 1))],
        "p99": ordered[-1],
        "rps": 1000 / statistics.mean(ordered),
    }


# What a first-time client types; the form's own hidden fields and token come from the page.
TYPED = {
    "name": "Bench Client", "phone": "905 555 0142", "address": "1 Main St", "city": "Brampton",
    "areas_of_concern": "Stiff neck after long days at a desk.",
    "emergency_contact_name": "Pat Contact", "emergency_contact_phone": "905 555 0100",
}  # fmt: skip


def details_form(connection, option_id: int, n: int) -> tuple[dict, dict]:
    """The details form for a free start, as the browser gets it, and the fields a first-time
    client sends back from the review: every input as the page gave it, with the contact
    details and health history typed and the consent ticked. The nth booking goes in the week
    from one of the next 40 days, or the first week after it with a free start."""
    cookies: dict[str, str] = {}
    slots = []
    # Eight rounds hold 160 visits: a week filled up (a holiday week fills first) gives way
    # to the next.
    for week in range(8):
        first = (datetime.now(UTC) + timedelta(days=2 + n % 40 + 7 * week)).date()
        slots_query = urllib.parse.urlencode({
            "service": "trigger-point-release", "length": 60, "postal_code": POSTAL_CODE,
            "start": first.isoformat(), "end": (first + timedelta(days=6)).isoformat(),
        })  # fmt: skip
        _, content = request(connection, "GET", f"/book/slots?{slots_query}", cookies=cookies)
        slots = json.loads(content)["slots"]
        if slots:
            break
    if not slots:
        sys.exit(f"no free start left in the eight weeks from day {2 + n % 40} for a booking")
    query = urllib.parse.urlencode(
        {"option": option_id, "postal_code": POSTAL_CODE, "starts_at": slots[0]}
    )
    _, page = request(connection, "GET", f"/book/details/?{query}", cookies=cookies, expect=200)
    fields = {}
    for tag in re.findall(rb"<input[^>]*>", page):
        attributes = {k.decode(): html.unescape(v.decode())
                      for k, v in re.findall(rb'([a-z_-]+)="([^"]*)"', tag)}  # fmt: skip
        name, kind = attributes.get("name", ""), attributes.get("type", "text")
        if not name or kind in ("submit", "button"):
            continue
        if kind in ("checkbox", "radio"):  # none of the health questions' boxes ticked
            continue
        fields[name] = TYPED.get(name, attributes.get("value", ""))
    for name in re.findall(rb'<textarea[^>]*name="([^"]+)"', page):
        fields[name.decode()] = TYPED.get(name.decode(), "")
    # The health history and the review's one consent are later pages of the same form; the
    # review's button makes this POST the one that books.
    fields.update(TYPED, email=f"bench{n}@example.com", consent="on", confirm="1")
    return cookies, fields


def request(connection, method, path, body=None, cookies=None, expect=None):
    headers = {"Host": f"127.0.0.1:{PORT}"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = f"{HOST}/book/"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    content = response.read()
    if expect is not None and response.status != expect:
        sys.exit(f"{method} {path} answered {response.status}, not {expect}")
    for name, value in response.getheaders():
        if name.lower() == "set-cookie" and cookies is not None:
            key, _, rest = value.partition("=")
            cookies[key] = rest.split(";", 1)[0]
    return response.status, content


def get(path: str) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    try:
        status, content = request(connection, "GET", path)
    finally:
        connection.close()
    if status != 200:
        sys.exit(f"GET {path} answered {status}, not 200")
    return content


def report(rounds: list[dict], args, load_before, load_after) -> str:
    names = list(rounds[0])
    hello_of = {name: "hello-world view" for name in names}
    hello_of["booking POST"] = "hello-world POST"

    def median(name, figure, ratio=False):
        values = [r[name][figure] / (r[hello_of[name]][figure] if ratio else 1) for r in rounds]
        return statistics.median(values)

    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), platform.processor(),
    )  # fmt: skip
    lines = [
        f"{datetime.now(UTC):%Y-%m-%d}, {os.cpu_count()} cores ({cpu}), {platform.platform()}, "
        f"Python {platform.python_version()}; load average {load_before[0]:.2f} before, "
        f"{load_after[0]:.2f} after. gunicorn 2 sync workers, DEBUG off, PostgreSQL, Redis; "
        f"wrk {args.connections} connections, {args.seconds} s per URL, {args.rounds} rounds "
        f"(`.venv/bin/python bench/http_pages.py --rounds {args.rounds}`). The booking POST: "
        f"{BOOKING_POSTS_PER_ROUND} a round, one at a time, against a hello POST timed alike.",
        "",
        "| URL | p50 (ms) | p95 (ms) | p99 (ms) | req/s "
        "| p50 ÷ hello | p95 ÷ hello | p99 ÷ hello |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in names:
        lines.append(
            f"| {name} | {median(name, 'p50'):.2f} | {median(name, 'p95'):.2f} | "
            f"{median(name, 'p99'):.2f} | {median(name, 'rps'):,.0f} | "
            f"{median(name, 'p50', True):.1f} | {median(name, 'p95', True):.1f} | "
            f"{median(name, 'p99', True):.1f} |"
        )
    return "\n".join(lines)


def record(table: str) -> None:
    text = RESULTS.read_text()
    before, _, rest = text.partition(START_MARK)
    _, found, after = rest.partition(END_MARK)
    if not found:
        sys.exit(f"docs/benchmarks.md has no {START_MARK} … {END_MARK} section to replace")
    RESULTS.write_text(f"{before}{START_MARK}\n{table}\n{END_MARK}{after}")


if __name__ == "__main__":
    main()
