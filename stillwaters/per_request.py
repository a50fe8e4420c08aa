"""Values read at most once while one request is served, such as the booking policy, which the
form, availability and the time picker each need on one page.

The memo lives only inside a request (RequestMemoMiddleware opens it); outside one, in tasks,
commands and tests, every read goes to the database as before.
"""

from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_memo: ContextVar[dict | None] = ContextVar("per_request_memo", default=None)


def once(key: str, build: Callable[[], T]) -> T:
    memo = _memo.get()
    if memo is None:
        return build()
    if key not in memo:
        memo[key] = build()
    return memo[key]


def remember(key: str, value) -> None:
    """Set `key`, for a read that has just given a fresher value (a row locked for update)."""
    memo = _memo.get()
    if memo is not None:
        memo[key] = value


def forget(key: str) -> None:
    """Drop `key`, after a write in this request changed what it read."""
    memo = _memo.get()
    if memo is not None:
        memo.pop(key, None)


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
