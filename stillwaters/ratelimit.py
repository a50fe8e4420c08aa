"""Per-address limits on the public endpoints that write or compute the most.

Counts live in the cache (Redis in production, shared by every worker and host) in fixed
windows: cheap, and plenty against a script hammering the booking form. Past the limit the
client gets a 429 page saying when to try again.
"""

import logging
import time

from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.shortcuts import render

logger = logging.getLogger(__name__)

# A proxy on the same machine; one elsewhere is named in TRUSTED_PROXY_ADDRESSES.
LOOPBACK = ("127.0.0.1", "::1")
_warned: set[str] = set()


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or, when the request came through one of our
    PROXY_COUNT proxies, the address the outermost of them saw. X-Forwarded-For from anyone
    else is ignored: a client reaching the server directly could write anything there."""
    remote = request.META.get("REMOTE_ADDR", "unknown")
    proxies = settings.PROXY_COUNT
    if proxies and remote in (*LOOPBACK, *settings.TRUSTED_PROXY_ADDRESSES):
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return remote


def warn_of_proxy_misconfiguration(request) -> None:
    """Log once per process what behind a proxy would make every visitor one address (and one
    attacker able to lock Taylor out), or what a forged X-Forwarded-For looks like."""
    if "HTTP_X_FORWARDED_FOR" not in request.META:
        return
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.PROXY_COUNT:
        problem = "unset"
        message = (
            "Requests carry X-Forwarded-For but PROXY_COUNT is 0: behind a proxy every visitor "
            "shares its address for rate limits and the admin lockout. Set PROXY_COUNT."
        )
    elif remote not in (*LOOPBACK, *settings.TRUSTED_PROXY_ADDRESSES):
        problem = "untrusted"
        message = (
            "X-Forwarded-For from %s, which is not a trusted proxy, was ignored: bind the "
            "server to 127.0.0.1 behind the proxy, or name the proxy in TRUSTED_PROXY_ADDRESSES."
        )
    else:
        return
    if problem not in _warned:
        _warned.add(problem)
        logger.warning(message, *([remote] if problem == "untrusted" else []))


@checks.register(checks.Tags.security, deploy=True)
def proxy_count_is_set(app_configs=None, **kwargs):
    """Production runs behind a TLS proxy (README): without PROXY_COUNT, every visitor is the
    proxy's one address."""
    if settings.DEBUG or settings.PROXY_COUNT:
        return []
    return [
        checks.Warning(
            "PROXY_COUNT is 0, so every visitor counts as the proxy's address.",
            hint="Set PROXY_COUNT to the number of proxies in front of gunicorn (1 for nginx).",
            id="stillwaters.W001",
        )
    ]


def limit_for(request) -> str | None:
    """Which limit a request counts against, if any."""
    path = request.path
    if path == "/book/slots":
        return "slots"
    # Pages opened by a link's token: a guessing script gets few tries.
    if path.startswith(("/book/manage/", "/book/confirmed/", "/book/held/")):
        return "manage"
    if request.method == "POST" and path.startswith("/book/"):
        return "booking-submit"
    if request.method == "POST" and path == "/account/sign-in/":
        return "sign-in"
    if path.startswith("/account/link/"):
        return "email-links"
    return None


def hit(name: str, address: str, *, now: float | None = None) -> int | None:
    """Count one request; the seconds until the window resets when over the limit, else None."""
    allowed, window = settings.RATE_LIMITS[name]
    now = time.time() if now is None else now
    window_start = int(now // window) * window
    key = f"ratelimit:{name}:{address}:{window_start}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count > allowed:
        return max(1, int(window_start + window - now))
    return None


def too_many_requests(request, retry_after: int):
    """The 429 page, saying in minutes when to try again."""
    response = render(
        request, "429.html", {"retry_after_minutes": -(-retry_after // 60)}, status=429
    )
    response["Retry-After"] = str(retry_after)
    return response


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        warn_of_proxy_misconfiguration(request)
        name = limit_for(request)
        if name is not None:
            retry_after = hit(name, client_ip(request))
            if retry_after is not None:
                return too_many_requests(request, retry_after)
        return self.get_response(request)
