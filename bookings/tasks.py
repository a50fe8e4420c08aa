from celery import shared_task

from . import emails


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def send_appointment_email(self, appointment_id: int, kind: str) -> None:
    """Email the client (and Taylor) about a booked, rescheduled or cancelled appointment."""
    try:
        emails.send_appointment_email(appointment_id, kind)
    except OSError as error:  # SMTP and network failures; retried with backoff
        raise self.retry(exc=error, countdown=60 * 2**self.request.retries) from error
