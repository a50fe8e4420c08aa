"""Per-address limits on the public endpoints that write or compute the most.

Counts live in the cache (Redis in production, shared by every worker and host) in fixed
windows: cheap, and plenty against a script hammering the booking form. Past the limit the
client gets a 429 page saying when to try again.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the one our trusted proxies put in front of it."""
    proxies = settings.PROXY_COUNT
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "unknown")


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
        name = limit_for(request)
        if name is not None:
            retry_after = hit(name, client_ip(request))
            if retry_after is not None:
                return too_many_requests(request, retry_after)
        return self.get_response(request)
