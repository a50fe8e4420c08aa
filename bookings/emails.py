"""Every email the bookings app sends is rendered here."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from .models import Appointment

SUBJECTS = {
    "booked": "Your massage appointment",
    "rescheduled": "Your massage appointment has moved",
    "cancelled": "Your massage appointment is cancelled",
}


def send_appointment_email(appointment_id: int, kind: str) -> None:
    appointment = Appointment.objects.select_related("client", "option__service").get(
        pk=appointment_id
    )
    when = timezone.localtime(appointment.starts_at)
    body = (
        f"{appointment.option}: {when:%A %B %-d, %Y at %-I:%M %p}.\n"
        f"Address: {appointment.client.full_address}\n"
    )
    send_mail(SUBJECTS[kind], body, settings.DEFAULT_FROM_EMAIL, [appointment.client.email])
