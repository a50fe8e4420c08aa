"""The times page's picker: a week strip from one availability call, times grouped by part of
the day with none chosen for the client, and a Continue that needs a chosen time."""

import re
from datetime import datetime
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine

from bookings.models import TimeOff, WorkingHours
from bookings.scheduling import days
from tests.support import TORONTO

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bookable_site")]
# A Tuesday morning; the bookable site's hours are Monday to Saturday, 9:00 to 18:00, with 12
# hours' notice, so today's hours end within the notice.
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=TORONTO)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def option(bookable_site):
    return bookable_site.services["swedish-massage"].options.get(minutes=60)


def times_page(client, option, **query) -> str:
    response = client.get("/book/times/", {"option": option.pk, "postal_code": "L6Y0A1", **query})
    assert response.status_code == 200
    return response.content.decode()


def strip_cell(html: str, label: str) -> str:
    """The week strip's cell for the day labelled `label` ("Dec 3"): its class and its text."""
    for cell in re.findall(r'<li class="week-day[^"]*">.*?</li>', html, re.S):
        if f'"week-day-date">{label}<' in cell:
            return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip() + " " + cell[:40]
    raise AssertionError(f"no cell for {label}")


def whole_day_off(day: int) -> None:
    TimeOff.objects.create(
        starts_at=datetime(2026, 12, day, 8, 0, tzinfo=TORONTO),
        ends_at=datetime(2026, 12, day, 19, 0, tzinfo=TORONTO),
    )


def test_no_time_is_chosen_for_the_client(client, option):
    html = times_page(client, option, day="2026-12-02")
    radios = re.findall(r'<input type="radio"[^>]*>', html)
    assert len(radios) > 10
    assert not [radio for radio in radios if "checked" in radio]


def test_the_strip_marks_a_free_day_a_full_day_and_the_days_taylor_does_not_take(client, option):
    whole_day_off(3)  # Thursday: nothing is booked, but nothing is free either
    html = times_page(client, option, day="2026-12-02")
    assert "is-free" in strip_cell(html, "Dec 2") and "33 times" in strip_cell(html, "Dec 2")
    assert "is-full" in strip_cell(html, "Dec 3") and "Full" in strip_cell(html, "Dec 3")
    sunday = strip_cell(html, "Dec 6")
    assert "is-closed" in sunday and "Day off" in sunday
    today = strip_cell(html, "Dec 1")
    assert "is-closed" in today and "Too soon" in today


def test_a_full_day_is_called_full_and_a_closed_day_says_why(client, option):
    whole_day_off(3)
    assert "Taylor is fully booked on Thursday, December 3." in times_page(
        client, option, day="2026-12-03"
    )
    sunday = times_page(client, option, day="2026-12-06")
    assert "Taylor does not work on Sundays." in sunday and "fully booked" not in sunday
    today = times_page(client, option, day="2026-12-01")
    assert "too soon to book online" in today and "fully booked" not in today


def test_the_strip_is_one_availability_call_for_the_week_in_a_fixed_number_of_queries(
    client, option, monkeypatch, django_assert_num_queries
):
    calls = []
    real = days.free_starts

    def counted(option, area, first_day, last_day, **kwargs):
        calls.append((first_day, last_day))
        return real(option, area, first_day, last_day, **kwargs)

    times_page(client, option, day="2026-12-02")  # once, for what a process loads once
    monkeypatch.setattr(days, "free_starts", counted)
    # The policy and the working hours, each read once for the page (the options and the areas
    # come from the cache), the drives and the busy periods: as many with a week of time off
    # as with none.
    with django_assert_num_queries(4) as quiet:
        times_page(client, option, day="2026-12-02")
    assert [(first.isoformat(), last.isoformat()) for first, last in calls] == [
        ("2026-12-01", "2026-12-07")
    ]
    for day in range(3, 8):
        whole_day_off(day)
    with django_assert_num_queries(len(quiet.captured_queries)):
        times_page(client, option, day="2026-12-02")


