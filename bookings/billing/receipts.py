"""Insurance receipts: issued when a visit is completed, numbered without gaps, never changed.

Numbers come from max(number) + 1 taken under the lock on the one BookingPolicy row, the same
lock bookings take (scheduling/booking.py): receipts are issued one at a time, each sees every
receipt committed before it, so the numbers run 1, 2, 3… with no gap and no duplicate, and the
unique constraint on `number` backs that up. On SQLite the IMMEDIATE transaction mode takes the
write lock at BEGIN instead.

A receipt copies everything it prints (practice, RMT, registration and HST numbers, client,
service, fee, travel fee) when it is issued, so later edits of the policy or the client change
no receipt given. Nothing here updates a receipt, and admin shows them read-only: a mistake is
fixed with `correct_receipt`, which issues a new receipt replacing the old one, and the old one,
kept as it was, prints as VOID.

Services outside massage therapy's scope (energy healing) get a receipt that says plainly it is
not a massage therapy receipt and carries no CMTO registration number.

A visit's travel fee is a line of its own, marked as not massage therapy so an insurer pays the
treatment alone. HST, where the practice charges it, is worked out on each line separately, so
each line's tax is what that line alone would carry.
"""

import logging
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from bookings.notifications.reminders import cancel_pending_reminders
from bookings.notifications.tasks import send_receipt_email
from bookings.scheduling.models import Appointment, BookingPolicy

from .models import Receipt

logger = logging.getLogger(__name__)

CENT = Decimal("0.01")


class ReceiptRefused(Exception):
    """The receipt cannot be issued; the message says why, in words for Taylor."""


def complete_and_issue_receipt(
    appointment: Appointment, payment_method: str, *, now: datetime | None = None
) -> Receipt:
    """Mark a visit completed and issue its receipt, together or not at all.

    A visit can be completed once its start time has passed, unless it was cancelled or a
    no-show. A visit that already has a receipt is refused: use `correct_receipt`.
    """
    now = now or timezone.now()
    with transaction.atomic():
        policy = BookingPolicy.lock()
        current = _lock_appointment(appointment)
        if current.status in (Appointment.Status.CANCELLED, Appointment.Status.NO_SHOW):
            raise ReceiptRefused(
                f"This appointment is {current.get_status_display().lower()}; "
                "only a visit that took place can be completed."
            )
        if current.starts_at > now:
            raise ReceiptRefused("This visit has not started yet; complete it once it has.")
        _refuse_second_receipt(current)
        if current.status != Appointment.Status.COMPLETED:
            current.status = Appointment.Status.COMPLETED
            current.save(update_fields=["status"])
            cancel_pending_reminders(current)
            logger.info("Appointment %s completed", current.pk)
        receipt = _issue(current, payment_method, policy=policy, now=now)
    appointment.refresh_from_db()
    return receipt


def correct_receipt(
    receipt: Receipt, *, payment_method: str | None = None, now: datetime | None = None
) -> Receipt:
    """Issue a new receipt that replaces `receipt`, which is kept unchanged and is void from now.

    The new receipt is drawn from the records as they are now: fix the client's name, the
    policy or the appointment's price first, then correct. Without `payment_method` the old
    receipt's is kept.
    """
    now = now or timezone.now()
    with transaction.atomic():
        policy = BookingPolicy.lock()
        old = Receipt.objects.select_related("replaced_by").get(pk=receipt.pk)
        if old.is_void:
            raise ReceiptRefused(
                f"Receipt {old.number} was already replaced by receipt "
                f"{old.replaced_by.number}; correct that one instead."
            )
        current = _lock_appointment(old.appointment)
        _refuse_unless_completed(current)
        corrected = _issue(
            current,
            payment_method or old.payment_method,
            policy=policy,
            now=now,
            replaces=old,
        )
    logger.info("Receipt %s replaced by receipt %s", old.number, corrected.number)
    return corrected


def hst_on(fee: Decimal, rate_percent: Decimal) -> Decimal:
    """HST on a fee, rounded half up to the cent as the CRA rounds."""
    return (fee * rate_percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def _lock_appointment(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("client", "option__service")
        .get(pk=appointment.pk)
    )


def _refuse_unless_completed(appointment: Appointment) -> None:
    if appointment.status != Appointment.Status.COMPLETED:
        raise ReceiptRefused(
            f"This appointment is {appointment.get_status_display().lower()}; "
            "receipts are issued for completed visits only."
        )


def _refuse_second_receipt(appointment: Appointment) -> None:
    latest = appointment.receipts.order_by("-number").first()
    if latest is not None:
        raise ReceiptRefused(
            f"This visit already has receipt {latest.number}; correct that receipt instead of "
            "issuing a second one."
        )


def _issue(
    appointment: Appointment,
    payment_method: str,
    *,
    policy: BookingPolicy,
    now: datetime,
    replaces: Receipt | None = None,
) -> Receipt:
    """Create the receipt; the caller holds the policy lock inside its transaction."""
    if payment_method not in Receipt.PaymentMethod.values:
        raise ReceiptRefused(
            f"Unknown payment method {payment_method!r}; choose one of "
            + ", ".join(label for label in Receipt.PaymentMethod.labels)
            + "."
        )
    service = appointment.option.service
    if service.is_massage_therapy and not policy.registration_number.strip():
        # Insurers refuse a massage therapy receipt without it, and a receipt is never edited.
        raise ReceiptRefused(
            "Add the CMTO registration number to the booking policy before issuing massage "
            "therapy receipts."
        )
    fee, travel_fee = appointment.price, appointment.travel_fee
    hst, travel_fee_hst = (
        (hst_on(fee, policy.hst_rate_percent), hst_on(travel_fee, policy.hst_rate_percent))
        if policy.hst_registered
        else (Decimal("0.00"), Decimal("0.00"))
    )
    last = Receipt.objects.aggregate(last=Max("number"))["last"] or 0
    receipt = Receipt.objects.create(
        number=last + 1,
        appointment=appointment,
        issued_at=now,
        payment_method=payment_method,
        replaces=replaces,
        practice_name=settings.PRACTICE["name"],
        practice_address=policy.practice_address,
        therapist_name=policy.therapist_name,
        registration_number=(
            policy.registration_number.strip() if service.is_massage_therapy else ""
        ),
        signature=policy.receipt_signature or policy.therapist_name,
        client_name=appointment.contact_name,
        service_name=service.name,
        is_massage_therapy=service.is_massage_therapy,
        visit_starts_at=appointment.starts_at,
        minutes=(appointment.ends_at - appointment.starts_at) // timedelta(minutes=1),
        fee=fee,
        hst_number=policy.hst_number if policy.hst_registered else "",
        hst_amount=hst,
        travel_fee=travel_fee,
        travel_fee_hst=travel_fee_hst,
        total=fee + hst + travel_fee + travel_fee_hst,
    )
    logger.info("Receipt %s issued for appointment %s", receipt.number, appointment.pk)
    # Queued after commit; should the broker fail, Taylor can still download it from admin.
    send_receipt_email.delay(receipt.pk)
    return receipt
