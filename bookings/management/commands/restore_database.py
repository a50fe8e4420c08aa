"""Restore a backup made by backup_database into the configured (normally empty) database."""

from django.core.management.base import BaseCommand, CommandError

from stillwaters import backups


class Command(BaseCommand):
    help = "Restore FILE, made by backup_database, replacing what the database holds."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A backup written by backup_database.")

    def handle(self, *args, file, **options):
        try:
            backups.restore(file)
        except backups.BackupFailed as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored the database from {file}")
