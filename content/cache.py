"""Cached public pages are keyed by a content generation that every staff save moves on.

Bumping one number is cheaper and safer than finding every key a change touches: old entries are
simply never read again and expire on their own.
"""

import hashlib

from django.core.cache import cache

_GENERATION_KEY = "content:generation"
TIMEOUT = 60 * 60 * 24


def generation() -> int:
    value = cache.get(_GENERATION_KEY)
    if value is None:
        cache.add(_GENERATION_KEY, 1, timeout=None)
        value = cache.get(_GENERATION_KEY, 1)
    return value


def bump_generation(**_signal_kwargs) -> None:
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:  # the key is missing or was evicted
        cache.set(_GENERATION_KEY, 2, timeout=None)


def key_for(name: str) -> str:
    """The cache key of `name` in the current generation."""
    # Names can carry a slug from the URL; hashing keeps every key short and plain.
    return f"content:{generation()}:{hashlib.sha256(name.encode()).hexdigest()[:32]}"


def cached(name: str, build):
    """Return the cached value of `name` for the current generation, building it when absent.

    A build that returns None is not cached, so what does not exist takes no room.
    """
    key = key_for(name)
    value = cache.get(key)
    if value is None:
        value = build()
        if value is not None:
            cache.set(key, value, TIMEOUT)
    return value
