"""A phone number's extension is kept as typed, shown, and dialled from Taylor's links."""

from datetime import datetime

import pytest
from django.core import mail
from django.urls import reverse

from bookings.models import Appointment
from bookings.scheduling.contact import phone_number
from stillwaters.display import phone, phone_to_dial
from tests.support import TORONTO, confirm_from_email, details_data, login_in_group

TYPED = "+1 (416) 555-0199 ext 12"  # 24 characters: more than the old 20-character field


@pytest.mark.parametrize(
    "typed", [TYPED, "416-555-0199 x12", "(416) 555 0199 extension 12", "4165550199#12"]
)
def test_an_extension_is_kept_however_it_is_written(typed):
    assert phone_number(typed) == "+14165550199;ext=12"


def test_a_number_without_an_extension_is_plain_e164():
    assert phone_number("905 555 0199") == "+19055550199"


def test_a_stored_number_reads_and_dials_with_its_extension():
    assert phone("+14165550199;ext=12") == "416-555-0199 ext. 12"
    assert phone_to_dial("+14165550199;ext=12") == "tel:+14165550199,12"
    assert phone("+442079460958") == "+44 20 7946 0958"
    assert phone_to_dial("+19055550199") == "tel:+19055550199"


@pytest.mark.django_db
def test_a_booking_keeps_the_extension_through_review_confirmation_and_taylors_day(
    client, bookable_site, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(datetime(2026, 12, 1, 8, 0, tzinfo=TORONTO), tick=False)
    option = bookable_site.services["trigger-point-release"].options.get(minutes=60)
    start = "2026-12-02T10:00:00-05:00"
    form = client.get("/book/details/", {"option": option.pk, "postal_code": "L6Y0A1",
                                         "starts_at": start}).content.decode()  # fmt: skip
    assert 'maxlength="40"' in form
    data = details_data(option, start, phone=TYPED)
    review = client.post("/book/details/", data).content.decode()
    assert "416-555-0199 ext. 12" in review
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/book/details/", {**data, "confirm": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        confirm_from_email(client, mail.outbox[-1])
    visit = Appointment.objects.get()
    assert visit.contact_phone == visit.client.phone == "+14165550199;ext=12"
    notice = next(m for m in mail.outbox if "A new booking" in m.body)
    assert "Phone: 416-555-0199 ext. 12" in notice.body

    login_in_group(client, "taylor", "Therapist")
    day = client.get(reverse("admin:bookings_appointment_day"), {"day": "2026-12-02"})
    assert '<a href="tel:+14165550199,12">416-555-0199 ext. 12</a>' in day.content.decode()
