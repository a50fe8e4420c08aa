"""The intake access log becomes the audit log without losing an entry or a grant (0025)."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("bookings", "0024_lock_box")]
AFTER = [("bookings", "0025_audit_log_covers_every_record")]


@pytest.mark.django_db(transaction=True)
def test_each_earlier_entry_names_whose_record_it_was_and_grants_carry_over():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    account = old.get_model("bookings", "Client").objects.create(
        name="Sam", email="sam@example.com", phone="+19055550100",
        address="1 Main St", city="Brampton", postal_code="L6V 1N6",
    )  # fmt: skip
    person = old.get_model("bookings", "Person").objects.create(account=account, name="Sam")
    history = old.get_model("bookings", "HealthIntake").objects.create(
        person=person, areas_of_concern="Neck", emergency_contact_name="Jo",
        emergency_contact_phone="+19055550100", consent_to_treatment=True,
        consent_to_privacy=True,
    )  # fmt: skip
    entry = old.get_model("bookings", "IntakeAccessLog").objects.create(
        intake=history, username="taylor", purpose="admin: health intake record",
        accessed_at=datetime(2030, 1, 2, 15, tzinfo=UTC),
    )  # fmt: skip
    ContentType = old.get_model("contenttypes", "ContentType")
    # As on a database from before 0025: the access log's type, and no audit log's yet.
    ContentType.objects.filter(app_label="bookings", model="auditentry").delete()
    log_type, _ = ContentType.objects.get_or_create(app_label="bookings", model="intakeaccesslog")
    Permission = old.get_model("auth", "Permission")
    grant, _ = Permission.objects.get_or_create(
        content_type=log_type, codename="view_intakeaccesslog", defaults={"name": "Can view"}
    )
    user = old.get_model("auth", "User").objects.create(username="auditor", is_staff=True)
    user.user_permissions.add(grant)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    moved = new.get_model("bookings", "AuditEntry").objects.get(pk=entry.pk)
    assert (moved.person_id, moved.intake_id, moved.username) == (person.pk, history.pk, "taylor")
    held = new.get_model("auth", "User").objects.get(username="auditor").user_permissions.get()
    assert (held.codename, held.content_type.model) == ("view_auditentry", "auditentry")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
