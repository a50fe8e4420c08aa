import logging
from datetime import date

from celery import shared_task
from django.utils import timezone

from . import agenda, emails, reminders
from .ics import TORONTO
from .models import Appointment

logger = logging.getLogger(__name__)

MAX_RETRIES = 5


def retry_countdown(retries: int) -> int:
    """Seconds before the next try: 1, 2, 4, 8 then 16 minutes, about half an hour in all.

    Every wait stays well under Redis's one-hour visibility timeout, past which a waiting task
    would be delivered a second time (celery/celery#2599).
    """
    return 60 * 2**retries


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def send_appointment_email(self, appointment_id: int, kind: str) -> None:
    """Email the client and Taylor that an appointment was booked, rescheduled or cancelled.

    Delivery is at least once: with late acknowledgement a worker lost mid-task has its message
    delivered again, and a retry follows a failure that may have come after the SMTP server took
    the message. The task id, the same across retries and redelivery, lets the email module skip
    emails it already sent, which leaves a duplicate only when the worker dies between sending
    and recording it.
    """
    try:
        emails.send_appointment_email(appointment_id, kind, once_key=self.request.id)
    except Appointment.DoesNotExist:
        logger.warning("Appointment %s is gone; its %s email was not sent", appointment_id, kind)
    except OSError as error:  # smtplib.SMTPException is an OSError, as are network failures
        if self.request.retries >= self.max_retries:
            logger.exception(
                "Gave up on the %s email for appointment %s after %s retries",
                kind,
                appointment_id,
                self.max_retries,
            )
            raise
        raise self.retry(exc=error, countdown=retry_countdown(self.request.retries)) from error


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def send_receipt_email(self, receipt_id: int) -> None:
    """Email the client a receipt with its PDF; at least once, retried like the emails above."""
    try:
        emails.send_receipt_email(receipt_id, once_key=self.request.id)
    except OSError as error:  # smtplib.SMTPException is an OSError, as are network failures
        if self.request.retries >= self.max_retries:
            logger.exception(
                "Gave up on emailing receipt %s after %s retries", receipt_id, self.max_retries
            )
            raise
        raise self.retry(exc=error, countdown=retry_countdown(self.request.retries)) from error


# No late acknowledgement: a tick lost with its worker costs a minute, since the reminder rows,
# not the message, hold the work; a redelivered tick an hour later would only scan again.
@shared_task(acks_late=False, ignore_result=True)
def dispatch_reminders() -> dict[str, int]:
    """Beat, every minute: send the due reminders (bookings/reminders.py claims each once)."""
    counts = reminders.dispatch_due_reminders()
    if any(counts.as_dict().values()):
        logger.info("Reminders dispatched: %s", counts)
    return counts.as_dict()


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=False, ignore_result=True)
def send_daily_agenda(self, day: str | None = None) -> bool:
    """Beat, each morning: email Taylor the day's visits (today in Toronto by default), once."""
    # Fixed now, so a retry after midnight still sends the day it was meant for.
    day = day or timezone.localtime(timezone.now(), TORONTO).date().isoformat()
    try:
        return agenda.send_daily_agenda(date.fromisoformat(day))
    except OSError as error:
        if self.request.retries >= self.max_retries:
            logger.exception("Gave up on the agenda for %s", day)
            raise
        raise self.retry(
            exc=error, args=[day], countdown=retry_countdown(self.request.retries)
        ) from error
