"""Signed-in clients: a session cookie of their own, apart from Django's staff session.

A staff login never signs anyone in as a client, and a client's sign-in never touches the admin
session; the two cookies have different names and lifetimes. A client session lasts
SESSION_HOURS from sign-in, however active, and is gone at sign-out. The cookie holds a random
key; the database keeps its SHA-256, so a copy of the table signs nobody in.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from .models import Client, ClientSession

COOKIE_NAME = "stillwaters_client"
SESSION_HOURS = 2


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start(response, account: Client, *, now: datetime | None = None) -> None:
    now = now or timezone.now()
    key = secrets.token_urlsafe(32)
    ClientSession.objects.filter(account=account, expires_at__lte=now).delete()
    ClientSession.objects.create(
        account=account,
        key_hash=_hash(key),
        created_at=now,
        expires_at=now + timedelta(hours=SESSION_HOURS),
    )
    response.set_cookie(
        COOKIE_NAME,
        key,
        max_age=SESSION_HOURS * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def signed_in_account(request, *, now: datetime | None = None) -> Client | None:
    """The account whose session cookie came with the request, while the session lasts."""
    key = request.COOKIES.get(COOKIE_NAME)
    if not key or len(key) > 100:
        return None
    session = (
        ClientSession.objects.select_related("account")
        .filter(key_hash=_hash(key), expires_at__gt=now or timezone.now())
        .first()
    )
    return session.account if session else None


def end(request, response) -> None:
    key = request.COOKIES.get(COOKIE_NAME)
    if key:
        ClientSession.objects.filter(key_hash=_hash(key)).delete()
    response.delete_cookie(COOKIE_NAME, samesite="Lax")
