"""Cached public pages are keyed by a content generation that every staff save moves on.

Bumping one number is cheaper and safer than finding every key a change touches: old entries are
simply never read again and expire on their own.
"""

import hashlib
import time
from collections.abc import Callable, Iterable
from functools import cache as once
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse

from stillwaters import per_request

_GENERATION_KEY = "content:generation"
TIMEOUT = 60 * 60 * 24


def generation() -> int:
    """The current generation, read once per request (a page asks for several cached parts)."""
    return per_request.once(_GENERATION_KEY, _read_generation)


def _read_generation() -> int:
    value = cache.get(_GENERATION_KEY)
    if value is None:
        # A new count starts from the clock, not from 1: after the cache is emptied, what a
        # process kept of an earlier generation (content/templatetags/site.py) is never taken
        # for the new one's.
        cache.add(_GENERATION_KEY, time.time_ns(), timeout=None)
        value = cache.get(_GENERATION_KEY)
    return value


def bump_generation(**_signal_kwargs) -> None:
    """Move on to a new generation now, and again once the save commits: a page built in
    between, by another request, read the rows from before the save and would otherwise stay
    cached as the new generation's."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:  # the key is missing or was evicted
        cache.set(_GENERATION_KEY, time.time_ns(), timeout=None)
    per_request.forget(_GENERATION_KEY)


def key_for(name: str) -> str:
    """The cache key of `name` in the current generation."""
    # Names can carry a slug from the URL; hashing keeps every key short and plain.
    return f"content:{generation()}:{hashlib.sha256(name.encode()).hexdigest()[:32]}"


def cached(name: str, build):
    """Return the cached value of `name` for the current generation, building it when absent;
    read from the cache once per request (a booking page asks for the services twice).

    A build that returns None is not cached, so what does not exist takes no room.
    """
    key = key_for(name)
    return per_request.once(key, lambda: _read_or_build(key, build))


def _read_or_build(key: str, build):
    value = cache.get(key)
    if value is None:
        value = build()
        if value is not None:
            cache.set(key, value, TIMEOUT)
    return value


def whole_page(*, query: dict[str, Callable[[], Iterable[str]]] | None = None):
    """Serve a public page's HTML from the cache to everyone it is the same for.

    The page is rendered once per content generation (and per code version: a deploy changes
    templates) and then costs a cache read, or none in a process that served it lately; the
    middleware still adds its headers (CSP and the rest) to every response. `query` names the
    parameters the page varies on, each with the values worth caching, so that made-up values
    cannot fill the cache (which sessions share); a request with any other parameter, a
    signed-in staff member (who may see drafts), or a message waiting to be shown gets the
    page rendered as usual.
    """
    query = query or {}

    def decorator(view):
        @wraps(view)
        def serve(request, *args, **kwargs):
            key = _page_key(request, query)
            if key is None:
                return view(request, *args, **kwargs)
            # Only a page served from the query's known values is ever kept, so a kept page
            # needs no check of the values (which reads the list of them from the cache).
            content = _pages_served.get(key)
            if content is None and not _known_values(request, query):
                return view(request, *args, **kwargs)
            content = content or cache.get(key)
            if content is not None:
                _pages_served.keep(key, content)
                return HttpResponse(content)
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                cache.set(key, response.content, TIMEOUT)
                _pages_served.keep(key, response.content)
            return response

        return serve

    return decorator


class ProcessMemo:
    """What this process built lately, by keys that name their generation, so a value read
    again costs no trip to Redis. Emptied when full: old generations are never asked for
    again, and the current one's values come back at once."""

    def __init__(self, size: int):
        self._values: dict = {}
        self._size = size

    def get(self, key):
        return self._values.get(key)

    def keep(self, key, value) -> None:
        if key not in self._values:
            if len(self._values) >= self._size:
                self._values.clear()
            self._values[key] = value


# The whole pages this process served lately, by their cache key.
_pages_served = ProcessMemo(200)


def _page_key(request, query) -> str | None:
    """The page's key, or None for a request that gets the page rendered as usual."""
    if set(request.GET) - set(query) or request.user.is_authenticated:
        return None
    # Looking marks any waiting message shown; the page rendered below then shows it.
    if list(messages.get_messages(request)):
        return None
    return key_for(f"page:{_code_version()}:{request.path}?{urlencode(_chosen(request, query))}")


def _chosen(request, query) -> list[tuple[str, str]]:
    return sorted((name, request.GET[name]) for name in query if name in request.GET)


def _known_values(request, query) -> bool:
    return all(value in query[name]() for name, value in _chosen(request, query))


@once
def _code_version() -> str:
    """Changes when any of the site's templates or modules does, as a deploy changes them, or
    the practice's details that every page shows (set in the environment); read once per
    process."""
    digest = hashlib.sha256(repr((settings.PRACTICE, settings.SITE_URL)).encode())
    for folder in ("content", "bookings", "stillwaters", "templates"):
        for path in sorted((settings.BASE_DIR / folder).rglob("*")):
            if path.suffix in (".py", ".html", ".txt"):
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]
