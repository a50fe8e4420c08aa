"""The one base for the project's Celery tasks: queued after commit, retried one way.

A task started inside a transaction is sent to the broker only once the transaction commits
(pretix's TransactionAwareTask), so a worker never looks for a row that is not there yet, and a
rolled-back booking sends nothing. The send is `robust`: the rows are already committed, so a
broker failure is logged and never turns a saved booking into an error page.
"""

import logging

from celery import Task
from django.db import transaction

logger = logging.getLogger(__name__)

MAX_RETRIES = 5


def retry_countdown(retries: int) -> int:
    """Seconds before the next try: 1, 2, 4, 8 then 16 minutes, about half an hour in all.

    Every wait stays well under Redis's one-hour visibility timeout, past which a waiting task
    would be delivered a second time (celery/celery#2599).
    """
    return 60 * 2**retries


class PracticeTask(Task):
    max_retries = MAX_RETRIES

    def apply_async(self, args=None, kwargs=None, **options):
        if transaction.get_connection().in_atomic_block:

            def send():
                super(PracticeTask, self).apply_async(args, kwargs, **options)

            transaction.on_commit(send, robust=True)
            return None
        return super().apply_async(args, kwargs, **options)

    def retry_soon(self, error: Exception, *, what: str, **options):
        """Raise the retry of this task after `error`, or `error` itself once retries ran out.

        `what` names the work in the log line of giving up ("the booked email for appointment
        12"); `options` go to Task.retry, for example the `args` to retry with.
        """
        if self.request.retries >= self.max_retries:
            # By kind only: an error's text may quote an address or a name.
            logger.error(
                "Gave up on %s after %s retries: %s", what, self.max_retries, type(error).__name__
            )
            raise error
        raise self.retry(
            exc=error, countdown=retry_countdown(self.request.retries), **options
        ) from error
