from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from bookings.scheduling.starter import load_practice
from content.starter_loader import STARTER_DIR, StarterDataError, load_content


class Command(BaseCommand):
    help = (
        f"Create the starter content and practice data from {STARTER_DIR} that the site lacks. "
        "Anything loaded before is left as staff have it, even if they deleted it."
    )

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                reports = [load_content(), load_practice()]
        except StarterDataError as error:
            raise CommandError(error) from error
        for report in reports:
            for line in report.lines():
                self.stdout.write(line)
