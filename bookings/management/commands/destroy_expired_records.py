"""List, or destroy, the health records past their retention date (privacy/retention.py)."""

from django.core.management.base import BaseCommand

from bookings.privacy import retention


class Command(BaseCommand):
    help = "List the people whose records' retention has ended; --destroy deletes them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--destroy", action="store_true", help="Destroy them, leaving a tombstone each."
        )

    def handle(self, *args, destroy, **options):
        expired = retention.past_retention()
        if not expired:
            self.stdout.write("No records have passed their retention date.")
            return
        for entry in expired:
            line = f"person {entry.person.pk}: kept until {entry.kept_until:%Y-%m-%d}"
            if destroy:
                tombstone = retention.destroy(entry.person, by="destroy_expired_records")
                line += f", destroyed ({tombstone.destroyed})"
            self.stdout.write(line)
        if not destroy:
            self.stdout.write(
                "Run again with --destroy to destroy them. Backups expire on their own."
            )
