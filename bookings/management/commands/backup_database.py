"""Dump the whole database to one file (stillwaters/backups.py)."""

from django.core.management.base import BaseCommand, CommandError

from stillwaters import backups


class Command(BaseCommand):
    help = "Write a complete, restorable backup of the database to FILE."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the backup.")

    def handle(self, *args, file, **options):
        try:
            backups.back_up(file)
        except backups.BackupFailed as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up the database to {file}")
