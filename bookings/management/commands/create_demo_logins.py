"""Demo logins for a local copy of the site; refused when DEBUG is off."""

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError

from stillwaters import two_factor
from stillwaters.roles import EDITOR, THERAPIST

DEMO_LOGINS = [
    ("taylor", "stillwaters-demo-therapist", THERAPIST),
    ("editor", "stillwaters-demo-editor", EDITOR),
]


class Command(BaseCommand):
    help = "Create a demo therapist and a demo editor login and print them (local use only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo logins are for local development; DEBUG is off here.")
        for username, password, group_name in DEMO_LOGINS:
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = True
            user.set_password(password)
            user.save()
            user.groups.add(Group.objects.get(name=group_name))
        self.stdout.write("Demo logins for http://127.0.0.1:8000/admin/")
        for username, password, group_name in DEMO_LOGINS:
            self.stdout.write(f"  {group_name:<10} user: {username:<8} password: {password}")
        self._second_factor_of(User.objects.get(username="taylor"))

    def _second_factor_of(self, therapist: User) -> None:
        # Kept from one run to the next, so an app that scanned it once keeps working.
        enrolment = two_factor.enrolment_of(therapist) or two_factor.enrol(therapist)
        self.stdout.write(
            f"\nThe {THERAPIST} login also asks for a code. Add this to an authenticator app:\n"
            f"  {enrolment.otpauth_uri}\n"
            "or type one of these unused recovery codes (each works once; once they run out, "
            "run `manage.py set_up_second_factor taylor` for new ones):"
        )
        for code in enrolment.recovery_codes:
            self.stdout.write(f"  {two_factor.readable_recovery_code(code)}")
