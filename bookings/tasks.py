import logging

from celery import shared_task

from . import emails
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
