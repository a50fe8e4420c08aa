"""The reminder dispatch for sites that run cron instead of Celery beat.

    * * * * * cd /srv/stillwaters && .venv/bin/python manage.py send_due_reminders

It is the same dispatch the beat task runs, so running both, or two at once, still sends each
reminder once.
"""

from django.core.management.base import BaseCommand

from bookings.notifications.reminders import dispatch_due_reminders


class Command(BaseCommand):
    help = "Send the reminders that are due now, each exactly once; run it every minute."

    def handle(self, *args, **options):
        counts = dispatch_due_reminders()
        self.stdout.write(f"Reminders: {counts}")
        if counts.failed:
            self.stderr.write(
                f"{counts.failed} reminder(s) failed for good; see Reminders in admin."
            )
