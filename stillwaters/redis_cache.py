"""Django's Redis cache backend, keeping one client per connection pool.

Django builds a new redis.Redis around the pool for every cache call, and redis-py's client
sets up some 170 response callbacks in its constructor: about 0.2 ms a call on the benchmark
machine, which is most of what a page served whole from the cache costs (bench/http_pages.py).
A client is a thin, thread-safe front for its pool, so one per pool serves every call.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
