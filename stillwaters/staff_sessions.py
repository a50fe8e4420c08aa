"""Staff sessions end a fixed time after signing in (SESSION_COOKIE_AGE, 8 hours), however
busy they were: then the password and the code again.

Django's own age counts from the session's last save and, with sessions in Redis, is enforced
only by the key's expiry there; the time of signing in, kept in the session, makes the limit
the same everywhere.
"""

from django.conf import settings
from django.contrib.auth import logout
from django.utils import timezone

_SIGNED_IN_AT = "stillwaters_signed_in_at"


def note_sign_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[_SIGNED_IN_AT] = timezone.now().timestamp()


def has_expired(request) -> bool:
    """True, having signed the user out, once the session is older than its limit."""
    signed_in_at = request.session.get(_SIGNED_IN_AT)
    if signed_in_at is None:
        return False
    if timezone.now().timestamp() - signed_in_at < settings.SESSION_COOKIE_AGE:
        return False
    logout(request)
    return True
