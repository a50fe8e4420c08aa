"""A test mail backend for worker processes: each message becomes one file in a directory.

Used by tests/notifications/test_reminders_worker.py, which runs `celery worker` as a separate
process and must see, across processes and after a SIGKILL, exactly which emails went out. With
STILLWATERS_SPOOL_DELAY set, each message takes that long on each side of the write, like a slow
SMTP server, so that a kill can land before a message is written or after it.
"""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

from bookings.notifications.messages import REMINDER_HEADER


class SpoolBackend(BaseEmailBackend):
    def send_messages(self, messages):
        spool = Path(os.environ["STILLWATERS_SPOOL_DIR"])
        delay = float(os.environ.get("STILLWATERS_SPOOL_DELAY", "0"))
        for message in messages:
            time.sleep(delay)
            name = f"{message.extra_headers.get(REMINDER_HEADER, 'other')}-{uuid.uuid4().hex}"
            partial = spool / f".{name}.part"
            partial.write_bytes(message.message().as_bytes())
            # The rename is the "server accepted it" moment: a file is there whole or not at all.
            partial.rename(spool / f"{name}.eml")
            time.sleep(delay)
        return len(messages)
