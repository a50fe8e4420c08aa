"""Appointment admin: filters, search, and the confirm, cancel, completed and no-show actions."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from bookings.models import Appointment, Receipt
from tests.factories import (
    AppointmentFactory,
    BookingOptionFactory,
    BookingPolicyFactory,
    ClientFactory,
    ServiceAreaFactory,
    ServiceFactory,
)
from tests.support import at, login_in_group

DAY = date(2030, 3, 6)
NOW = at(DAY, 12)
CHANGELIST = "admin:bookings_appointment_changelist"


@pytest.fixture
def practice(db, time_machine, client):
    time_machine.move_to(NOW, tick=False)
    option = BookingOptionFactory(
        service=ServiceFactory(name="Test massage"), price=Decimal("110.00")
    )
    area = ServiceAreaFactory(name="North")
    BookingPolicyFactory(therapist_name="Taylor Test", registration_number="U123")
    counter = iter(range(1000))

    def visit(starts_at, status=Appointment.Status.CONFIRMED, name=None, postal_code="L6V 1N6"):
        n = next(counter)
        client_row = ClientFactory(
            name=name or f"Client {n}", phone=f"+1905555{n:04d}", postal_code=postal_code
        )
        return AppointmentFactory(
            client=client_row, option=option, starts_at=starts_at, area=area, status=status
        )

    login_in_group(client, "taylor", "Therapist")
    return SimpleNamespace(area=area, option=option, visit=visit, client=client)


def act(practice, action: str, *appointments, **extra):
    return practice.client.post(
        reverse(CHANGELIST),
        {"action": action, ACTION_CHECKBOX_NAME: [a.pk for a in appointments], **extra},
        follow=True,
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def status_of(appointment) -> str:
    appointment.refresh_from_db()
    return appointment.status


# Filters and search


def test_changelist_filters_by_status_date_area_and_service(practice):
    # Admin offers a filter by a related model only when there are two to choose between.
    ServiceAreaFactory(name="South")
    BookingOptionFactory(service=ServiceFactory(name="Other massage"))

    page = practice.client.get(reverse(CHANGELIST)).content.decode()

    for heading in ("By status", "By starts at", "By area", "By service"):
        assert heading in page


def test_search_finds_by_name_email_phone_and_postal_code(practice):
    wanted = practice.visit(at(DAY, 15), name="Zed Wanted", postal_code="M5V 2T6")
    practice.visit(at(DAY, 17), name="Other Person")

    for query in ("Zed", wanted.client.email, wanted.client.phone, "M5V"):
        response = practice.client.get(reverse(CHANGELIST), {"q": query})
        assert list(response.context["cl"].result_list) == [wanted], query


def test_status_is_not_editable_on_the_change_page(practice):
    appointment = practice.visit(at(DAY, 15))

    response = practice.client.get(
        reverse("admin:bookings_appointment_change", args=[appointment.pk])
    )

    assert "status" not in response.context["adminform"].form.fields


# Confirm and cancel


def test_confirm_action_confirms_requests_emails_clients_and_logs(
    practice, mailoutbox, django_capture_on_commit_callbacks
):
    request = practice.visit(at(DAY, 15), status=Appointment.Status.REQUESTED)

    with django_capture_on_commit_callbacks(execute=True):
        response = act(practice, "confirm", request)

    assert status_of(request) == Appointment.Status.CONFIRMED
    assert "1 visit confirmed." in messages_of(response)
    assert [m.to for m in mailoutbox if request.client.email in m.to]
    assert LogEntry.objects.filter(object_id=str(request.pk), change_message="Confirmed").exists()


def test_confirm_action_reports_a_request_whose_time_has_passed(practice):
    past = practice.visit(at(DAY, 9), status=Appointment.Status.REQUESTED)

    response = act(practice, "confirm", past)

    assert status_of(past) == Appointment.Status.REQUESTED
    assert any("can no longer be confirmed" in m for m in messages_of(response))


def test_cancel_action_cancels_inside_the_window_and_emails_the_client(
    practice, mailoutbox, django_capture_on_commit_callbacks
):
    soon = practice.visit(at(DAY, 15))  # three hours away: too late for the client, not for Taylor

    with django_capture_on_commit_callbacks(execute=True):
        response = act(practice, "cancel", soon)

    assert status_of(soon) == Appointment.Status.CANCELLED
    assert "1 visit cancelled." in messages_of(response)
    assert any(soon.client.email in m.to for m in mailoutbox)


def test_cancel_action_refuses_a_completed_visit_and_still_cancels_the_rest(practice):
    done = practice.visit(at(DAY, 8), status=Appointment.Status.COMPLETED)
    later = practice.visit(at(DAY, 15))

    response = act(practice, "cancel", done, later)

    assert status_of(done) == Appointment.Status.COMPLETED
    assert status_of(later) == Appointment.Status.CANCELLED
    assert any("completed and can no longer be changed" in m for m in messages_of(response))


# No-show


def test_no_show_action_marks_a_started_visit(practice):
    missed = practice.visit(at(DAY, 10))

    response = act(practice, "mark_no_show", missed)

    assert status_of(missed) == Appointment.Status.NO_SHOW
    assert "1 visit marked no-show." in messages_of(response)


def test_no_show_is_refused_before_the_visit_starts(practice):
    upcoming = practice.visit(at(DAY, 15))

    response = act(practice, "mark_no_show", upcoming)

    assert status_of(upcoming) == Appointment.Status.CONFIRMED
    assert any("has not started yet" in m for m in messages_of(response))


# Completed, with the receipt


def test_completed_action_first_asks_for_the_payment_method(practice):
    visit = practice.visit(at(DAY, 10))

    response = act(practice, "mark_completed", visit)

    assert response.templates[0].name == "admin/bookings/appointment/mark_completed.html"
    page = response.content.decode()
    assert "How did the client pay?" in page and "Interac e-Transfer" in page
    assert status_of(visit) == Appointment.Status.CONFIRMED


def test_completed_action_shows_the_total_to_collect_with_the_travel_fee(practice):
    visit = practice.visit(at(DAY, 10))
    Appointment.objects.filter(pk=visit.pk).update(travel_fee=Decimal("20.00"))

    page = act(practice, "mark_completed", visit).content.decode()

    assert "60 min, $130 including a $20 travel fee" in page


def test_completed_action_marks_completed_and_issues_a_receipt(practice):
    visit = practice.visit(at(DAY, 10))

    response = act(practice, "mark_completed", visit, apply="1", payment_method="e-transfer")

    assert status_of(visit) == Appointment.Status.COMPLETED
    assert "1 visit completed." in messages_of(response)
    receipt = Receipt.objects.get(appointment=visit)
    assert receipt.payment_method == Receipt.PaymentMethod.E_TRANSFER
    assert receipt.fee == Decimal("110.00")


def test_completed_action_without_a_payment_method_asks_again(practice):
    visit = practice.visit(at(DAY, 10))

    response = act(practice, "mark_completed", visit, apply="1")

    assert "Choose how the client paid" in response.content.decode()
    assert status_of(visit) == Appointment.Status.CONFIRMED
    assert not Receipt.objects.exists()


def test_completed_action_refuses_an_upcoming_visit_and_issues_no_receipt(practice):
    upcoming = practice.visit(at(DAY, 15))

    response = act(practice, "mark_completed", upcoming, apply="1", payment_method="cash")

    assert status_of(upcoming) == Appointment.Status.CONFIRMED
    assert not Receipt.objects.exists()
    assert any("has not started yet" in m for m in messages_of(response))


def test_completing_twice_issues_one_receipt(practice):
    visit = practice.visit(at(DAY, 10))

    act(practice, "mark_completed", visit, apply="1", payment_method="cash")
    response = act(practice, "mark_completed", visit, apply="1", payment_method="cash")

    assert Receipt.objects.filter(appointment=visit).count() == 1
    assert any("already has receipt" in m for m in messages_of(response))


def test_a_visit_completed_without_a_receipt_gets_one(practice):
    visit = practice.visit(at(DAY, 10), status=Appointment.Status.COMPLETED)

    response = act(practice, "mark_completed", visit, apply="1", payment_method="debit")

    assert Receipt.objects.get(appointment=visit).payment_method == "debit"
    assert "1 visit completed." in messages_of(response)


def test_a_cancelled_visit_cannot_be_completed(practice):
    cancelled = practice.visit(at(DAY, 10), status=Appointment.Status.CANCELLED)

    response = act(practice, "mark_completed", cancelled, apply="1", payment_method="cash")

    assert status_of(cancelled) == Appointment.Status.CANCELLED
    assert not Receipt.objects.exists()
    assert any("only a visit that took place" in m for m in messages_of(response))


def test_actions_are_not_offered_to_staff_who_may_only_view(practice, client):
    from django.contrib.auth.models import Permission, User

    viewer = User.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_appointment"))
    client.force_login(viewer)

    response = client.get(reverse(CHANGELIST))

    assert response.context["action_form"] is None or "confirm" not in str(
        response.context["action_form"]
    )


# Taylor's login


def test_create_therapist_login_makes_a_staff_therapist_who_is_not_superuser(db, monkeypatch):
    from django.contrib.auth.models import User
    from django.core.management import call_command

    monkeypatch.setenv("TAYLOR_PASSWORD", "a-long-unusual-passphrase-42")

    call_command(
        "create_therapist_login",
        "taylor",
        "taylor@example.com",
        password_from_env="TAYLOR_PASSWORD",
    )

    user = User.objects.get(username="taylor")
    assert user.email == "taylor@example.com"
    assert user.is_staff and user.is_active and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Therapist"]
    assert user.check_password("a-long-unusual-passphrase-42")
    assert user.has_perm("bookings.change_appointment")
    assert not user.has_perm("auth.add_user")


def test_create_therapist_login_asks_for_the_password_twice(db, monkeypatch):
    from django.contrib.auth.models import User
    from django.core.management import CommandError, call_command

    answers = iter(["a-long-unusual-passphrase-42", "a-long-unusual-passphrase-42"])
    monkeypatch.setattr(
        "bookings.management.logins.getpass",
        lambda prompt: next(answers),
    )
    call_command("create_therapist_login", "taylor", "taylor@example.com")
    assert User.objects.get(username="taylor").check_password("a-long-unusual-passphrase-42")

    mismatched = iter(["a-long-unusual-passphrase-42", "something-else-entirely-77"])
    monkeypatch.setattr(
        "bookings.management.logins.getpass",
        lambda prompt: next(mismatched),
    )
    with pytest.raises(CommandError, match="did not match"):
        call_command("create_therapist_login", "other", "other@example.com")
    assert not User.objects.filter(username="other").exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [("", "empty or unset"), ("password", "too common"), ("12345678901", "entirely numeric")],
)
def test_create_therapist_login_refuses_weak_or_missing_passwords(
    db, monkeypatch, password, message
):
    from django.contrib.auth.models import User
    from django.core.management import CommandError, call_command

    monkeypatch.setenv("TAYLOR_PASSWORD", password)

    with pytest.raises(CommandError, match=message):
        call_command(
            "create_therapist_login", "taylor", "t@example.com", password_from_env="TAYLOR_PASSWORD"
        )
    assert not User.objects.filter(username="taylor").exists()


def test_create_therapist_login_never_changes_an_existing_user(db, monkeypatch):
    from django.contrib.auth.models import User
    from django.core.management import CommandError, call_command

    User.objects.create_user("taylor", password="old-password-kept-999")
    monkeypatch.setenv("TAYLOR_PASSWORD", "a-long-unusual-passphrase-42")

    with pytest.raises(CommandError, match="already exists"):
        call_command(
            "create_therapist_login", "taylor", "t@example.com", password_from_env="TAYLOR_PASSWORD"
        )
    assert User.objects.get(username="taylor").check_password("old-password-kept-999")


def test_an_action_that_changes_nothing_says_so(practice):
    confirmed = practice.visit(at(DAY, 15))

    response = act(practice, "confirm", confirmed)

    assert messages_of(response) == ["Nothing changed: the visits chosen were already confirmed."]
