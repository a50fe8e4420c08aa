"""Manage links: a signed token opens one appointment until it is over, and nothing else."""

from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from bookings.models import Appointment
from bookings.scheduling.tokens import InvalidManageToken, appointment_for_token, make_manage_token
from tests.factories import (
    AppointmentFactory,
    BookingOptionFactory,
    ClientFactory,
    ServiceAreaFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_appointment():
    """Appointments of one client, option and area, starting `starts_in` from now."""
    client, option, area = ClientFactory(), BookingOptionFactory(), ServiceAreaFactory()

    def make(starts_in: timedelta, **fields) -> Appointment:
        return AppointmentFactory(
            client=client,
            option=option,
            area=area,
            starts_at=timezone.now() + starts_in,
            **fields,
        )

    return make


def test_token_opens_its_appointment(make_appointment):
    appointment = make_appointment(timedelta(days=3))

    assert appointment_for_token(make_manage_token(appointment)) == appointment


def test_token_still_opens_during_the_visit(make_appointment):
    appointment = make_appointment(timedelta(minutes=-30))

    assert appointment_for_token(make_manage_token(appointment)) == appointment


def test_cancelled_appointment_still_opens_so_the_client_can_see_it(make_appointment):
    appointment = make_appointment(timedelta(days=3), status=Appointment.Status.CANCELLED)

    assert appointment_for_token(make_manage_token(appointment)) == appointment


def test_forged_token_is_invalid(make_appointment):
    appointment = make_appointment(timedelta(days=3))
    forged = signing.dumps(
        {"appointment": appointment.pk}, key="not-our-secret", salt="bookings.manage-appointment"
    )

    with pytest.raises(InvalidManageToken, match="not valid"):
        appointment_for_token(forged)


def test_token_signed_for_another_purpose_is_invalid(make_appointment):
    appointment = make_appointment(timedelta(days=3))

    with pytest.raises(InvalidManageToken, match="not valid"):
        appointment_for_token(signing.dumps({"appointment": appointment.pk}))


def test_altered_token_is_invalid(make_appointment):
    first = make_appointment(timedelta(days=3))
    second = make_appointment(timedelta(days=4))
    token = make_manage_token(first)
    payload, rest = make_manage_token(second).split(":", 1)[0], token.split(":", 1)[1]

    for altered in (f"{payload}:{rest}", token[:-1] + ("A" if token[-1] != "A" else "B"), ""):
        with pytest.raises(InvalidManageToken, match="not valid"):
            appointment_for_token(altered)


def test_token_for_an_appointment_that_is_over_is_invalid(make_appointment):
    appointment = make_appointment(timedelta(days=-1))

    with pytest.raises(InvalidManageToken, match="expired"):
        appointment_for_token(make_manage_token(appointment))


def test_token_expires_when_the_visit_ends(make_appointment):
    appointment = make_appointment(timedelta(days=3))
    token = make_manage_token(appointment)

    assert appointment_for_token(token, now=appointment.ends_at - timedelta(seconds=1))
    with pytest.raises(InvalidManageToken, match="expired"):
        appointment_for_token(token, now=appointment.ends_at)


def test_token_for_a_deleted_appointment_is_invalid(make_appointment):
    appointment = make_appointment(timedelta(days=3))
    token = make_manage_token(appointment)
    appointment.delete()

    with pytest.raises(InvalidManageToken):
        appointment_for_token(token)
