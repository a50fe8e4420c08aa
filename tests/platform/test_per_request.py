"""The per-request memo (stillwaters/per_request.py) and the booking policy read through it."""

import pytest
from django.http import HttpResponse

from bookings.models import BookingPolicy
from stillwaters import per_request

pytestmark = pytest.mark.django_db


def within_a_request(view):
    return per_request.RequestMemoMiddleware(lambda request: view())(None)


def test_outside_a_request_every_read_goes_to_the_database(django_assert_num_queries):
    with django_assert_num_queries(2):
        BookingPolicy.current()
        BookingPolicy.current()


def test_inside_one_request_the_policy_is_read_once(django_assert_num_queries):
    def view():
        with django_assert_num_queries(1):
            assert BookingPolicy.current() is BookingPolicy.current()
        return HttpResponse()

    within_a_request(view)


def test_a_save_in_the_request_is_seen_by_the_reads_after_it():
    def view():
        assert BookingPolicy.current().minimum_notice_hours != 48
        policy = BookingPolicy.lock()
        policy.minimum_notice_hours = 48
        policy.save()
        assert BookingPolicy.current().minimum_notice_hours == 48
        return HttpResponse()

    within_a_request(view)


def test_each_request_reads_afresh(django_assert_num_queries):
    within_a_request(lambda: BookingPolicy.current() and HttpResponse())
    BookingPolicy.objects.update_or_create(singleton=True, defaults={"minimum_notice_hours": 30})

    def view():
        assert BookingPolicy.current().minimum_notice_hours == 30
        return HttpResponse()

    within_a_request(view)


def test_the_row_a_lock_reads_is_the_policy_for_the_rest_of_the_request(
    django_assert_num_queries,
):
    BookingPolicy.objects.create(singleton=True, minimum_notice_hours=12)

    def view():
        assert BookingPolicy.current().minimum_notice_hours == 12
        # Another request's change, committed before this one takes the lock.
        BookingPolicy.objects.filter(singleton=True).update(minimum_notice_hours=24)
        with django_assert_num_queries(1):
            locked = BookingPolicy.lock()
            assert BookingPolicy.current() is locked
        assert locked.minimum_notice_hours == 24
        return HttpResponse()

    within_a_request(view)


def test_locking_on_a_new_site_creates_the_policy_row():
    assert not BookingPolicy.objects.exists()
    assert BookingPolicy.lock().pk == BookingPolicy.objects.get().pk


def test_the_working_hours_are_read_once_per_request_and_again_after_a_change(
    django_assert_num_queries,
):
    from bookings.models import WorkingHours

    def view():
        with django_assert_num_queries(1):
            assert WorkingHours.intervals() == WorkingHours.intervals() == []
        WorkingHours.objects.create(weekday=2, starts="09:00", ends="17:00")
        assert [weekday for weekday, *_ in WorkingHours.intervals()] == [2]
        WorkingHours.objects.get().delete()
        assert WorkingHours.intervals() == []
        return HttpResponse()

    within_a_request(view)
