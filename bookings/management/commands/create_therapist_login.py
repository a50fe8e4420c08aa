"""Create Taylor's admin login: staff, in the Therapist group, never a superuser, with the
authenticator app and recovery codes the admin asks for after the password."""

import os
from getpass import getpass

from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from bookings.management.enrolment import check_qr_file, write_enrolment
from stillwaters import two_factor
from stillwaters.roles import THERAPIST


class Command(BaseCommand):
    help = (
        "Create the therapist's admin login (staff, Therapist group, not a superuser). "
        "The password is asked for, or read from the environment variable named by "
        "--password-from-env. Prints the QR code to scan with an authenticator app (or writes "
        "it to --qr-file) and the recovery codes."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("email")
        parser.add_argument(
            "--password-from-env",
            metavar="VAR",
            help="Read the password from this environment variable instead of asking.",
        )
        parser.add_argument(
            "--qr-file",
            metavar="PATH",
            help="Write the QR code to this .png or .svg file instead of the terminal.",
        )

    def handle(self, *args, username, email, password_from_env=None, qr_file=None, **options):
        check_qr_file(qr_file)
        if User.objects.filter(username=username).exists():
            raise CommandError(
                f"A user named {username!r} already exists; nothing changed. For a new phone, "
                f"run `manage.py set_up_second_factor {username}`."
            )
        try:
            group = Group.objects.get(name=THERAPIST)
        except Group.DoesNotExist:
            raise CommandError("The Therapist group is missing; run migrate first.") from None
        password = self._password(password_from_env)
        user = User(username=username, email=email, is_staff=True, is_superuser=False)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user.set_password(password)
        with transaction.atomic():
            user.save()
            user.groups.add(group)
            enrolment = two_factor.enrol(user)
        self.stdout.write(f"Created {username!r}: staff, in the {THERAPIST} group.")
        write_enrolment(self.stdout, enrolment, qr_file)

    def _password(self, variable: str | None) -> str:
        if variable:
            password = os.environ.get(variable, "")
            if not password:
                raise CommandError(f"The environment variable {variable} is empty or unset.")
            return password
        password = getpass("Password: ")
        if password != getpass("Password (again): "):
            raise CommandError("The passwords did not match; nothing changed.")
        return password
