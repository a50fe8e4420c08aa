"""Lighthouse scores for the home, article and pain finder pages and every booking step.

    (cd bench/lighthouse && npm ci) && .venv/bin/python bench/lighthouse.py

Serves the site with gunicorn as in production (DEBUG off, whitenoise's compressed hashed static
files) on a scratch SQLite database on 127.0.0.1, audits each page with npm's lighthouse in
Debian's chromium (the health history and the review, which only a POST opens, by a Lighthouse
user flow that fills in the contact page: bench/lighthouse/post_steps.mjs), prints the four
category scores per page and what the page transferred (Lighthouse's total-byte-weight: every
response, compressed as sent) as a Markdown table, and stops.
"""

import html
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

from serving import production_server  # bench/serving.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
PORT = 8078
PAGES = {
    "Home": "/",
    "Article": "/learn/myofascial-release-trigger-points/",
    "Pain finder": "/trigger-points/?area=hip",
    "Booking, first step": "/book/?service=trigger-point-release",
}
CONTACT_PAGE = "Booking, contact and address"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="stillwaters-lighthouse-"))
    env = {
        **os.environ, "DEBUG": "0", "SECRET_KEY": "lighthouse-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "SITE_URL": f"http://127.0.0.1:{PORT}",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}", "LOG_LEVEL": "WARNING",
    }  # fmt: skip
    env.pop("REDIS_URL", None)
    commands = (["migrate", "--noinput"], ["load_starter_content"], ["collectstatic", "--noinput"])
    for command in commands:
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
    with production_server(env, PORT, quiet=True):
        rows = []
        pages = {**PAGES, **_later_booking_steps()}
        for name, path in pages.items():
            report = _audit(path)
            scores = [round(100 * report["categories"][c]["score"]) for c in CATEGORIES]
            rows.append((name, path, scores, _kilobytes(report)))
            failing = [
                audit["id"]
                for audit in report["audits"].values()
                if audit.get("score") is not None and audit["score"] < 0.9
                and audit.get("scoreDisplayMode") in ("binary", "numeric")
            ]  # fmt: skip
            print(f"{name}: audits under 0.9: {', '.join(failing) or 'none'}", file=sys.stderr)
        rows += _steps_after_a_post(f"http://127.0.0.1:{PORT}{pages[CONTACT_PAGE]}")
    print("| Page | Path | Performance | Accessibility | Best practices | SEO | Transfer (KB) |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, path, scores, kilobytes in rows:
        print(f"| {name} | `{path}` | " + " | ".join(str(s) for s in scores) + f" | {kilobytes} |")


def _audit(path: str, attempts: int = 3) -> dict:
    """Lighthouse's report on `path`. Headless chromium now and then records a trace without
    its navigation start (NO_NAVSTART), an error Lighthouse itself says to run again for."""
    for _ in range(attempts):
        profile = tempfile.mkdtemp(prefix="lighthouse-profile-")
        result = subprocess.run(
            [str(LIGHTHOUSE), f"http://127.0.0.1:{PORT}{path}", "--output=json",
             "--output-path=stdout", "--quiet",
             f"--chrome-flags={CHROME_FLAGS} --user-data-dir={profile}"],
            env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
            capture_output=True, text=True,
        )  # fmt: skip
        if not result.returncode:
            return json.loads(result.stdout)
        if "Please run Lighthouse again" not in result.stderr:
            break
    raise SystemExit(f"lighthouse failed on {path}:\n{result.stderr[-2000:]}")


def _kilobytes(report: dict) -> str:
    return f"{report['audits']['total-byte-weight']['numericValue'] / 1024:.1f}"


def _later_booking_steps() -> dict[str, str]:
    """The times page and the contact page, reached as a client reaches them: the first
    treatment offered at step 1, then the first time offered (both are GET pages; the health
    history and the review come from POSTs, which Lighthouse cannot send)."""
    base = f"http://127.0.0.1:{PORT}"
    with urllib.request.urlopen(f"{base}{PAGES['Booking, first step']}", timeout=30) as page:
        option = re.search(r'<option value="([0-9]+)"', page.read().decode()).group(1)
    visit = {"option": option, "postal_code": "L6Y 0A1"}
    times = f"/book/times/?{urllib.parse.urlencode(visit)}"
    with urllib.request.urlopen(f"{base}{times}", timeout=30) as page:
        start = re.search(r'name="starts_at" value="([^"]+)"', page.read().decode()).group(1)
    contact = (
        f"/book/details/?{urllib.parse.urlencode({**visit, 'starts_at': html.unescape(start)})}"
    )
    return {"Booking, times": times, CONTACT_PAGE: contact}


def _steps_after_a_post(contact_url: str) -> list[tuple[str, str, list[int]]]:
    result = subprocess.run(
        ["node", "post_steps.mjs", contact_url], cwd=ROOT / "bench" / "lighthouse",
        capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode:
        raise SystemExit(f"the Lighthouse user flow failed:\n{result.stderr[-2000:]}")
    rows = []
    for name, step in json.loads(result.stdout).items():
        scores = [step["scores"][c] for c in CATEGORIES]
        rows.append((name, step["url"] + " (after a POST)", scores, _kilobytes(step)))
        print(f"{name}: audits under 0.9: {', '.join(step['failing']) or 'none'}", file=sys.stderr)
    return rows


if __name__ == "__main__":
    main()
