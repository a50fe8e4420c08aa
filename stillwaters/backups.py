"""Whole-database backups and restores: pg_dump's custom format on PostgreSQL, a file copy on
SQLite. The backup_database and restore_database commands call these."""

import sqlite3
import subprocess
from urllib.parse import quote

from django.db import connection


class BackupFailed(Exception):
    """The dump or restore did not complete; the message says why."""


def postgres_url() -> str:
    """The connection's settings as a libpq URL, so pg_dump reaches exactly this database."""
    s = connection.settings_dict
    credentials = quote(s["USER"] or "", safe="")
    if s["PASSWORD"]:
        credentials += ":" + quote(s["PASSWORD"], safe="")
    host = s["HOST"] or "localhost"
    port = s["PORT"] or "5432"
    return f"postgresql://{credentials}@{host}:{port}/{quote(s['NAME'], safe='')}"


def back_up(file: str) -> None:
    if connection.vendor == "postgresql":
        # A fixed argument list, no shell; pg_dump is the server's own client, found on PATH.
        command = ["pg_dump", "--format=custom", "--no-owner", f"--file={file}", postgres_url()]
        _run(command, "pg_dump")
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(file) as target:
            connection.connection.backup(target)
    else:
        raise BackupFailed(f"No backup method for {connection.vendor}.")


def restore(file: str) -> None:
    """Replace what the database holds with the backup in `file`."""
    if connection.vendor == "postgresql":
        command = [
            "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
            f"--dbname={postgres_url()}", file,
        ]  # fmt: skip
        _run(command, "pg_restore")
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(file) as source:
            source.backup(connection.connection)
    else:
        raise BackupFailed(f"No restore method for {connection.vendor}.")


def _run(command: list[str], name: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupFailed(f"{name} failed: {result.stderr.strip()}")
