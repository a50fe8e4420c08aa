"""The visits the receipt tests complete: each of its own client, by default a massage."""

from decimal import Decimal

import pytest

from tests.factories import AppointmentFactory, BookingOptionFactory, ClientFactory, ServiceFactory


@pytest.fixture
def massage(db):
    service = ServiceFactory(
        name="Test Swedish Massage", slug="test-swedish", is_massage_therapy=True
    )
    return BookingOptionFactory(service=service, minutes=60, price=Decimal("120.00"))


@pytest.fixture
def make_visit(area, massage):
    """Visits, each of its own client; by default a confirmed massage at AppointmentFactory's
    start, 10:00 a.m. in Toronto on January 12, 2027.

    `fields` are the appointment's own: `status`, `starts_at`.
    """
    made = []

    def make(*, option=None, price=None, **fields):
        option = option or massage
        number = len(made) + 1
        visit = AppointmentFactory(
            client=ClientFactory(name=f"Ada O'Neil {number}", email=f"ada{number}@example.com"),
            option=option,
            price=option.price if price is None else price,
            area=area,
            **fields,
        )
        made.append(visit)
        return visit

    return make
