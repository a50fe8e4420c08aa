"""Receipt numbers run 1, 2, 3… with no gap and no duplicate, however many visits end at once.

The racing test needs PostgreSQL (set DATABASE_URL=postgres://postgres@127.0.0.1:5432/stillwaters):
there each thread has its own connection and the policy-row lock is what keeps the numbers in
order. On SQLite the IMMEDIATE transaction mode serialises the writers instead.
"""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from bookings.billing import receipts
from bookings.billing.receipts import ReceiptRefused
from bookings.models import Appointment, Receipt
from tests.factories import BookingPolicyFactory

THREADS = 24
LAST_STARTS_AT = datetime(2027, 1, 12, 15, tzinfo=UTC)
AFTER_THE_VISIT = LAST_STARTS_AT + timedelta(hours=2)


@pytest.fixture(autouse=True)
def policy(db):
    """What a massage therapy receipt needs: the therapist and her registration number."""
    return BookingPolicyFactory(therapist_name="Taylor Reid", registration_number="U4821")


def visits_in_a_row(make_visit, count: int) -> list[Appointment]:
    # Two hours apart, so PostgreSQL's no-overlap constraint lets every one be booked.
    return [
        make_visit(starts_at=LAST_STARTS_AT - timedelta(hours=2 * number))
        for number in range(count)
    ]


@pytest.mark.django_db
def test_numbers_start_at_one_and_run_without_gaps(make_visit):
    visits = visits_in_a_row(make_visit, 5)

    numbers = [
        receipts.complete_and_issue_receipt(visit, "cash", now=AFTER_THE_VISIT).number
        for visit in visits
    ]

    assert numbers == [1, 2, 3, 4, 5]


@pytest.mark.django_db
def test_a_correction_takes_the_next_number(make_visit):
    first, second = visits_in_a_row(make_visit, 2)
    receipt = receipts.complete_and_issue_receipt(first, "cash", now=AFTER_THE_VISIT)
    receipts.complete_and_issue_receipt(second, "cash", now=AFTER_THE_VISIT)

    assert receipts.correct_receipt(receipt, now=AFTER_THE_VISIT).number == 3


@pytest.mark.django_db
def test_a_refused_receipt_uses_no_number(make_visit):
    first, cancelled, third = visits_in_a_row(make_visit, 3)
    Appointment.objects.filter(pk=cancelled.pk).update(status=Appointment.Status.CANCELLED)

    receipts.complete_and_issue_receipt(first, "cash", now=AFTER_THE_VISIT)
    with pytest.raises(ReceiptRefused):
        receipts.complete_and_issue_receipt(cancelled, "cash", now=AFTER_THE_VISIT)
    receipts.complete_and_issue_receipt(third, "cash", now=AFTER_THE_VISIT)

    assert sorted(Receipt.objects.values_list("number", flat=True)) == [1, 2]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_visits_completed_all_at_once_get_numbers_one_to_n(make_visit, mailoutbox):
    visits = visits_in_a_row(make_visit, THREADS)
    barrier = threading.Barrier(THREADS)
    issued: list[int] = []
    errors: list[BaseException] = []

    def complete(visit: Appointment) -> None:
        try:
            barrier.wait(timeout=30)
            receipt = receipts.complete_and_issue_receipt(visit, "debit", now=AFTER_THE_VISIT)
            issued.append(receipt.number)
        except BaseException as error:  # noqa: BLE001 (any failure fails the test below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=complete, args=(visit,)) for visit in visits]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    assert sorted(issued) == list(range(1, THREADS + 1))
    stored = Receipt.objects.order_by("number").values_list("number", "appointment_id")
    assert [number for number, _ in stored] == list(range(1, THREADS + 1))
    assert sorted(appointment for _, appointment in stored) == sorted(v.pk for v in visits)
    assert not Appointment.objects.exclude(status=Appointment.Status.COMPLETED).exists()
    assert len(mailoutbox) == THREADS
