"""Signed links that let a client manage one appointment without an account.

A link works until the visit ends, unless Taylor revokes it (a client forwarded it, or lost the
phone it was on): the token names the appointment's link version, and revoking raises it."""

from django.conf import settings
from django.core import signing
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from .models import Appointment

_SALT = "bookings.manage-appointment"


class InvalidManageToken(Exception):
    """The link was forged, altered, or belongs to an appointment that is over or gone."""


def make_manage_token(appointment: Appointment) -> str:
    payload = {"appointment": appointment.pk}
    if appointment.manage_link_version:  # links from before versions name none: version 0
        payload["v"] = appointment.manage_link_version
    return signing.dumps(payload, salt=_SALT, compress=True)


def revoke_manage_links(appointment: Appointment) -> None:
    """Stop every manage link sent so far from working; make_manage_token gives the new one."""
    Appointment.objects.filter(pk=appointment.pk).update(
        manage_link_version=F("manage_link_version") + 1
    )
    appointment.refresh_from_db(fields=["manage_link_version"])


def appointment_for_token(token: str, *, now=None) -> Appointment:
    try:
        payload = signing.loads(token, salt=_SALT)
        appointment_id = int(payload["appointment"])
        version = int(payload.get("v", 0))
    except (signing.BadSignature, KeyError, TypeError, ValueError, AttributeError) as error:
        raise InvalidManageToken("This link is not valid.") from error
    appointment = (
        Appointment.objects.select_related("client", "option__service", "area")
        .filter(pk=appointment_id)
        .first()
    )
    if appointment is None or appointment.ends_at <= (now or timezone.now()):
        raise InvalidManageToken("This link has expired.")
    if version != appointment.manage_link_version:
        raise InvalidManageToken(
            "This link was replaced by a newer one: use the link in the latest email, or sign "
            "in with your email."
        )
    return appointment


def manage_url(appointment: Appointment) -> str:
    """The link that lets the client see, move or cancel this appointment without an account."""
    return settings.SITE_URL + reverse("bookings:manage", args=[make_manage_token(appointment)])
