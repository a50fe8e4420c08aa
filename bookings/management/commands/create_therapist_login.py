"""Create Taylor's admin login: staff, in the Therapist group, never a superuser, with the
authenticator app and recovery codes the admin asks for after the password."""

from django.core.management.base import BaseCommand
from django.db import transaction

from bookings.management import logins
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
        logins.refuse_existing(
            username, f" For a new phone, run `manage.py set_up_second_factor {username}`."
        )
        group = logins.role_group(THERAPIST)
        user = logins.new_staff_user(username, email, logins.read_password(password_from_env))
        with transaction.atomic():
            user.save()
            user.groups.add(group)
            enrolment = two_factor.enrol(user)
        self.stdout.write(f"Created {username!r}: staff, in the {THERAPIST} group.")
        write_enrolment(self.stdout, enrolment, qr_file)
