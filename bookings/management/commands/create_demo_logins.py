"""Demo logins for a local copy of the site; refused when DEBUG is off."""

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError

DEMO_LOGINS = [
    ("taylor", "stillwaters-demo-therapist", "Therapist"),
    ("editor", "stillwaters-demo-editor", "Editor"),
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
