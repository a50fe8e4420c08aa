"""`manage.py create_editor_login`: an editor's login on a live site, without the demo command."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from stillwaters.roles import EDITOR

PASSWORD = "a-long-unusual-passphrase-42"
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def test_creates_a_staff_editor_who_is_not_a_superuser(monkeypatch, capsys):
    monkeypatch.setenv("EDITOR_PASSWORD", PASSWORD)

    call_command(
        "create_editor_login", "sam", "sam@example.com", password_from_env="EDITOR_PASSWORD"
    )

    user = User.objects.get(username="sam")
    assert (user.email, user.is_staff, user.is_superuser) == ("sam@example.com", True, False)
    assert list(user.groups.values_list("name", flat=True)) == [EDITOR]
    assert user.check_password(PASSWORD)
    assert PASSWORD not in capsys.readouterr().out


def test_asks_for_the_password_twice_when_none_is_given(monkeypatch):
    typed = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("bookings.management.logins.getpass", lambda prompt: next(typed))

    call_command("create_editor_login", "sam", "sam@example.com")

    assert User.objects.get(username="sam").check_password(PASSWORD)


def test_a_generated_password_is_shown_once_and_works(capsys):
    call_command("create_editor_login", "sam", "sam@example.com", generate_password=True)

    out = capsys.readouterr().out
    shown = out.split("privately): ")[1].split()[0]
    assert len(shown) >= 24
    assert User.objects.get(username="sam").check_password(shown)


def test_an_existing_username_is_refused_and_left_as_it_was(monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", PASSWORD)
    existing = User.objects.create_user("sam", "old@example.com", "old-password-1234")

    with pytest.raises(CommandError, match="A user named 'sam' already exists; nothing changed."):
        call_command(
            "create_editor_login", "sam", "new@example.com", password_from_env="EDITOR_PASSWORD"
        )

    existing.refresh_from_db()
    assert existing.email == "old@example.com" and not existing.groups.exists()


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("not-an-email", PASSWORD, "'not-an-email' is not an email address"),
        ("sam@example.com", "short", "This password is too short"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_creates_nothing(
    monkeypatch, email, password, message
):
    monkeypatch.setenv("EDITOR_PASSWORD", password)

    with pytest.raises(CommandError, match=message):
        call_command("create_editor_login", "sam", email, password_from_env="EDITOR_PASSWORD")

    assert not User.objects.filter(username="sam").exists()


def test_works_with_debug_off(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)},
        "DEBUG": "0",
        "SECRET_KEY": "x" * 64 + "-a-long-random-production-secret",
        "ALLOWED_HOSTS": "stillwaters.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "EDITOR_PASSWORD": PASSWORD,
    }

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env,
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip

    assert manage("migrate", "--noinput").returncode == 0
    created = manage(
        "create_editor_login", "sam", "sam@example.com", "--password-from-env", "EDITOR_PASSWORD"
    )

    assert created.returncode == 0, created.stderr
    assert "Created 'sam': staff, in the Editor group." in created.stdout
    assert PASSWORD not in created.stdout + created.stderr
