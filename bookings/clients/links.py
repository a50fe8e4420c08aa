"""Links emailed to prove an inbox is the reader's: to sign in, or to confirm a held booking.

Why Django's signing and a row, not django-sesame: sesame signs in an existing Django user, and
a held booking for a new email has no account, let alone a user, when its link is sent; clients
are also kept apart from staff users on purpose, so no client row can ever be given a staff
permission. Here the URL carries a signature of the link's row id and of a keyed hash of the
email it was sent to; the row says when it expires and whether it was used. Nothing secret is
stored, so a copy of the table opens nothing, and a link is used once: `use` claims it with a
conditional update.
"""

from datetime import datetime, timedelta
from enum import Enum

from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import EmailLink

SIGN_IN_MINUTES = 15
_SALT = "bookings.clients.email-link"


class Refusal(Enum):
    """Why a link cannot be used, in words for the page that says so."""

    TAMPERED = "This link is incomplete or has been changed. Copy the whole link from the email."
    USED = "This link has already been used. Each link works once."
    EXPIRED = "This link has expired."
    OTHER_EMAIL = "This link was sent to an email address this account no longer uses."


class LinkRefused(Exception):
    def __init__(self, refusal: Refusal, link: EmailLink | None = None):
        super().__init__(refusal.value)
        self.refusal = refusal
        self.link = link


def email_key(email: str) -> str:
    """A keyed hash naming an email without showing it, for tokens and rate-limit keys."""
    return salted_hmac(_SALT, email.strip().casefold()).hexdigest()[:32]


def create(email: str, purpose: str, *, now: datetime, minutes: int, hold=None) -> EmailLink:
    return EmailLink.objects.create(
        email=email.strip(),
        purpose=purpose,
        hold=hold,
        created_at=now,
        expires_at=now + timedelta(minutes=minutes),
    )


def token_for(link: EmailLink) -> str:
    """The link's token. Deterministic, so the email task rebuilds it from the row id and no
    token travels through the broker or sits in a queue."""
    return signing.dumps({"l": link.pk, "e": email_key(link.email)}, salt=_SALT, compress=True)


def url_for(link: EmailLink) -> str:
    return settings.SITE_URL + reverse("clients:link", args=[token_for(link)])


def open_link(token: str, *, now: datetime | None = None, current_email=None) -> EmailLink:
    """The link a token names if it may still be used; LinkRefused says why not.

    `current_email(link)` gives the address the link must still belong to (for a sign-in, the
    account's email now), or None when the account is gone.
    """
    now = now or timezone.now()
    try:
        payload = signing.loads(token, salt=_SALT)
        link_id, key = int(payload["l"]), str(payload["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise LinkRefused(Refusal.TAMPERED) from None
    link = EmailLink.objects.select_related("hold").filter(pk=link_id).first()
    if link is None or not constant_time_compare(key, email_key(link.email)):
        raise LinkRefused(Refusal.TAMPERED)
    if link.used_at is not None:
        raise LinkRefused(Refusal.USED, link)
    if link.expires_at <= now:
        raise LinkRefused(Refusal.EXPIRED, link)
    if current_email is not None:
        email = current_email(link)
        if email is None or email_key(email) != key:
            raise LinkRefused(Refusal.OTHER_EMAIL, link)
    return link


def use(link: EmailLink, *, now: datetime) -> None:
    """Claim the link; LinkRefused(USED) when another request claimed it first."""
    claimed = EmailLink.objects.filter(
        Q(pk=link.pk), Q(used_at__isnull=True), Q(expires_at__gt=now)
    ).update(used_at=now)
    if claimed != 1:
        raise LinkRefused(Refusal.USED, link)
    link.used_at = now
