"""The site served for a benchmark script: gunicorn as production runs it, and waiting for it."""

import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def production_server(env: dict, port: int, *, quiet: bool = False):
    """Serve the site with gunicorn (2 sync workers, as in production) on 127.0.0.1:`port`
    with `env`, once it answers /healthz; stop it afterwards. `quiet` drops its error log."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "stillwaters.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env, stderr=subprocess.DEVNULL if quiet else None,
    )  # fmt: skip
    try:
        wait_until_answering(f"http://127.0.0.1:{port}/healthz")
        yield
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_until_answering(url: str, *, seconds: float = 30) -> None:
    """Return once `url` answers; stop the script when it has not within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"{url} did not answer within {seconds:.0f} seconds")
