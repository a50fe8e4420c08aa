"""The bookkeeping export: appointments of a date range as CSV, in Toronto dates and times."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from bookings.models import Appointment
from tests.factories import (
    AppointmentFactory,
    BookingOptionFactory,
    ClientFactory,
    ServiceAreaFactory,
    ServiceFactory,
)
from tests.support import at, login_in_group

URL = "admin:bookings_appointment_export"
HEADER = ["date", "start", "end", "client", "service", "minutes", "area", "status", "price"]


@pytest.fixture
def visit(db):
    option = BookingOptionFactory(
        service=ServiceFactory(name="Test massage"), minutes=75, price=Decimal("165.50")
    )
    area = ServiceAreaFactory(name="North")
    counter = iter(range(100))

    def make(starts: datetime, name: str = "", status=Appointment.Status.CONFIRMED, price=None):
        n = next(counter)
        return AppointmentFactory(
            client=ClientFactory(name=name or f"Client {n}"),
            option=option,
            price=option.price if price is None else price,
            starts_at=starts,
            area=area,
            status=status,
        )

    return make


@pytest.fixture
def taylor(client, db):
    login_in_group(client, "taylor", "Therapist")
    return client


def export(client, first: str, last: str):
    response = client.get(reverse(URL), {"first_day": first, "last_day": last})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    return response, rows


def test_export_has_one_row_per_appointment_with_toronto_times_and_decimal_prices(taylor, visit):
    visit(at(date(2030, 3, 6), 9, 30), name="Ann Client")
    visit(
        at(date(2030, 3, 7), 14),
        name="Ben Client",
        status=Appointment.Status.CANCELLED,
        price=Decimal("90"),
    )

    response, rows = export(taylor, "2030-03-01", "2030-03-31")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="stillwaters-appointments-2030-03-01-to-2030-03-31.csv"'
    )
    assert rows == [
        HEADER,
        ["2030-03-06", "09:30", "10:45", "Ann Client", "Test massage", "75", "North",
         "Confirmed", "165.50"],
        ["2030-03-07", "14:00", "15:15", "Ben Client", "Test massage", "75", "North",
         "Cancelled", "90.00"],
    ]  # fmt: skip


def test_range_includes_both_whole_end_days_and_nothing_beyond(taylor, visit):
    visit(at(date(2030, 2, 28), 22, 44), name="Before")  # ends 23:59
    visit(at(date(2030, 3, 1), 0, 0), name="First minute")
    visit(at(date(2030, 3, 31), 22, 30), name="Last evening")
    visit(at(date(2030, 4, 1), 0, 0), name="After")

    _, rows = export(taylor, "2030-03-01", "2030-03-31")

    assert [row[3] for row in rows[1:]] == ["First minute", "Last evening"]


def test_dates_are_toronto_dates_even_when_utc_has_moved_on(taylor, visit):
    # 22:30 in Toronto on the 31st is 02:30 UTC on April 1.
    visit(at(date(2030, 3, 31), 22, 30), name="Late Evening")

    _, march = export(taylor, "2030-03-31", "2030-03-31")
    _, april = export(taylor, "2030-04-01", "2030-04-01")

    assert march[1][:3] == ["2030-03-31", "22:30", "23:45"]
    assert april == [HEADER]


def test_times_follow_daylight_saving(taylor, visit):
    visit(at(date(2030, 1, 15), 10), name="Winter")
    visit(at(date(2030, 7, 15), 10), name="Summer")

    _, rows = export(taylor, "2030-01-01", "2030-12-31")

    assert [row[1] for row in rows[1:]] == ["10:00", "10:00"]


def test_names_that_look_like_formulas_are_defused(taylor, visit):
    visit(at(date(2030, 3, 6), 9), name="=HYPERLINK(1)")

    _, rows = export(taylor, "2030-03-06", "2030-03-06")

    assert rows[1][3] == "'=HYPERLINK(1)"


def test_the_form_starts_on_this_month(client, db, time_machine):
    time_machine.move_to(at(date(2030, 2, 14), 12), tick=False)
    login_in_group(client, "taylor", "Therapist")

    response = client.get(reverse(URL))

    page = response.content.decode()
    assert 'value="2030-02-01"' in page and 'value="2030-02-28"' in page


def test_an_end_before_the_start_is_refused(taylor):
    response = taylor.get(reverse(URL), {"first_day": "2030-03-10", "last_day": "2030-03-01"})

    assert response["Content-Type"].startswith("text/html")
    assert "The end date must be on or after the start date." in response.content.decode()


def test_export_is_refused_to_an_editor(client, db):
    login_in_group(client, "editor", "Editor")

    response = client.get(reverse(URL), {"first_day": "2030-03-01", "last_day": "2030-03-31"})

    assert response.status_code == 403
