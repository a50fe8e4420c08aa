"""Load test: 50 concurrent users for 60 s against gunicorn (2 workers) on PostgreSQL and Redis.

One command sets everything up and tears it down:

    .venv/bin/python bench/load.py [--users 50] [--seconds 60]

It creates a scratch PostgreSQL database (stillwaters_load), migrates it, collects static files,
starts gunicorn with 2 workers on 127.0.0.1 with Redis for cache and sessions, and runs a mix of
virtual users that read articles, use the pain finder, look up free slots and book visits the way
a browser does (form page, then a POST with its CSRF token). A whitenoise static file is fetched
in the same run as the reference. At the end it checks the database for overlapping live
appointments, prints a Markdown table, and stops the server. Traffic goes only to 127.0.0.1.
"""

import argparse
import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg2
from serving import production_server  # bench/serving.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "stillwaters_load"
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
REDIS_URL = "redis://127.0.0.1:6379/13"
PORT = 8077
POSTAL_CODES = ["L6Y 0A1", "M5V 2T6", "L5B 3C2", "L6J 1H5", "L9T 2X5", "N1H 3T2", "L7C 1A1"]


def toronto_today():
    return datetime.now(ZoneInfo("America/Toronto")).date()


def sh(*args, env=None):
    subprocess.run(args, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(env) -> None:
    admin = psycopg2.connect(ADMIN_URL)
    admin.autocommit = True  # CREATE and DROP DATABASE cannot run inside a transaction
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {DATABASE}")
    admin.close()
    sh(sys.executable, "manage.py", "migrate", "--noinput", env=env)
    sh(sys.executable, "manage.py", "load_starter_content", env=env)
    sh(sys.executable, "manage.py", "collectstatic", "--noinput", env=env)
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = defaultdict(list)
        self.errors = defaultdict(int)
        self.outcomes = defaultdict(int)

    def record(self, kind: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if not ok:
                self.errors[kind] += 1


class User:
    """One virtual client with its own keep-alive connection and cookies."""

    def __init__(self, stats: Stats, catalogue: dict, rng: random.Random):
        self.stats, self.catalogue, self.rng = stats, catalogue, rng
        self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, kind, method, path, body=None, expect=(200,)):
        headers = {"Host": "127.0.0.1", "Accept-Encoding": "gzip"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            body = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{PORT}/book/"
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.stats.record(kind, time.perf_counter() - started, ok=False)
            self.connection.close()
            return None, b""
        self.stats.record(kind, time.perf_counter() - started, ok=response.status in expect)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, content

    def read_article(self):
        self.request("article", "GET", self.rng.choice(self.catalogue["articles"]))

    def pain_finder(self):
        area = self.rng.choice(self.catalogue["pain_areas"])
        self.request("pain finder", "GET", f"/trigger-points/?area={area}")

    def slots(self):
        service, minutes = self.rng.choice(self.catalogue["options"])
        start = toronto_today() + timedelta(days=self.rng.randint(1, 30))
        query = urllib.parse.urlencode({
            "service": service, "length": minutes, "postal_code": self.rng.choice(POSTAL_CODES),
            "start": start.isoformat(), "end": (start + timedelta(days=6)).isoformat(),
        })  # fmt: skip
        return self.request("slots", "GET", f"/book/slots?{query}")

    def book(self):
        service, minutes = self.rng.choice(self.catalogue["options"])
        postal_code = self.rng.choice(POSTAL_CODES)
        start = toronto_today() + timedelta(days=self.rng.randint(1, 30))
        query = urllib.parse.urlencode({
            "service": service, "length": minutes, "postal_code": postal_code,
            "start": start.isoformat(), "end": start.isoformat(),
        })  # fmt: skip
        status, content = self.request("slots", "GET", f"/book/slots?{query}")
        slots = re.findall(r'"([0-9T:+\-]{25})"', content.decode()) if status == 200 else []
        if not slots:
            return
        option_id = self.catalogue["option_ids"][(service, minutes)]
        starts_at = self.rng.choice(slots)
        form_query = urllib.parse.urlencode(
            {"option": option_id, "postal_code": postal_code, "starts_at": starts_at}
        )
        status, page = self.request("booking form", "GET", f"/book/details/?{form_query}")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page or b"")
        if not token:
            return
        n = self.rng.randint(1, 10**9)
        data = {
            "option": option_id, "postal_code": postal_code, "starts_at": starts_at,
            "name": f"Load Client {n}", "email": f"load{n}@example.com", "phone": "905 555 0142",
            "address": f"{n % 999} Main Street", "city": "Brampton",
            "consent": "on", "csrfmiddlewaretoken": token.group(1).decode(), "confirm": "1",
            **self.catalogue["intake"],
        }  # fmt: skip
        status, _ = self.request("booking", "POST", "/book/details/", body=data, expect=(302, 409))
        self.stats.outcomes["booked" if status == 302 else f"booking {status}"] += 1

    def static(self):
        self.request("static file", "GET", self.catalogue["static"])

    def step(self):
        roll = self.rng.random()
        if roll < 0.40:
            self.read_article()
        elif roll < 0.60:
            self.pain_finder()
        elif roll < 0.85:
            self.slots()
        elif roll < 0.90:
            self.book()
        else:
            self.static()


def catalogue(env) -> dict:
    script = (
        "import json; from content.models import *; from bookings.models import BookingOption;"
        "from django.contrib.staticfiles.storage import staticfiles_storage as s;"
        "print(json.dumps({"
        "'articles': [a.get_absolute_url() for a in Article.objects.filter(status='published')],"
        "'pain_areas': list(PainArea.objects.filter(rows__isnull=False).distinct()"
        ".values_list('slug', flat=True)),"
        "'options': [[o.service.slug, o.minutes, o.pk] for o in BookingOption.objects"
        ".filter(is_active=True).select_related('service')],"
        "'static': s.url('css/site.css')}))"
    )
    import json

    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    ).stdout  # fmt: skip
    data = json.loads(out.strip().splitlines()[-1])
    data["option_ids"] = {(s, m): pk for s, m, pk in data["options"]}
    data["options"] = [(s, m) for s, m, _ in data["options"]]
    data["intake"] = {
        "areas_of_concern": "Stiff neck after long days at a desk.",
        "emergency_contact_name": "Pat Contact",
        "emergency_contact_phone": "905 555 0100",
    }
    return data


