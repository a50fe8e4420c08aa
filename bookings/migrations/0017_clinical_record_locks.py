"""The clinical record (part 4 of 4): treatment notes, their body chart marks, consents
and refusals, amendments, the equipment service record, and the access log's new fields."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("bookings", "0016_consents_amendments_chart_marks")]

    operations = [
        migrations.AddConstraint(
            model_name="treatmentnote",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status", "draft"),
                    models.Q(
                        ("finalised_at__isnull", False),
                        models.Q(("signed_name", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="treatment_note_signed_when_final",
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="treatmentnote",
            trigger=pgtrigger.compiler.Trigger(
                name="finalised_note_is_locked",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (OLD.\"status\" = 'final')",
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="8a692c71eea7b70ce4b489f741ed80307af5f802",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_finalised_note_is_locked_0ca1a",
                    table="bookings_treatmentnote",
                    when="BEFORE",
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="treatmentconsent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("signature", ""), _negated=True),
                    models.Q(("typed_name", ""), _negated=True),
                    _connector="OR",
                ),
                name="consent_is_signed",
            ),
        ),
        migrations.AddConstraint(
            model_name="treatmentconsent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("kind", "refusal"), ("pain_area__isnull", False), _connector="OR"
                ),
                name="consent_names_its_area",
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="treatmentconsent",
            trigger=pgtrigger.compiler.Trigger(
                name="locked_consent_is_kept",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition='WHEN (OLD."locked")',
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="8d0b9d6aa7f80c2e57227dccbc4716df429fb18f",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_locked_consent_is_kept_fc283",
                    table="bookings_treatmentconsent",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="noteamendment",
            trigger=pgtrigger.compiler.Trigger(
                name="amendment_is_append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="efdac67d31014a27ab107b79ee2be35c4f953dfd",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_amendment_is_append_only_918e5",
                    table="bookings_noteamendment",
                    when="BEFORE",
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="chartmark",
            constraint=models.UniqueConstraint(
                fields=("note", "pain_area"), name="chart_mark_once_per_area"
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="chartmark",
            trigger=pgtrigger.compiler.Trigger(
                name="locked_mark_is_kept",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition='WHEN (OLD."locked")',
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="8ef3d6f440160252693d64940a0db7a0992c8ced",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_locked_mark_is_kept_ec281",
                    table="bookings_chartmark",
                    when="BEFORE",
                ),
            ),
        ),
    ]
