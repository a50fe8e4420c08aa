"""Every client becomes a household account with its account holder as the one person in it;
their visits and health histories move onto that person. Histories given before booking emails
were confirmed are kept, marked unverified (migration 0010's default), since anyone could type
any email then. Nothing is deleted."""

from django.db import migrations


def move_into_households(apps, schema_editor):
    Client = apps.get_model("bookings", "Client")
    Person = apps.get_model("bookings", "Person")
    Appointment = apps.get_model("bookings", "Appointment")
    HealthIntake = apps.get_model("bookings", "HealthIntake")
    for client in Client.objects.order_by("pk").iterator():
        holder = Person.objects.create(
            account=client, name=client.name, relation="self", created_at=client.created_at
        )
        Appointment.objects.filter(client=client).update(person=holder)
        HealthIntake.objects.filter(client=client).update(person=holder)


def back_onto_clients(apps, schema_editor):
    HealthIntake = apps.get_model("bookings", "HealthIntake")
    Person = apps.get_model("bookings", "Person")
    for person in Person.objects.order_by("pk").iterator():
        HealthIntake.objects.filter(person=person).update(client=person.account_id)


class Migration(migrations.Migration):
    dependencies = [("bookings", "0011_holds_links_sessions")]

    operations = [migrations.RunPython(move_into_households, back_onto_clients)]
