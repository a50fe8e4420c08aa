"""The clinical record (part 2 of 4): treatment notes, their body chart marks, consents
and refusals, amendments, the equipment service record, and the access log's new fields."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("bookings", "0014_equipment_and_access_log")]

    operations = [
        migrations.CreateModel(
            name="TreatmentNote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "subjective",
                    models.TextField(
                        blank=True, max_length=4000, verbose_name="what the client reports"
                    ),
                ),
                (
                    "assessment",
                    models.TextField(
                        blank=True, max_length=4000, verbose_name="assessment findings"
                    ),
                ),
                (
                    "treatment",
                    models.TextField(
                        blank=True,
                        help_text="Techniques and where.",
                        max_length=4000,
                        verbose_name="treatment given",
                    ),
                ),
                (
                    "pressure",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("light", "Light"),
                            ("moderate", "Moderate"),
                            ("firm", "Firm"),
                            ("deep", "Deep"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "plan",
                    models.TextField(
                        blank=True, max_length=4000, verbose_name="plan and home care"
                    ),
                ),
                ("referrals", models.TextField(blank=True, max_length=2000)),
                (
                    "verbal_consent_at",
                    models.DateTimeField(
                        blank=True, null=True, verbose_name="verbal consent to the treatment plan"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("draft", "Draft"), ("final", "Finalised")],
                        default="draft",
                        max_length=5,
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("finalised_at", models.DateTimeField(blank=True, null=True)),
                (
                    "signed_name",
                    models.CharField(blank=True, max_length=120, verbose_name="signed by"),
                ),
                (
                    "signed_registration",
                    models.CharField(
                        blank=True, max_length=20, verbose_name="CMTO registration number"
                    ),
                ),
                (
                    "appointment",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="treatment_note",
                        to="bookings.appointment",
                    ),
                ),
                (
                    "finalised_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-appointment__starts_at"],
            },
        ),
    ]
