"""Set up (or replace) a staff user's second factor: an authenticator app and recovery codes."""

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from bookings.management.enrolment import check_qr_file, write_enrolment
from stillwaters import two_factor


class Command(BaseCommand):
    help = (
        "Give a staff user a new authenticator app key and ten recovery codes, replacing any "
        "they had (for a lost phone, or an editor choosing a second factor), and print them."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--qr-file",
            metavar="PATH",
            help="Write the QR code to this .png or .svg file instead of the terminal.",
        )

    def handle(self, *args, username, qr_file=None, **options):
        check_qr_file(qr_file)
        try:
            user = User.objects.get(username=username, is_staff=True)
        except User.DoesNotExist:
            raise CommandError(f"There is no staff user named {username!r}.") from None
        write_enrolment(self.stdout, two_factor.enrol(user), qr_file)
