"""The outcome buttons on a visit's page and in the day view: Complete (with the payment
method, issuing the receipt), No-show, Cancel and Issue receipt, each POST only, checked, and
saying what it did or why it did nothing."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client as DjangoClient
from django.urls import reverse

from bookings.billing.receipts import complete_and_issue_receipt
from bookings.models import Appointment, Receipt
from tests.factories import (
    AppointmentFactory,
    BookingOptionFactory,
    BookingPolicyFactory,
    ClientFactory,
)
from tests.support import at, login_in_group, sign_in_staff

DAY = date(2030, 3, 6)
NOW = at(DAY, 12)


@pytest.fixture
def practice(db, time_machine, client):
    time_machine.move_to(NOW, tick=False)
    option = BookingOptionFactory(price=Decimal("110.00"))
    BookingPolicyFactory(therapist_name="Taylor Test", registration_number="U123")

    def visit(hour, status=Appointment.Status.CONFIRMED, name="Ada Client"):
        return AppointmentFactory(
            client=ClientFactory(name=name), option=option, starts_at=at(DAY, hour), status=status
        )

    login_in_group(client, "taylor", "Therapist")
    return SimpleNamespace(visit=visit, client=client)


def outcome_url(appointment, step: str) -> str:
    return reverse("admin:bookings_appointment_outcome", args=[appointment.pk, step])


def press(practice, appointment, step: str, **data):
    return practice.client.post(outcome_url(appointment, step), data, follow=True)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def buttons_on_page(practice, appointment) -> list[str]:
    response = practice.client.get(
        reverse("admin:bookings_appointment_change", args=[appointment.pk])
    )
    return [step.name for step in response.context.get("outcome_steps", [])]


def status_of(appointment) -> str:
    appointment.refresh_from_db()
    return appointment.status


# Which buttons a visit shows


def test_a_visit_under_way_offers_complete_no_show_and_cancel(practice):
    assert buttons_on_page(practice, practice.visit(10)) == ["complete", "no-show", "cancel"]


def test_an_upcoming_visit_offers_cancel_only(practice):
    assert buttons_on_page(practice, practice.visit(15)) == ["cancel"]


def test_a_completed_visit_offers_a_receipt_until_it_has_one(practice):
    visit = practice.visit(9, status=Appointment.Status.COMPLETED)
    assert buttons_on_page(practice, visit) == ["receipt"]

    complete_and_issue_receipt(visit, "cash")
    assert buttons_on_page(practice, visit) == []


def test_a_cancelled_visit_offers_nothing(practice):
    assert buttons_on_page(practice, practice.visit(10, Appointment.Status.CANCELLED)) == []


def test_the_visit_page_shows_the_complete_form_with_the_payment_methods(practice):
    visit = practice.visit(10)

    page = practice.client.get(
        reverse("admin:bookings_appointment_change", args=[visit.pk])
    ).content.decode()

    assert f'action="{outcome_url(visit, "complete")}"' in page
    assert "How did Ada Client pay?" in page and "Interac e-Transfer" in page
    assert "Yes, cancel the visit" in page


# Pressing them


def test_complete_issues_the_receipt_with_the_payment_method_and_says_so(practice):
    visit = practice.visit(10)

    response = press(practice, visit, "complete", payment_method="debit")

    assert status_of(visit) == Appointment.Status.COMPLETED
    receipt = Receipt.objects.get(appointment=visit)
    assert receipt.payment_method == "debit"
    assert response.redirect_chain[-1][0] == reverse(
        "admin:bookings_appointment_change", args=[visit.pk]
    )
    (message,) = messages_of(response)
    assert message.startswith("Completed Ada Client's visit of Wed Mar 6, 10:00; receipt ")
    assert "(Debit card) and emailed to the client." in message
    assert "not signed yet" in message


@pytest.mark.parametrize("method", ["", "bitcoin", "x" * 5000])
def test_complete_without_a_known_payment_method_changes_nothing(practice, method):
    visit = practice.visit(10)

    response = press(practice, visit, "complete", payment_method=method)

    assert status_of(visit) == Appointment.Status.CONFIRMED
    assert not Receipt.objects.exists()
    assert any("Choose how the client paid" in m for m in messages_of(response))


def test_issue_receipt_gives_a_completed_visit_its_receipt(practice):
    visit = practice.visit(9, status=Appointment.Status.COMPLETED)

    response = press(practice, visit, "receipt", payment_method="cash")

    assert Receipt.objects.get(appointment=visit).payment_method == "cash"
    assert any(m.startswith("For Ada Client's visit") for m in messages_of(response))


def test_issue_receipt_is_refused_for_a_visit_not_completed(practice):
    visit = practice.visit(10)

    response = press(practice, visit, "receipt", payment_method="cash")

    assert status_of(visit) == Appointment.Status.CONFIRMED and not Receipt.objects.exists()
    assert "Issue receipt is for a completed visit; this one is confirmed. Nothing changed." in (
        messages_of(response)
    )


def test_a_second_receipt_is_refused(practice):
    visit = practice.visit(9, status=Appointment.Status.COMPLETED)
    complete_and_issue_receipt(visit, "cash")

    response = press(practice, visit, "receipt", payment_method="cash")

    assert Receipt.objects.filter(appointment=visit).count() == 1
    assert any("already has receipt" in m for m in messages_of(response))


def test_no_show_records_a_started_visit(practice):
    visit = practice.visit(10)

    response = press(practice, visit, "no-show")

    assert status_of(visit) == Appointment.Status.NO_SHOW
    assert "Recorded Ada Client's visit of Wed Mar 6, 10:00 as a no-show." in messages_of(response)


def test_no_show_is_refused_before_the_visit_starts(practice):
    visit = practice.visit(15)

    response = press(practice, visit, "no-show")

    assert status_of(visit) == Appointment.Status.CONFIRMED
    assert "This visit has not started yet. Nothing changed." in messages_of(response)


def test_cancel_cancels_and_a_second_press_says_it_already_was(practice, mailoutbox):
    visit = practice.visit(15)

    first = press(practice, visit, "cancel")
    second = press(practice, visit, "cancel")

    assert status_of(visit) == Appointment.Status.CANCELLED
    assert "Cancelled Ada Client's visit of Wed Mar 6, 15:00; the client is emailed." in (
        messages_of(first)
    )
    assert messages_of(second) == ["This visit was already cancelled. Nothing changed."]


def test_a_completed_visit_cannot_be_cancelled(practice):
    visit = practice.visit(9, status=Appointment.Status.COMPLETED)

    response = press(practice, visit, "cancel")

    assert status_of(visit) == Appointment.Status.COMPLETED
    assert any("completed and can no longer be changed" in m for m in messages_of(response))


# Refused requests, never a 500


def test_the_buttons_need_a_post(practice):
    visit = practice.visit(10)

    assert practice.client.get(outcome_url(visit, "no-show")).status_code == 405
    assert status_of(visit) == Appointment.Status.CONFIRMED


def test_an_unknown_button_or_visit_changes_nothing(practice):
    visit = practice.visit(10)

    response = press(practice, visit, "delete")
    missing = practice.client.post(
        reverse("admin:bookings_appointment_outcome", args=[999999, "cancel"])
    )

    assert "That button does not exist; nothing changed." in messages_of(response)
    assert status_of(visit) == Appointment.Status.CONFIRMED
    assert missing.status_code == 404


def test_the_buttons_check_the_csrf_token(practice):
    visit = practice.visit(10)
    strict = DjangoClient(enforce_csrf_checks=True)
    sign_in_staff(strict, User.objects.get(username="taylor"))

    response = strict.post(outcome_url(visit, "no-show"))

    assert response.status_code == 403
    assert status_of(visit) == Appointment.Status.CONFIRMED


def test_an_editor_or_a_viewer_may_not_press_them(practice, client):
    visit = practice.visit(10)
    viewer = User.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_appointment"))
    for sign_in in (
        lambda c: login_in_group(c, "editor", "Editor"),
        lambda c: sign_in_staff(c, viewer),
    ):
        other = DjangoClient()
        sign_in(other)
        assert other.post(outcome_url(visit, "no-show")).status_code == 403
    assert status_of(visit) == Appointment.Status.CONFIRMED
    viewer_page = DjangoClient()
    sign_in_staff(viewer_page, viewer)
    page = viewer_page.get(reverse("admin:bookings_appointment_change", args=[visit.pk]))
    assert "outcome_steps" not in page.context


def test_a_next_address_elsewhere_is_ignored(practice):
    visit = practice.visit(10)

    response = practice.client.post(
        outcome_url(visit, "no-show"), {"next": "https://elsewhere.example/"}
    )

    assert response["Location"] == reverse("admin:bookings_appointment_change", args=[visit.pk])


# In the day view


def test_each_visit_in_the_day_view_has_its_buttons_and_they_come_back_to_the_day(practice):
    started = practice.visit(10, name="Ada Started")
    later = practice.visit(15, name="Bea Later")
    day_url = f"{reverse('admin:bookings_appointment_day')}?day={DAY.isoformat()}"

    page = practice.client.get(day_url).content.decode()
    response = practice.client.post(
        outcome_url(started, "complete"), {"payment_method": "cash", "next": day_url}
    )

    assert f'action="{outcome_url(started, "complete")}"' in page
    assert f'action="{outcome_url(later, "cancel")}"' in page
    assert f'action="{outcome_url(later, "complete")}"' not in page
    assert f'name="next" value="{day_url}"' in page
    assert response["Location"] == day_url
    assert status_of(started) == Appointment.Status.COMPLETED


def test_the_day_view_offers_a_receipt_for_a_completed_visit_without_one(practice):
    bare = practice.visit(9, status=Appointment.Status.COMPLETED, name="Cy Bare")
    receipted = practice.visit(10, status=Appointment.Status.COMPLETED, name="Dee Receipted")
    complete_and_issue_receipt(receipted, "cash")

    page = practice.client.get(
        reverse("admin:bookings_appointment_day"), {"day": DAY.isoformat()}
    ).content.decode()

    assert f'action="{outcome_url(bare, "receipt")}"' in page
    assert f'action="{outcome_url(receipted, "receipt")}"' not in page


def test_a_visit_number_too_large_for_the_database_is_not_found(practice):
    response = practice.client.post(
        f"/admin/bookings/appointment/{'9' * 30}/outcome/cancel/", {"next": "/admin/"}
    )

    assert response.status_code == 404
