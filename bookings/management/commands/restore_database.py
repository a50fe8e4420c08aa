"""Restore a backup made by backup_database into the configured (normally empty) database."""

import sqlite3
import subprocess

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bookings.backups import postgres_url


class Command(BaseCommand):
    help = "Restore FILE, made by backup_database, replacing what the database holds."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A backup written by backup_database.")

    def handle(self, *args, file, **options):
        if connection.vendor == "postgresql":
            # A fixed argument list, no shell; pg_restore is the server's own client, on PATH.
            command = [
                "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                f"--dbname={postgres_url()}", file,
            ]  # fmt: skip
            result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
            if result.returncode != 0:
                raise CommandError(f"pg_restore failed: {result.stderr.strip()}")
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(file) as source:
                source.backup(connection.connection)
        else:
            raise CommandError(f"No restore method for {connection.vendor}.")
        self.stdout.write(f"Restored the database from {file}")
