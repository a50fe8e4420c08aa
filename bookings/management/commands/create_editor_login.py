"""Create an editor's admin login on a live site: staff, in the Editor group (the site's
content, never client data), never a superuser. The demo command cannot: it refuses DEBUG=0."""

import secrets

from django.core.management.base import BaseCommand
from django.db import transaction

from bookings.management import logins
from stillwaters.roles import EDITOR

GENERATED_PASSWORD_BYTES = 18  # 24 URL-safe characters


class Command(BaseCommand):
    help = (
        "Create an editor's admin login (staff, Editor group, not a superuser). The password "
        "is asked for, read from the environment variable named by --password-from-env, or "
        "made up and shown once with --generate-password."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("email")
        source = parser.add_mutually_exclusive_group()
        source.add_argument(
            "--password-from-env",
            metavar="VAR",
            help="Read the password from this environment variable instead of asking.",
        )
        source.add_argument(
            "--generate-password",
            action="store_true",
            help="Make up a strong password and print it once, to hand to the editor.",
        )

    def handle(
        self, *args, username, email, password_from_env=None, generate_password=False, **options
    ):
        logins.refuse_existing(username)
        logins.check_email(email)
        group = logins.role_group(EDITOR)
        password = (
            secrets.token_urlsafe(GENERATED_PASSWORD_BYTES)
            if generate_password
            else logins.read_password(password_from_env)
        )
        user = logins.new_staff_user(username, email, password)
        with transaction.atomic():
            user.save()
            user.groups.add(group)
        self.stdout.write(f"Created {username!r}: staff, in the {EDITOR} group.")
        if generate_password:
            self.stdout.write(
                f"Password (shown only now; give it to the editor privately): {password}"
            )
        self.stdout.write(
            f"The editor may add a second factor with `manage.py set_up_second_factor {username}`."
        )