def test_weeks_run_seven_days_from_today_with_links_either_side(client, option):
    first = times_page(client, option, day="2026-12-02")
    assert "Previous week" not in first
    next_week = re.search(r'href="([^"]+)">Next week<', first)[1].replace("&amp;", "&")
    assert parse_qs(urlparse(next_week).query)["day"] == ["2026-12-08"]
    second = times_page(client, option, day="2026-12-09")
    assert strip_cell(second, "Dec 8") and "Dec 7<" not in second
    previous = re.search(r'href="([^"]+)">Previous week<', second)[1].replace("&amp;", "&")
    assert parse_qs(urlparse(previous).query)["day"] == ["2026-12-01"]
    assert 'aria-current="date"' in re.search(r"<li[^>]*>\s*<a[^>]*day=2026-12-09[^>]*>", second)[0]


def test_times_are_grouped_under_morning_afternoon_and_evening(client, option):
    WorkingHours.objects.filter(weekday=2).update(ends="21:00")  # a late Wednesday
    html = times_page(client, option, day="2026-12-02")
    morning, afternoon, evening = (html.index(f"<legend>{part}</legend>") for part in
                                   ("Morning", "Afternoon", "Evening"))  # fmt: skip
    assert morning < html.index('value="2026-12-02T11:45:00-05:00"') < afternoon
    assert afternoon < html.index('value="2026-12-02T12:00:00-05:00"') < evening
    assert afternoon < html.index('value="2026-12-02T16:45:00-05:00"') < evening
    assert evening < html.index('value="2026-12-02T17:00:00-05:00"')


def test_a_part_of_the_day_without_times_is_left_out(client, option):
    WorkingHours.objects.filter(weekday=2).update(ends="12:00")  # Wednesday mornings only
    html = times_page(client, option, day="2026-12-02")
    assert "<legend>Morning</legend>" in html
    assert "<legend>Afternoon</legend>" not in html and "<legend>Evening</legend>" not in html


def test_continue_without_a_time_asks_for_one_and_keeps_the_day(client, option):
    html = times_page(client, option, day="2026-12-02", **{"continue": "1"})
    assert "Choose a time first" in html
    assert "Wednesday, December 2, 2026" in html
    assert 'value="2026-12-02T10:00:00-05:00"' in html


def test_continue_with_a_time_goes_on_to_the_details(client, option):
    start = "2026-12-02T10:00:00-05:00"
    response = client.get(
        "/book/times/",
        {"option": option.pk, "postal_code": "L6Y0A1", "day": "2026-12-02", "starts_at": start,
         "continue": "1", "concern": "low-back"},
    )  # fmt: skip
    assert response.status_code == 302
    target = urlparse(response["Location"])
    assert target.path == "/book/details/"
    assert parse_qs(target.query) == {
        "option": [str(option.pk)], "postal_code": ["L6Y 0A1"], "concern": ["low-back"],
        "starts_at": [start],
    }  # fmt: skip


@pytest.mark.parametrize("start", ["2026-12-02T03:00:00-05:00", "garbage", "2026-12-03T10:00"])
def test_continue_with_a_time_not_offered_says_so(client, option, start):
    html = times_page(client, option, day="2026-12-02", starts_at=start, **{"continue": "1"})
    assert "That time is not free any more" in html


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2027-02-30", "There is no February 30, 2027."),
        ("2027-02-29", "There is no February 29, 2027: 2027 is not a leap year."),
        ("2026-12-32", "There is no December 32, 2026."),
        ("2026-13-01", "There is no month 13 in a year"),
        ("0000-01-01", "0000 is not a year"),
        ("tomorrow", "Enter the day as YYYY-MM-DD"),
    ],
)
def test_a_day_that_does_not_exist_is_named_and_kept(client, option, typed, message):
    html = times_page(client, option, day=typed)
    assert message in html
    assert f'value="{typed}"' in html


def test_parts_of_the_day_split_at_noon_and_five():
    times = [(9, 0), (11, 59), (12, 0), (16, 59), (17, 0), (20, 0)]
    starts = [datetime(2026, 12, 2, hour, minute, tzinfo=TORONTO) for hour, minute in times]
    assert [
        (name, [s.strftime("%H:%M") for s in part]) for name, part in days.parts_of_day(starts)
    ] == [  # fmt: skip
        ("Morning", ["09:00", "11:59"]),
        ("Afternoon", ["12:00", "16:59"]),
        ("Evening", ["17:00", "20:00"]),
    ]
