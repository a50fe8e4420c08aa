"""Celery tasks of the clients package."""

from celery import shared_task

from stillwaters.tasks import PracticeTask

from . import holds


@shared_task(
    name="bookings.tasks.release_expired_holds",
    base=PracticeTask,
    acks_late=False,
    ignore_result=True,
)
def release_expired_holds() -> int:
    """Beat, every minute: release the holds nobody confirmed in time, tell each person, and
    forget what ended more than a week ago."""
    released = holds.release_expired_holds()
    holds.forget_what_has_ended()
    return released
