"""Celery tasks: thin wrappers around delivery.py and reminders.py, which also run from
management commands and in tests without a broker.

The names are the ones the tasks had before notifications got a package of their own, so
messages already queued under them are still run after a deploy.
"""

import logging
from datetime import date

from celery import shared_task
from celery.exceptions import Retry

from bookings.scheduling.models import Appointment
from stillwaters import clock
from stillwaters.tasks import PracticeTask

from . import delivery, reminders
from .models import FailedNotification

logger = logging.getLogger(__name__)


class NotificationTask(PracticeTask):
    """An email task: a failure no retry will cure, or the last retry's, is recorded as a
    FailedNotification for Taylor to see in admin, and logged by its kind only. The error's
    own text may quote the email (a refused header quotes the client's name), so neither the
    log nor the record keeps it."""

    def __call__(self, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        except Retry:
            raise
        except Exception as error:
            FailedNotification.objects.create(
                task=self.name.rsplit(".", 1)[-1],
                arguments=", ".join(str(value) for value in (*args, *kwargs.values()))[:200],
                error=type(error).__name__,
                attempts=self.request.retries + 1,
            )
            logger.error(
                "%s%s not sent: %s; recorded under emails not sent",
                self.name, args, type(error).__name__,
            )  # fmt: skip
            return None


@shared_task(name="bookings.tasks.send_appointment_email", base=NotificationTask, bind=True)
def send_appointment_email(self, appointment_id: int, kind: str, client_only: bool = False) -> None:
    """Email the client and Taylor that an appointment was booked, rescheduled or cancelled.

    Delivery is at least once: with late acknowledgement a worker lost mid-task has its message
    delivered again, and a retry follows a failure that may have come after the SMTP server took
    the message. The task id, the same across retries and redelivery, is the sent-once key, which
    leaves a duplicate only when the worker dies between sending and recording it.
    """
    try:
        delivery.deliver_appointment_email(
            appointment_id, kind, once_key=self.request.id, client_only=client_only
        )
    except Appointment.DoesNotExist:
        logger.warning("Appointment %s is gone; its %s email was not sent", appointment_id, kind)
    except OSError as error:  # smtplib.SMTPException is an OSError, as are network failures
        self.retry_soon(error, what=f"the {kind} email for appointment {appointment_id}")


@shared_task(name="bookings.tasks.send_receipt_email", base=NotificationTask, bind=True)
def send_receipt_email(self, receipt_id: int) -> None:
    """Email the client a receipt with its PDF; at least once, retried like the emails above."""
    try:
        delivery.deliver_receipt_email(receipt_id, once_key=self.request.id)
    except OSError as error:
        self.retry_soon(error, what=f"emailing receipt {receipt_id}")


@shared_task(name="bookings.tasks.send_hold_email", base=NotificationTask, bind=True)
def send_hold_email(self, link_id: int, kind: str) -> None:
    """Email a held booking's confirmation link, or word of its release; retried like above.
    The task carries the link's id, never its token, which delivery rebuilds."""
    try:
        delivery.deliver_hold_email(link_id, kind, once_key=self.request.id)
    except OSError as error:
        self.retry_soon(error, what=f"the {kind} email of link {link_id}")


@shared_task(name="bookings.tasks.send_sign_in_email", base=NotificationTask, bind=True)
def send_sign_in_email(self, link_id: int) -> None:
    try:
        delivery.deliver_sign_in_email(link_id, once_key=self.request.id)
    except OSError as error:
        self.retry_soon(error, what=f"the sign-in email of link {link_id}")


@shared_task(name="bookings.tasks.send_record_request_notice", base=NotificationTask, bind=True)
def send_record_request_notice(self, request_id: int) -> None:
    try:
        delivery.deliver_record_request_notice(request_id, once_key=self.request.id)
    except OSError as error:
        self.retry_soon(error, what=f"the notice of record request {request_id}")


@shared_task(name="bookings.tasks.send_record_request_update", base=NotificationTask, bind=True)
def send_record_request_update(self, request_id: int, kind: str) -> None:
    """Tell the client their record request was extended or answered; retried like above."""
    try:
        delivery.deliver_record_request_update(request_id, kind, once_key=self.request.id)
    except OSError as error:
        self.retry_soon(error, what=f"the {kind} email of record request {request_id}")


# No late acknowledgement: a tick lost with its worker costs a minute, since the reminder rows,
# not the message, hold the work; a redelivered tick an hour later would only scan again.
@shared_task(
    name="bookings.tasks.dispatch_reminders",
    base=PracticeTask,
    acks_late=False,
    ignore_result=True,
)
def dispatch_reminders() -> dict[str, int]:
    """Beat, every minute: send the due reminders (reminders.py claims each once)."""
    counts = reminders.dispatch_due_reminders()
    if any(counts.as_dict().values()):
        logger.info("Reminders dispatched: %s", counts)
    return counts.as_dict()


@shared_task(
    name="bookings.tasks.send_daily_agenda",
    base=NotificationTask,
    bind=True,
    acks_late=False,
    ignore_result=True,
)
def send_daily_agenda(self, day: str | None = None) -> bool:
    """Beat, each morning: email Taylor the day's visits (today in Toronto by default), once."""
    # Fixed now, so a retry after midnight still sends the day it was meant for.
    day = day or clock.today().isoformat()
    try:
        return delivery.deliver_daily_agenda(date.fromisoformat(day))
    except OSError as error:
        self.retry_soon(error, what=f"the agenda for {day}", args=[day])
