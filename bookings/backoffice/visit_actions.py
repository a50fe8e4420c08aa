"""The outcome buttons on a visit's page and on each visit in the day view: which steps a visit
can take now, and taking one through the same services as the appointment list's actions
(scheduling/booking.py, scheduling/outcomes.py, billing/receipts.py)."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from bookings.scheduling import booking, outcomes
from bookings.scheduling.models import Appointment
from stillwaters.clock import local


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    # Completing issues the receipt, which prints how the client paid.
    needs_payment: bool = False


COMPLETE = Step("complete", "Complete and issue receipt", needs_payment=True)
RECEIPT = Step("receipt", "Issue receipt", needs_payment=True)
NO_SHOW = Step("no-show", "No-show")
CANCEL = Step("cancel", "Cancel visit")
STEPS = {step.name: step for step in (COMPLETE, RECEIPT, NO_SHOW, CANCEL)}


class Refused(Exception):
    """The step does not apply to this visit now; the message says why, for Taylor."""


def offered(appointment: Appointment, *, has_receipt: bool, now: datetime | None = None):
    """The steps this visit can take now: a visit not yet over can be cancelled, and once it
    has started completed or marked a no-show; a completed one without a receipt gets one."""
    now = now or timezone.now()
    if appointment.is_open:
        return [COMPLETE, NO_SHOW, CANCEL] if appointment.starts_at <= now else [CANCEL]
    if appointment.status == Appointment.Status.COMPLETED and not has_receipt:
        return [RECEIPT]
    return []


def take(appointment: Appointment, step: Step, *, payment_method: str = "") -> str:
    """Take `step` and say what was done, or raise Refused saying why not. Nothing changes on
    a refusal: each service call is one conditional update or one transaction."""
    before = appointment.status
    try:
        if step is CANCEL:
            if before == Appointment.Status.CANCELLED:
                raise Refused("This visit was already cancelled.")
            booking.cancel_appointment(appointment, by_therapist=True)
            return f"Cancelled {_visit(appointment)}; the client is emailed."
        if step is NO_SHOW:
            outcomes.record_no_show(appointment)
            return f"Recorded {_visit(appointment)} as a no-show."
        if step is RECEIPT and before != Appointment.Status.COMPLETED:
            raise Refused(
                "Issue receipt is for a completed visit; this one is "
                f"{appointment.get_status_display().lower()}."
            )
        receipt = outcomes.complete_appointment(appointment, payment_method)
    except (booking.BookingRefused, outcomes.CannotRecord) as refused:
        raise Refused(str(refused)) from refused
    issued = (
        f"receipt {receipt.number} issued ({receipt.get_payment_method_display()}) and emailed "
        "to the client."
    )
    if before == Appointment.Status.COMPLETED:
        return f"For {_visit(appointment)}: {issued}"
    note = getattr(appointment, "treatment_note", None)
    signed = note is not None and note.is_final
    return f"Completed {_visit(appointment)}; {issued}" + (
        "" if signed else " Its treatment note is not signed yet: it shows as note due."
    )


def _visit(appointment: Appointment) -> str:
    return f"{appointment.contact_name}'s visit of {local(appointment.starts_at):%a %b %-d, %H:%M}"
