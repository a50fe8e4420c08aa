"""Signed links that let a client manage one appointment without an account."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from .models import Appointment

_SALT = "bookings.manage-appointment"


class InvalidManageToken(Exception):
    """The link was forged, altered, or belongs to an appointment that is over or gone."""


def make_manage_token(appointment: Appointment) -> str:
    return signing.dumps({"appointment": appointment.pk}, salt=_SALT, compress=True)


def appointment_for_token(token: str, *, now=None) -> Appointment:
    try:
        payload = signing.loads(token, salt=_SALT)
        appointment_id = int(payload["appointment"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidManageToken("This link is not valid.") from error
    appointment = (
        Appointment.objects.select_related("client", "option__service", "area")
        .filter(pk=appointment_id)
        .first()
    )
    if appointment is None or appointment.ends_at <= (now or timezone.now()):
        raise InvalidManageToken("This link has expired.")
    return appointment


def manage_url(appointment: Appointment) -> str:
    """The link that lets the client see, move or cancel this appointment without an account."""
    return settings.SITE_URL + reverse("bookings:manage", args=[make_manage_token(appointment)])
