"""The Redis cache backend keeps one client per connection pool (stillwaters/redis_cache.py)."""

import os

import pytest

from stillwaters.redis_cache import RedisCache

pytestmark = pytest.mark.redis


@pytest.fixture
def backend():
    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "test-redis-cache"})
    yield cache
    cache.delete_many(["greeting", "visits"])


def test_every_call_shares_one_client_and_values_round_trip(backend):
    backend.set("greeting", {"text": "hello"})
    backend.add("visits", 1)
    backend.incr("visits")
    assert backend.get("greeting") == {"text": "hello"}
    assert backend.get("visits") == 2
    client = backend._cache.get_client()
    assert backend._cache.get_client(write=True) is client
    assert backend._cache.get_client("greeting") is client
