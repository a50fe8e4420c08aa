"""The task base: work started inside a transaction is queued only once it commits."""

import pytest
from celery import shared_task
from django.db import transaction

from stillwaters.tasks import PracticeTask

ran = []


@shared_task(base=PracticeTask, name="tests.record")
def record(value):
    ran.append(value)


@pytest.fixture(autouse=True)
def _empty():
    ran.clear()


@pytest.mark.django_db(transaction=True)
def test_a_task_started_in_a_transaction_runs_after_the_commit():
    with transaction.atomic():
        record.delay("booked")
        assert ran == []
    assert ran == ["booked"]


@pytest.mark.django_db(transaction=True)
def test_a_task_started_in_a_rolled_back_transaction_never_runs():
    with pytest.raises(RuntimeError), transaction.atomic():
        record.delay("lost")
        raise RuntimeError("the booking failed")
    assert ran == []


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_task_is_sent_at_once():
    record.delay("now")
    assert ran == ["now"]
