"""Whole-database backups and restores: pg_dump's custom format on PostgreSQL, a file copy on
SQLite, encrypted. The backup_database and restore_database commands call these.

A backup holds every health record, so it is never written in the clear: the dump goes to a
private temporary directory, is encrypted with Fernet (AES-128 in CBC mode with an HMAC, from
the `cryptography` package) under BACKUP_ENCRYPTION_KEY, and only the encrypted file is written,
readable by its owner alone (0600). Restoring with another key is refused before anything is
touched. The database password reaches pg_dump through its environment (PGPASSWORD), never its
command line, which every user of the machine can read in `ps`.
"""

import os
import sqlite3
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import connection

NEW_KEY_HINT = (
    "generate one with: python -c 'from cryptography.fernet import Fernet; "
    "print(Fernet.generate_key().decode())' and keep it apart from the backups"
)


class BackupFailed(Exception):
    """The dump or restore did not complete; the message says why."""


def postgres_url() -> str:
    """The connection's settings as a libpq URL without the password (see pg_environment)."""
    s = connection.settings_dict
    user = quote(s["USER"] or "", safe="")
    host = s["HOST"] or "localhost"
    port = s["PORT"] or "5432"
    return f"postgresql://{user}@{host}:{port}/{quote(s['NAME'], safe='')}"


def pg_environment() -> dict[str, str]:
    """The environment pg_dump and pg_restore run with: ours, plus the password."""
    password = connection.settings_dict["PASSWORD"]
    return {**os.environ, "PGPASSWORD": password} if password else dict(os.environ)


def dump_command(file: str) -> list[str]:
    # A fixed argument list, no shell; pg_dump is the server's own client, found on PATH.
    return ["pg_dump", "--format=custom", "--no-owner", f"--file={file}", postgres_url()]


def restore_command(file: str) -> list[str]:
    return [
        "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
        f"--dbname={postgres_url()}", file,
    ]  # fmt: skip


def back_up(file: str) -> None:
    cipher = _cipher()
    with tempfile.TemporaryDirectory(prefix="stillwaters-backup-") as private:  # mode 0700
        plain = Path(private) / "database"
        _dump(str(plain))
        encrypted = cipher.encrypt(plain.read_bytes())
    _write_private(file, encrypted)


def restore(file: str) -> None:
    """Replace what the database holds with the backup in `file`."""
    cipher = _cipher()
    try:
        plain_bytes = cipher.decrypt(Path(file).read_bytes())
    except InvalidToken:
        raise BackupFailed(
            "This backup cannot be decrypted with BACKUP_ENCRYPTION_KEY: it was made with "
            "another key, or it is not a Stillwaters backup. Nothing was restored."
        ) from None
    except OSError as error:
        raise BackupFailed(f"Cannot read {file}: {error.strerror}.") from None
    with tempfile.TemporaryDirectory(prefix="stillwaters-restore-") as private:
        plain = Path(private) / "database"
        _write_private(str(plain), plain_bytes)
        _load(str(plain))


def _dump(file: str) -> None:
    if connection.vendor == "postgresql":
        _run(dump_command(file), "pg_dump")
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(file) as target:
            connection.connection.backup(target)
    else:
        raise BackupFailed(f"No backup method for {connection.vendor}.")


def _load(file: str) -> None:
    if connection.vendor == "postgresql":
        _run(restore_command(file), "pg_restore")
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(file) as source:
            source.backup(connection.connection)
    else:
        raise BackupFailed(f"No restore method for {connection.vendor}.")


def _cipher() -> Fernet:
    key = settings.BACKUP_ENCRYPTION_KEY
    if not key:
        raise BackupFailed(f"Set BACKUP_ENCRYPTION_KEY to encrypt backups; {NEW_KEY_HINT}.")
    try:
        return Fernet(key)
    except ValueError:
        raise BackupFailed(
            f"BACKUP_ENCRYPTION_KEY is not a Fernet key (32 bytes, base64); {NEW_KEY_HINT}."
        ) from None


def _write_private(file: str, data: bytes) -> None:
    """Write `data` to `file` readable and writable by its owner only, whatever the umask."""
    descriptor = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            descriptor = None
            handle.write(data)
    finally:
        if descriptor is not None:
            os.close(descriptor)


def _run(command: list[str], name: str) -> None:
    result = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, check=False, env=pg_environment()
    )
    if result.returncode != 0:
        raise BackupFailed(f"{name} failed: {result.stderr.strip()}")
