"""Client accounts become households: the people in them, whose visits and health histories
are theirs (filled in by 0012, then required by 0013), a guardian's consent on a minor's visit,
and where each health history came from."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0009_receipt_classification_and_contact_fields"),
        ("content", "0005_service_not_massage_therapy_until_set"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="client",
            options={"ordering": ["name"], "verbose_name": "client account"},
        ),
        migrations.AddField(
            model_name="appointment",
            name="guardian_consent_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="appointment",
            name="guardian_consent_by",
            field=models.CharField(
                blank=True, max_length=120, verbose_name="guardian who consented"
            ),
        ),
        migrations.AddField(
            model_name="healthintake",
            name="given_with",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="intakes_given",
                to="bookings.appointment",
            ),
        ),
        migrations.AddField(
            model_name="healthintake",
            name="source",
            field=models.CharField(
                choices=[
                    ("email-link", "Confirmed from the booking email"),
                    ("account", "Given while signed in"),
                    ("therapist", "Taken by Taylor"),
                    ("unverified", "Given at booking, before emails were confirmed"),
                ],
                default="unverified",
                max_length=10,
            ),
        ),
        migrations.CreateModel(
            name="Person",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=120)),
                ("date_of_birth", models.DateField(blank=True, null=True)),
                (
                    "relation",
                    models.CharField(
                        choices=[
                            ("self", "Account holder"),
                            ("partner", "Partner or spouse"),
                            ("child", "Child"),
                            ("parent", "Parent"),
                            ("other", "Other household member"),
                        ],
                        max_length=10,
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "account",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="people",
                        to="bookings.client",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "people",
                "ordering": ["account", "created_at", "pk"],
            },
        ),
        migrations.AddField(
            model_name="appointment",
            name="person",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="appointments",
                to="bookings.person",
            ),
        ),
        migrations.AddField(
            model_name="healthintake",
            name="person",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="intakes",
                to="bookings.person",
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(
                condition=models.Q(("relation", "self")),
                fields=("account",),
                name="person_one_account_holder",
            ),
        ),
    ]
