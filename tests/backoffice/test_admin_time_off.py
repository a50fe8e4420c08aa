"""Time off over booked visits is saved only after Taylor has seen them listed."""

from datetime import date, time
from decimal import Decimal

import pytest
from django.urls import reverse

from bookings.models import Appointment, TimeOff
from tests.factories import (
    AppointmentFactory,
    BookingOptionFactory,
    ClientFactory,
    DrivingTimeFactory,
    ServiceAreaFactory,
    ServiceFactory,
    TimeOffFactory,
    WorkingHoursFactory,
)
from tests.support import at, login_in_group

DAY = date(2030, 3, 6)
ADD = "admin:bookings_timeoff_add"


@pytest.fixture
def taylor(db, client, time_machine):
    time_machine.move_to(at(date(2030, 3, 1), 9), tick=False)
    login_in_group(client, "taylor", "Therapist")
    return client


@pytest.fixture
def visit(db):
    option = BookingOptionFactory(service=ServiceFactory(name="Test massage"), price=Decimal("100"))
    area = ServiceAreaFactory(name="North")

    def make(hour, name, status=Appointment.Status.CONFIRMED):
        return AppointmentFactory(
            client=ClientFactory(name=name, email=f"{name.split()[0].lower()}@example.com"),
            option=option,
            starts_at=at(DAY, hour),
            area=area,
            status=status,
        )

    return make


def time_off(start: str, end: str, **extra) -> dict:
    return {
        "starts_at_0": DAY.isoformat(),
        "starts_at_1": start,
        "ends_at_0": DAY.isoformat(),
        "ends_at_1": end,
        "reason": "Dentist",
        **extra,
    }


def test_time_off_clear_of_visits_saves_at_once(taylor, visit):
    visit(9, "Early Client")

    response = taylor.post(reverse(ADD), time_off("13:00", "15:00"))

    assert response.status_code == 302
    saved = TimeOff.objects.get()
    assert saved.starts_at == at(DAY, 13)


def test_time_off_over_visits_lists_them_and_saves_nothing(taylor, visit):
    visit(10, "Ann Overlap")
    visit(12, "Ben Overlap")
    visit(12 + 3, "Cat Later")
    visit(11, "Dan Cancelled", status=Appointment.Status.CANCELLED)

    response = taylor.post(reverse(ADD), time_off("10:30", "12:30"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "This time off overlaps booked visits, listed below." in page
    assert "Wednesday, March 6, 10:00–11:00, Ann Overlap" in page
    assert "Wednesday, March 6, 12:00–13:00, Ben Overlap" in page
    assert "Cat Later" not in page and "Dan Cancelled" not in page
    assert "Save anyway; I will contact these clients myself" in page
    assert not TimeOff.objects.exists()


def test_time_off_over_visits_saves_once_confirmed_and_leaves_them_booked(taylor, visit):
    booked = visit(10, "Ann Overlap")

    response = taylor.post(reverse(ADD), time_off("09:00", "17:00", confirm_overlap="on"))

    assert response.status_code == 302
    assert TimeOff.objects.count() == 1
    booked.refresh_from_db()
    assert booked.status == Appointment.Status.CONFIRMED


def test_editing_time_off_to_cover_a_visit_warns_too(taylor, visit):
    visit(14, "Ann Overlap")
    existing = TimeOffFactory(starts_at=at(DAY, 8), ends_at=at(DAY, 9))

    response = taylor.post(
        reverse("admin:bookings_timeoff_change", args=[existing.pk]), time_off("08:00", "15:00")
    )

    assert "Ann Overlap" in response.content.decode()
    existing.refresh_from_db()
    assert existing.ends_at == at(DAY, 9)


def test_time_off_must_end_after_it_starts(taylor):
    response = taylor.post(reverse(ADD), time_off("15:00", "13:00"))

    assert "The time off must end after it starts." in response.content.decode()


# The other settings Taylor edits


def test_working_hours_are_edited_in_the_list(taylor):
    hours = WorkingHoursFactory(weekday=0, starts=time(9), ends=time(17))

    response = taylor.post(
        reverse("admin:bookings_workinghours_changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": hours.pk,
            "form-0-starts": "10:00",
            "form-0-ends": "18:00",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    hours.refresh_from_db()
    assert (hours.starts, hours.ends) == (time(10), time(18))


def test_driving_times_filter_by_either_area(taylor):
    # Admin offers a filter by a related model only when there are two to choose between.
    DrivingTimeFactory(
        from_area=ServiceAreaFactory(name="North"), to_area=ServiceAreaFactory(name="South")
    )

    page = taylor.get(reverse("admin:bookings_drivingtime_changelist")).content.decode()

    assert "By from area" in page and "By to area" in page


@pytest.mark.parametrize(
    "name",
    ["workinghours", "timeoff", "bookingpolicy", "drivingtime", "reminderoffset", "bookingoption"],
)
def test_the_therapist_can_edit_the_practice_settings(taylor, name):
    assert taylor.get(reverse(f"admin:bookings_{name}_changelist")).status_code == 200
