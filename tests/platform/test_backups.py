"""A backup made by `backup_database` restores into an empty database with every appointment."""

import os
import sqlite3
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import psycopg2
import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from stillwaters import backups
from stillwaters.backups import postgres_url
from tests.factories import (
    AppointmentFactory,
    BookingOptionFactory,
    ClientFactory,
    ServiceAreaFactory,
)

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)
KEY = Fernet.generate_key().decode()


@pytest.fixture(autouse=True)
def backup_key(settings):
    settings.BACKUP_ENCRYPTION_KEY = KEY


def _book_some_visits(count: int) -> set[int]:
    option = BookingOptionFactory()
    area = ServiceAreaFactory()
    client = ClientFactory(name="Backup Client", email="backup@example.com")
    start = timezone.now() + timedelta(days=3)
    return {
        AppointmentFactory(
            client=client, option=option, area=area, starts_at=start + timedelta(days=day)
        ).pk
        for day in range(count)
    }


def _manage(*args, database_url: str, key: str = KEY) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "BACKUP_ENCRYPTION_KEY": key}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=False,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.fixture
def empty_database(tmp_path):
    """The URL of a new, empty database of the same kind as the test database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"{connection.settings_dict['NAME']}_restored"
    admin = psycopg2.connect(postgres_url().rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield postgres_url().rsplit("/", 1)[0] + f"/{name}"
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def _back_up(backup: Path) -> None:
    """Back up the test database: in this process on SQLite, whose test database lives in
    memory, and with the command in its own process on PostgreSQL, as production runs it."""
    if connection.vendor == "sqlite":
        call_command("backup_database", str(backup))
    else:
        assert _manage("backup_database", str(backup), database_url=postgres_url()).returncode == 0


def _appointment_ids(database_url: str) -> set[int]:
    query = "SELECT id FROM bookings_appointment"
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            return {row[0] for row in db.execute(query)}
    with psycopg2.connect(database_url) as db, db.cursor() as cursor:
        cursor.execute(query)
        return {row[0] for row in cursor.fetchall()}


def test_backup_restores_into_an_empty_database_with_every_appointment(tmp_path, empty_database):
    booked = _book_some_visits(12)
    backup = tmp_path / "stillwaters.backup"
    _back_up(backup)
    assert backup.stat().st_size > 0

    assert _manage("restore_database", str(backup), database_url=empty_database).returncode == 0

    assert _appointment_ids(empty_database) == booked


def test_a_backup_is_encrypted_and_readable_by_its_owner_only(tmp_path):
    _book_some_visits(1)
    backup = tmp_path / "stillwaters.backup"
    os.umask(0o022)
    call_command("backup_database", str(backup))
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    data = backup.read_bytes()
    assert b"Backup Client" not in data and b"backup@example.com" not in data
    assert Fernet(KEY).decrypt(data)  # it is a Fernet token under the configured key


def test_restoring_with_another_key_is_refused_and_changes_nothing(tmp_path, empty_database):
    booked = _book_some_visits(2)
    backup = tmp_path / "stillwaters.backup"
    _back_up(backup)
    wrong = _manage(
        "restore_database", str(backup), database_url=empty_database,
        key=Fernet.generate_key().decode(),
    )  # fmt: skip
    assert wrong.returncode != 0
    assert "cannot be decrypted with BACKUP_ENCRYPTION_KEY" in wrong.stderr
    assert _manage("restore_database", str(backup), database_url=empty_database).returncode == 0
    assert _appointment_ids(empty_database) == booked


def test_without_a_key_no_backup_is_written(tmp_path, settings):
    settings.BACKUP_ENCRYPTION_KEY = ""
    backup = tmp_path / "stillwaters.backup"
    with pytest.raises(CommandError, match="Set BACKUP_ENCRYPTION_KEY"):
        call_command("backup_database", str(backup))
    assert not backup.exists()


def test_the_database_password_never_reaches_the_command_line():
    saved = connection.settings_dict["PASSWORD"]
    connection.settings_dict["PASSWORD"] = "s3cret-password"
    try:
        assert not any("s3cret" in part for part in backups.dump_command("/tmp/x"))
        assert not any("s3cret" in part for part in backups.restore_command("/tmp/x"))
        assert backups.pg_environment()["PGPASSWORD"] == "s3cret-password"
    finally:
        connection.settings_dict["PASSWORD"] = saved


@pytest.mark.postgres
def test_postgres_backup_is_a_pg_dump_archive(tmp_path):
    backup = tmp_path / "stillwaters.backup"
    _manage("backup_database", str(backup), database_url=postgres_url())
    assert Fernet(KEY).decrypt(backup.read_bytes()).startswith(b"PGDMP")
