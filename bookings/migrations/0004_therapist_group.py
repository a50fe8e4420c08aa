"""Created the Therapist group once; the post_migrate sync in stillwaters/roles.py keeps the
group and its permissions now.

Kept, empty, so databases that ran it keep their migration history."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0003_starter_booking_data"),
        ("content", "0003_starter_content"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = []
