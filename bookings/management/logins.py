"""What the commands that create staff logins share: one login per username, a password that is
asked for or read from the environment (never from the command line, which shell history and
the process list keep) and passes Django's validators, and the role's group."""

import os
from getpass import getpass

from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.validators import validate_email


def refuse_existing(username: str, hint: str = "") -> None:
    if User.objects.filter(username=username).exists():
        raise CommandError(f"A user named {username!r} already exists; nothing changed.{hint}")


def check_email(email: str) -> None:
    try:
        validate_email(email)
    except ValidationError:
        raise CommandError(f"{email!r} is not an email address; nothing changed.") from None


def role_group(name: str) -> Group:
    try:
        return Group.objects.get(name=name)
    except Group.DoesNotExist:
        raise CommandError(f"The {name} group is missing; run migrate first.") from None


def read_password(variable: str | None) -> str:
    """The password from the environment variable named, or typed twice at a hidden prompt."""
    if variable:
        password = os.environ.get(variable, "")
        if not password:
            raise CommandError(f"The environment variable {variable} is empty or unset.")
        return password
    password = getpass("Password: ")
    if password != getpass("Password (again): "):
        raise CommandError("The passwords did not match; nothing changed.")
    return password


def new_staff_user(username: str, email: str, password: str) -> User:
    """An unsaved staff user (never a superuser) whose password passed the validators."""
    user = User(username=username, email=email, is_staff=True, is_superuser=False)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from None
    user.set_password(password)
    return user
