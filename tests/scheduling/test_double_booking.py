"""Two clients can never hold the same time: under real concurrency, and in the database itself.

The racing tests need PostgreSQL (set DATABASE_URL=postgres://postgres@127.0.0.1:5432/stillwaters);
SQLite's in-memory test database cannot stand for a server under load.
"""

import threading
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

import pytest
from django.db import IntegrityError, connection, transaction

from bookings.models import (
    Appointment,
    Client,
)
from bookings.scheduling.booking import (
    ClientDetails,
    SlotTaken,
    book_appointment,
    losing_the_race_is_slot_taken,
)
from tests.factories import AppointmentFactory, ClientFactory
from tests.support import TORONTO, at

WEDNESDAY = date(2030, 3, 6)
NOW = datetime.combine(date(2030, 3, 4), time(9, 0), tzinfo=TORONTO)
VISIT = timedelta(minutes=60)
SAME_AREA_DRIVE = timedelta(minutes=15)
THREADS = 50

JANE = ClientDetails(
    name="Jane Client",
    email="jane@example.com",
    phone="+19055550101",
    address="12 Main St N",
    city="Brampton",
    postal_code="L6V 1N6",
)


@pytest.fixture
def practice(small_practice):
    assert small_practice.policy.same_area_driving_minutes * 60 == SAME_AREA_DRIVE.total_seconds()
    return small_practice


def book_all_at_once(practice, starts: list[datetime]) -> SimpleNamespace:
    """Book every start from its own thread and connection, all released together."""
    barrier = threading.Barrier(len(starts))
    booked: list[Appointment] = []
    taken: list[datetime] = []
    errors: list[BaseException] = []

    def attempt(number: int, starts_at: datetime) -> None:
        try:
            barrier.wait(timeout=30)
            booked.append(
                book_appointment(
                    option=practice.option,
                    area=practice.area,
                    starts_at=starts_at,
                    # Each client at a home of their own, so every pair needs the drive.
                    client=replace(
                        JANE, email=f"client{number}@example.com", address=f"{number} Main St N"
                    ),
                    now=NOW,
                )
            )
        except SlotTaken:
            taken.append(starts_at)
        except BaseException as error:  # noqa: BLE001 (any other outcome fails the test below)
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=attempt, args=(number, starts_at))
        for number, starts_at in enumerate(starts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return SimpleNamespace(booked=booked, taken=taken, errors=errors)


def live_appointments() -> list[Appointment]:
    return list(
        Appointment.objects.filter(status__in=Appointment.LIVE_STATUSES).order_by("starts_at")
    )


def emails_to_clients(mailoutbox) -> list:
    return [message for message in mailoutbox if message.to[0].startswith("client")]


def conflicts(starts_at: datetime, appointment: Appointment) -> bool:
    """Whether a visit at starts_at would overlap the appointment or the drive either side."""
    return (
        starts_at < appointment.ends_at + SAME_AREA_DRIVE
        and appointment.starts_at < starts_at + VISIT + SAME_AREA_DRIVE
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_clients_racing_for_one_start_book_it_once(practice, mailoutbox):
    outcome = book_all_at_once(practice, [at(WEDNESDAY, 10)] * THREADS)

    assert outcome.errors == []
    assert len(outcome.booked) == 1
    assert len(outcome.taken) == THREADS - 1
    assert [appointment.pk for appointment in live_appointments()] == [outcome.booked[0].pk]
    assert Client.objects.count() == 1
    assert len(emails_to_clients(mailoutbox)) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_clients_racing_for_overlapping_starts_never_overlap(practice, mailoutbox):
    # Thirteen starts 15 minutes apart between 10:00 and 13:00, each wanted by several clients.
    starts = [
        at(WEDNESDAY, 10) + timedelta(minutes=15 * (number % 13)) for number in range(THREADS)
    ]

    outcome = book_all_at_once(practice, starts)

    assert outcome.errors == []
    assert len(outcome.booked) + len(outcome.taken) == THREADS
    appointments = live_appointments()
    assert len(appointments) == len(outcome.booked) >= 1
    for earlier, later in zip(appointments, appointments[1:], strict=False):
        assert later.starts_at >= earlier.ends_at + SAME_AREA_DRIVE
    # Bookings ran one at a time, so each refused start clashed with one that was kept.
    for starts_at in outcome.taken:
        assert any(conflicts(starts_at, appointment) for appointment in appointments)
    assert len(emails_to_clients(mailoutbox)) == len(appointments)


@pytest.mark.django_db
def test_second_booking_of_the_same_start_is_slot_taken(practice):
    book_appointment(
        option=practice.option,
        area=practice.area,
        starts_at=at(WEDNESDAY, 10),
        client=JANE,
        now=NOW,
    )

    with pytest.raises(SlotTaken):
        book_appointment(
            option=practice.option,
            area=practice.area,
            starts_at=at(WEDNESDAY, 10),
            client=replace(JANE, email="sam@example.com"),
            now=NOW,
        )

    assert len(live_appointments()) == 1


@pytest.fixture
def jane(db):
    return ClientFactory(name=JANE.name, email=JANE.email)


def create_appointment(practice, client, starts_at: datetime, **fields) -> Appointment:
    return AppointmentFactory(
        client=client,
        option=practice.option,
        area=practice.area,
        starts_at=starts_at,
        ends_at=starts_at + VISIT,
        **fields,
    )


@pytest.mark.postgres
@pytest.mark.django_db
def test_database_refuses_an_overlapping_insert_that_skips_the_service(practice, jane):
    create_appointment(practice, jane, at(WEDNESDAY, 10))

    with pytest.raises(IntegrityError, match="appointment_no_overlap"), transaction.atomic():
        create_appointment(practice, jane, at(WEDNESDAY, 10, 30))

    create_appointment(practice, jane, at(WEDNESDAY, 11))  # back to back: the ranges are half-open
    create_appointment(practice, jane, at(WEDNESDAY, 10, 30), status=Appointment.Status.CANCELLED)
    assert len(live_appointments()) == 2


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_refusal_by_the_constraint_reaches_the_client_as_slot_taken(practice, jane):
    create_appointment(practice, jane, at(WEDNESDAY, 10))

    # Should the check inside the lock ever miss a clash, the constraint's refusal is still
    # SlotTaken, with alternatives, rather than an error page.
    guard = losing_the_race_is_slot_taken(
        practice.option, practice.area, at(WEDNESDAY, 10, 30), now=NOW
    )
    with pytest.raises(SlotTaken) as taken, guard, transaction.atomic():
        create_appointment(practice, jane, at(WEDNESDAY, 10, 30))

    assert taken.value.alternatives
    assert len(live_appointments()) == 1
