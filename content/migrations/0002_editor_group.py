"""Created the Editor group once; the post_migrate sync in stillwaters/roles.py keeps the group
and its permissions now.

Kept, empty, so databases that ran it keep their migration history."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = []
