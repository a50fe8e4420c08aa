"""The clinical record (part 3 of 4): treatment notes, their body chart marks, consents
and refusals, amendments, the equipment service record, and the access log's new fields."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("bookings", "0015_treatment_notes")]

    operations = [
        migrations.CreateModel(
            name="TreatmentConsent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("consent", "Written consent"), ("refusal", "Refusal")],
                        max_length=7,
                    ),
                ),
                (
                    "what",
                    models.CharField(
                        help_text="The treatment consented to, or refused.",
                        max_length=300,
                        verbose_name="treatment",
                    ),
                ),
                (
                    "explanation",
                    models.TextField(blank=True, max_length=2000, verbose_name="explanation given"),
                ),
                ("signature", models.TextField(blank=True, max_length=400000)),
                (
                    "typed_name",
                    models.CharField(blank=True, max_length=120, verbose_name="typed full name"),
                ),
                ("signed_at", models.DateTimeField()),
                ("withdrawn_at", models.DateTimeField(blank=True, null=True)),
                ("locked", models.BooleanField(default=False, editable=False)),
                (
                    "pain_area",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="content.painarea",
                    ),
                ),
                (
                    "note",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="consents",
                        to="bookings.treatmentnote",
                    ),
                ),
            ],
            options={
                "ordering": ["signed_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="NoteAmendment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField(max_length=4000)),
                ("reason", models.CharField(max_length=300)),
                ("author_name", models.CharField(max_length=150)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "note",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="amendments",
                        to="bookings.treatmentnote",
                    ),
                ),
            ],
            options={
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="ChartMark",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("assessed", models.BooleanField(default=False)),
                ("treated", models.BooleanField(default=False)),
                ("finding", models.CharField(blank=True, max_length=200)),
                ("marked_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("locked", models.BooleanField(default=False, editable=False)),
                (
                    "pain_area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="content.painarea",
                    ),
                ),
                (
                    "note",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="marks",
                        to="bookings.treatmentnote",
                    ),
                ),
            ],
            options={
                "ordering": ["pain_area__position", "pain_area__name"],
            },
        ),
        migrations.AddField(
            model_name="intakeaccesslog",
            name="note",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="access_log",
                to="bookings.treatmentnote",
            ),
        ),
        migrations.AddConstraint(
            model_name="intakeaccesslog",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("intake__isnull", False), ("note__isnull", False), _connector="OR"
                ),
                name="access_log_names_a_record",
            ),
        ),
    ]
