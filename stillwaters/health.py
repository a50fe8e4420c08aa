"""/healthz: whether the services a request cannot be served without answer."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


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


@require_GET
@cache_control(no_store=True)
def healthz(request):
    results = check()
    healthy = all(state in ("ok", "not configured") for state in results.values())
    return JsonResponse(results, status=200 if healthy else 503)
