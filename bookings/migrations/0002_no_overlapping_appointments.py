"""On PostgreSQL, the database itself refuses two live appointments whose times overlap.

A plain GiST index on a tstzrange handles `&&`; with a single therapist there is no equality
column, so btree_gist is not needed. SQLite has no exclusion constraints: there, booking writes run
in IMMEDIATE transactions and re-check inside them (bookings/booking.py).
"""

from django.db import migrations

LIVE = "('requested', 'confirmed', 'completed')"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE bookings_appointment ADD CONSTRAINT appointment_no_overlap "
        "EXCLUDE USING gist (tstzrange(starts_at, ends_at, '[)') WITH &&) "
        f"WHERE (status IN {LIVE})"
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE bookings_appointment DROP CONSTRAINT IF EXISTS appointment_no_overlap"
    )


class Migration(migrations.Migration):
    dependencies = [("bookings", "0001_initial")]

    operations = [migrations.RunPython(add_constraint, drop_constraint, elidable=False)]
