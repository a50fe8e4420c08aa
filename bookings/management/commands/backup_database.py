"""Dump the whole database to one file: pg_dump's custom format on PostgreSQL, a copy on SQLite."""

import sqlite3
import subprocess

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bookings.backups import postgres_url


class Command(BaseCommand):
    help = "Write a complete, restorable backup of the database to FILE."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the backup.")

    def handle(self, *args, file, **options):
        if connection.vendor == "postgresql":
            # A fixed argument list, no shell; pg_dump is the server's own client, found on PATH.
            command = ["pg_dump", "--format=custom", "--no-owner", f"--file={file}", postgres_url()]
            result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
            if result.returncode != 0:
                raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(file) as target:
                connection.connection.backup(target)
        else:
            raise CommandError(f"No backup method for {connection.vendor}.")
        self.stdout.write(f"Backed up the database to {file}")
