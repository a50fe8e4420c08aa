"""The Therapist group: everything in bookings, plus reading content (to see service pages)."""

from django.db import migrations

GROUP = "Therapist"


def create_therapist_group(apps, schema_editor):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the group needs them now.
    for label in ("bookings", "content"):
        create_permissions(global_apps.get_app_config(label), verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="bookings")
        | Permission.objects.filter(content_type__app_label="content", codename__startswith="view_")
    )


def remove_therapist_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0003_starter_booking_data"),
        ("content", "0003_starter_content"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_therapist_group, remove_therapist_group)]
