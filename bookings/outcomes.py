"""How a visit ended: Taylor records it as completed (with a receipt) or as a no-show.

Only a requested or confirmed visit that has started can end; each change is a conditional
update, so recording it twice changes nothing the second time.
"""

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from .booking import CHANGEABLE_STATUSES
from .models import Appointment, BookingPolicy
from .reminders import cancel_pending_reminders

logger = logging.getLogger(__name__)


class CannotRecord(Exception):
    """The visit has not started yet, or already ended another way."""


def complete_appointment(
    appointment: Appointment, payment_method: str, *, now: datetime | None = None
):
    """Mark the visit completed and issue its receipt; returns the receipt, or None if receipts
    are not available yet."""
    try:
        from . import receipts
    except ImportError:
        receipts = None
    BookingPolicy.load()
    with transaction.atomic():
        # The policy lock first, as receipts and bookings take it, so the two cannot deadlock.
        BookingPolicy.objects.select_for_update().get(singleton=True)
        _record(appointment, Appointment.Status.COMPLETED, now=now)
        if receipts is None:
            logger.warning("No receipts module; appointment %s has no receipt", appointment.pk)
            return None
        try:
            # Inside the same transaction: a refused receipt leaves the visit as it was.
            return receipts.issue_receipt(appointment, payment_method)
        except receipts.ReceiptRefused as refused:
            raise CannotRecord(f"{appointment}: {refused}") from refused


def record_no_show(appointment: Appointment, *, now: datetime | None = None) -> Appointment:
    with transaction.atomic():
        return _record(appointment, Appointment.Status.NO_SHOW, now=now)


def _record(appointment: Appointment, status: str, *, now: datetime | None) -> Appointment:
    now = now or timezone.now()
    changed = Appointment.objects.filter(
        pk=appointment.pk, status__in=CHANGEABLE_STATUSES, starts_at__lte=now
    ).update(status=status)
    appointment.refresh_from_db()
    if changed != 1:
        if appointment.status in CHANGEABLE_STATUSES:
            raise CannotRecord(f"{appointment} has not started yet.")
        raise CannotRecord(f"{appointment} is already {appointment.get_status_display().lower()}.")
    cancel_pending_reminders(appointment)
    logger.info("Appointment %s recorded as %s", appointment.pk, status)
    return appointment
