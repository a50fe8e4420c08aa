"""Loaded the starter content once; it is data now (content/starter/, load_starter_content).

Kept, empty, so databases that ran it keep their migration history."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("content", "0002_editor_group")]

    operations = []
