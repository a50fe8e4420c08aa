"""The clinical record (part 1 of 4): treatment notes, their body chart marks, consents
and refusals, amendments, the equipment service record, and the access log's new fields."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0013_people_required"),
        ("content", "0006_body_chart_regions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="EquipmentServiceRecord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "item",
                    models.CharField(
                        choices=[
                            ("table", "Massage table"),
                            ("hydrotherapy", "Hydrotherapy equipment"),
                            ("cupping", "Cupping equipment"),
                            ("other", "Other equipment"),
                        ],
                        max_length=12,
                    ),
                ),
                (
                    "description",
                    models.CharField(
                        blank=True,
                        help_text="Make, model or serial number.",
                        max_length=120,
                        verbose_name="which one",
                    ),
                ),
                ("serviced_on", models.DateField()),
                (
                    "work_done",
                    models.TextField(max_length=2000, verbose_name="checked or serviced"),
                ),
                ("serviced_by", models.CharField(max_length=120, verbose_name="by whom")),
            ],
            options={
                "verbose_name": "equipment service record",
                "ordering": ["-serviced_on", "-pk"],
            },
        ),
        migrations.AlterModelOptions(
            name="intakeaccesslog",
            options={
                "ordering": ["-accessed_at"],
                "verbose_name": "health record access",
                "verbose_name_plural": "health record access log",
            },
        ),
        migrations.AddField(
            model_name="appointment",
            name="reported_areas",
            field=models.ManyToManyField(blank=True, related_name="+", to="content.painarea"),
        ),
        migrations.AddField(
            model_name="intakeaccesslog",
            name="action",
            field=models.CharField(
                choices=[("read", "Read"), ("write", "Wrote"), ("print", "Printed")],
                default="read",
                max_length=5,
            ),
        ),
        migrations.AlterField(
            model_name="intakeaccesslog",
            name="intake",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="access_log",
                to="bookings.healthintake",
            ),
        ),
    ]
