"""Existing clients move into households without loss (migrations 0010 to 0013)."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("bookings", "0009_receipt_classification_and_contact_fields")]
AFTER = [("bookings", "0013_people_required")]


@pytest.mark.django_db(transaction=True)
def test_each_client_becomes_an_account_holder_with_their_visits_and_histories():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Service = old.get_model("content", "Service")
    ServiceArea = old.get_model("content", "ServiceArea")
    option = old.get_model("bookings", "BookingOption").objects.create(
        service=Service.objects.create(name="Massage", slug="massage"),
        minutes=60,
        price=Decimal("100"),
    )
    area = ServiceArea.objects.create(name="Brampton", slug="brampton")
    clients = []
    for number in range(2):
        client = old.get_model("bookings", "Client").objects.create(
            name=f"Client {number}", email=f"c{number}@example.com", phone="+19055550100",
            address="1 Main St", city="Brampton", postal_code="L6V 1N6",
        )  # fmt: skip
        clients.append(client)
        old.get_model("bookings", "Appointment").objects.create(
            client=client, option=option, price=option.price, area=area,
            starts_at=datetime(2027, 1, 5 + number, 15, tzinfo=UTC),
            ends_at=datetime(2027, 1, 5 + number, 16, tzinfo=UTC),
            contact_name=client.name, contact_phone=client.phone,
            address="1 Main St", city="Brampton", postal_code="L6V 1N6",
        )  # fmt: skip
        old.get_model("bookings", "HealthIntake").objects.create(
            client=client, areas_of_concern=f"Back of client {number}",
            emergency_contact_name="Jo", emergency_contact_phone="+19055550100",
            consent_to_treatment=True, consent_to_privacy=True,
        )  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Person = new.get_model("bookings", "Person")
    for client in clients:
        holder = Person.objects.get(account_id=client.pk)
        assert (holder.name, holder.relation) == (client.name, "self")
        visit = new.get_model("bookings", "Appointment").objects.get(client_id=client.pk)
        assert visit.person_id == holder.pk
        record = new.get_model("bookings", "HealthIntake").objects.get(person=holder)
        assert record.areas_of_concern == f"Back of {client.name.lower()}"
        # Anyone could type any email when these were given: Taylor sees them as unverified.
        assert record.source == "unverified"
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