def overlapping_live_appointments() -> int:
    with psycopg2.connect(DATABASE_URL) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM bookings_appointment a JOIN bookings_appointment b "
            "ON a.id < b.id AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at "
            "WHERE a.status IN ('requested','confirmed','completed') "
            "AND b.status IN ('requested','confirmed','completed')"
        )
        return cursor.fetchone()[0]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    env = {
        **os.environ, "DEBUG": "0", "SECRET_KEY": "load-test-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL, "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "RATE_LIMIT_BOOKINGS": "1000000", "RATE_LIMIT_SLOTS": "1000000",
        "RATE_LIMIT_MANAGE": "1000000", "LOG_LEVEL": "WARNING",
    }  # fmt: skip
    prepare(env)
    data = catalogue(env)
    with production_server(env, PORT):
        stats = Stats()
        deadline = time.monotonic() + args.seconds

        def run(seed: int) -> None:
            user = User(stats, data, random.Random(seed))
            while time.monotonic() < deadline:
                user.step()

        threads = [threading.Thread(target=run, args=(i,)) for i in range(args.users)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started

    total = sum(len(v) for v in stats.latencies.values())
    errors = sum(stats.errors.values())
    print(f"{args.users} users, {elapsed:.1f} s, {total} requests, {total / elapsed:.1f} req/s, "
          f"{errors} errors ({100 * errors / max(total, 1):.2f}%)")  # fmt: skip
    print("| Request | Count | p50 (ms) | p95 (ms) | p99 (ms) | Errors |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind, values in sorted(stats.latencies.items()):
        print(
            f"| {kind} | {len(values)} | {1000 * statistics.median(values):.0f} | "
            f"{1000 * percentile(values, 0.95):.0f} | {1000 * percentile(values, 0.99):.0f} | "
            f"{stats.errors[kind]} |"
        )
    static_p50 = statistics.median(stats.latencies["static file"])
    for kind in ("article", "pain finder", "slots"):
        ratio = statistics.median(stats.latencies[kind]) / static_p50
        print(f"p50 {kind} / p50 static file: {ratio:.1f}")
    print(f"Booking outcomes: {dict(stats.outcomes)}")
    print(f"Overlapping live appointments after the run: {overlapping_live_appointments()}")


if __name__ == "__main__":
    main()
