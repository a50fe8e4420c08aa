"""A backup made by `backup_database` restores into an empty database with every appointment."""

import os
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from stillwaters.backups import postgres_url
from tests.factories import (
    AppointmentFactory,
    BookingOptionFactory,
    ClientFactory,
    ServiceAreaFactory,
)

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


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


def _manage(*args, database_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
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
    if connection.vendor == "sqlite":
        call_command("backup_database", str(backup))
    else:
        _manage("backup_database", str(backup), database_url=postgres_url())
    assert backup.stat().st_size > 0

    _manage("restore_database", str(backup), database_url=empty_database)

    assert _appointment_ids(empty_database) == booked


@pytest.mark.postgres
def test_postgres_backup_is_a_pg_dump_archive(tmp_path):
    backup = tmp_path / "stillwaters.backup"
    _manage("backup_database", str(backup), database_url=postgres_url())
    assert backup.read_bytes().startswith(b"PGDMP")
