"""Loaded the starter booking data once; it is data now (content/starter/practice.toml,
load_starter_content).

Kept, empty, so databases that ran it keep their migration history."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0002_no_overlapping_appointments"),
        ("content", "0003_starter_content"),
    ]

    operations = []
