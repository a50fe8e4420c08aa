"""What /healthz checks: the services a request cannot be served without."""

from django.conf import settings
from django.db import DatabaseError, connection


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def redis_answers() -> bool | None:
    """True or False when Redis is configured, None when the site runs without it."""
    if not settings.REDIS_URL:
        return None
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2
        )
        return bool(client.ping())
    except redis.RedisError:
        return False


def check() -> dict[str, str]:
    results = {"database": "ok" if database_answers() else "unavailable"}
    redis_state = redis_answers()
    results["redis"] = {None: "not configured", True: "ok", False: "unavailable"}[redis_state]
    return results
