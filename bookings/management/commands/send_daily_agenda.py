"""Taylor's agenda email for sites that run cron instead of Celery beat.

30 6 * * * cd /srv/stillwaters && TZ=America/Toronto .venv/bin/python manage.py send_daily_agenda
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from bookings.notifications.delivery import deliver_daily_agenda


class Command(BaseCommand):
    help = "Email Taylor the day's visits, once a day (today in Toronto unless --date is given)."

    def add_arguments(self, parser):
        parser.add_argument("--date", dest="day", help="The day to send, as YYYY-MM-DD.")
        parser.add_argument(
            "--resend", action="store_true", help="Send it even if it went out already."
        )

    def handle(self, *args, day=None, resend=False, **options):
        if deliver_daily_agenda(_parse(day) if day else None, resend=resend):
            self.stdout.write("Agenda sent.")
        else:
            self.stdout.write("Agenda already sent for that day; --resend sends it again.")


def _parse(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be YYYY-MM-DD, got {value!r}.") from None
