"""Waiting for the gunicorn a benchmark script started to answer."""

import sys
import time
import urllib.request


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
