"""How a visit ended: Taylor records it as completed (with a receipt) or as a no-show.

Completion and its receipt are billing's (one transaction under the policy lock).
A no-show is recorded only for a requested or confirmed visit that has started, with a
conditional update, so recording it twice changes nothing the second time.
"""

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from bookings.billing.models import Receipt
from bookings.billing.receipts import ReceiptRefused, complete_and_issue_receipt
from bookings.notifications.reminders import cancel_pending_reminders

from .models import Appointment

logger = logging.getLogger(__name__)


class CannotRecord(Exception):
    """The visit has not started yet, or already ended another way."""


def complete_appointment(
    appointment: Appointment, payment_method: str, *, now: datetime | None = None
) -> Receipt:
    """Mark the visit completed and issue its receipt, together or not at all."""
    try:
        return complete_and_issue_receipt(appointment, payment_method, now=now)
    except ReceiptRefused as refused:
        raise CannotRecord(str(refused)) from refused


def record_no_show(appointment: Appointment, *, now: datetime | None = None) -> Appointment:
    now = now or timezone.now()
    with transaction.atomic():
        changed = (
            Appointment.objects.open()
            .filter(pk=appointment.pk, starts_at__lte=now)
            .update(status=Appointment.Status.NO_SHOW)
        )
        appointment.refresh_from_db()
        if changed != 1:
            if appointment.is_open:
                raise CannotRecord("This visit has not started yet.")
            raise CannotRecord(
                f"This appointment is already {appointment.get_status_display().lower()}."
            )
        cancel_pending_reminders(appointment)
    logger.info("Appointment %s recorded as a no-show", appointment.pk)
    return appointment
