"""Taylor at a client's door, on a phone (390 × 844): opens today's visit from the agenda,
writes the note, has the client sign the gluteal consent on the screen, marks the gluteal region
on the chart, finalises, completes the visit with its receipt, adds an amendment, and prints the
record. An editor gets 403 on each page. axe and the Nu checker on every page."""

from datetime import date

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from bookings.models import Appointment, BookingPolicy, TreatmentNote
from tests.factories import AppointmentFactory, HealthIntakeFactory, PainAreaFactory
from tests.support import at, pdf_text

from .conftest import html_errors, sign_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WEDNESDAY = date(2026, 12, 2)
PASSWORD = "a-long-unusual-passphrase-42"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def wednesday_noon():
    with time_machine.travel(at(WEDNESDAY, 12), tick=True):
        yield


@pytest.fixture
def visit(bookable_site):
    BookingPolicy.objects.filter(singleton=True).update(
        therapist_name="Taylor Reid", registration_number="U4821"
    )
    PainAreaFactory(name="Low back", slug="low-back", position=1, chart_view="back",
                    chart_x=50, chart_y=41)  # fmt: skip
    PainAreaFactory(name="Buttock", slug="buttock", position=2, chart_view="back",
                    chart_x=42, chart_y=50, is_sensitive=True)  # fmt: skip
    option = bookable_site.services["trigger-point-release"].options.get(minutes=60)
    appointment = AppointmentFactory(
        option=option, area=bookable_site.areas["brampton"], starts_at=at(WEDNESDAY, 10),
        client__name="Robin Client", client__email="robin@example.com",
    )  # fmt: skip
    HealthIntakeFactory(person=appointment.person, submitted_at=at(WEDNESDAY, 8),
                        areas_of_concern="Deep ache in the buttock.",
                        contraindications=["heart-blood-pressure"])  # fmt: skip
    return appointment


def log_in(page, base, username):
    sign_in_to_admin(page, f"{base}/admin/login/", User.objects.get(username=username), PASSWORD)


def test_note_consent_finalise_complete_amend_and_print_on_a_phone(
    live_server, page, browser, visit, accessible, tmp_path
):
    page.set_viewport_size(PHONE)
    pages: dict[str, str] = {}

    def arrive(label):
        accessible(label)
        pages[label] = page.content()

    taylor = User.objects.create_user("taylor", password=PASSWORD, is_staff=True)
    taylor.groups.add(Group.objects.get(name="Therapist"))
    log_in(page, live_server.url, "taylor")
    agenda = page.get_by_role("region", name="Today, Wednesday, December 2")
    agenda.get_by_role("link", name="Write the treatment note").click()
    page.wait_for_url(f"**/appointment/{visit.pk}/note/")
    expect(page.get_by_text("Red flags: A heart condition or high blood pressure")).to_be_visible()
    expect(page.locator(".reported-tag")).to_have_count(1)  # the buttock, from the history
    arrive("note")

    page.get_by_label("What the client reports").fill("Deep ache in the left buttock.")
    page.get_by_label("Assessment findings").fill("Taut band in the left gluteus medius.")
    page.get_by_label("Treatment given").fill("Trigger point release, left gluteus medius.")
    page.get_by_label("Pressure").select_option(label="Moderate")
    page.get_by_label("The client gave verbal consent").check()
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()

    page.get_by_role("link", name="Sign a consent or refusal").click()
    page.get_by_label("Area").select_option(label="Buttock")
    page.get_by_label("Treatment", exact=True).fill("Trigger point release, gluteal region")
    page.get_by_label("Explanation given").fill(
        "Pressure through the gluteal muscles; stop me any time."
    )
    arrive("sign")
    page.locator("canvas.signature-pad").scroll_into_view_if_needed()
    box = page.locator("canvas.signature-pad").bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 60)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 25, box["y"] + 60 + (step % 3) * 20, steps=3)
    page.mouse.up()
    page.get_by_role("button", name="Record the signature").click()
    expect(page.get_by_text("Signed and recorded")).to_be_visible()

    page.locator(".body-figure .region").nth(1).click()  # the buttock on the figure
    expect(page.get_by_label("Buttock treated")).to_be_checked()
    page.get_by_label("Finding, buttock").fill("Taut band, referred ache")
    page.get_by_role("button", name="Finalise and sign").click()
    expect(page.get_by_text("Note finalised, signed and locked.")).to_be_visible()
    arrive("finalised note")
    note = TreatmentNote.objects.get(appointment=visit)
    assert note.is_final and note.consents.get().signature.startswith("data:image/png;base64,")

    page.goto(f"{live_server.url}/admin/bookings/appointment/")
    page.locator(f"input[name=_selected_action][value='{visit.pk}']").check()
    page.locator("select[name=action]").select_option(
        label="Mark selected visits completed and issue receipts"
    )
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_text("Treatment note signed.")).to_be_visible()
    page.get_by_label("How did the client pay?").select_option(label="Debit card")
    page.get_by_role("button", name="Mark completed and issue receipts").click()
    expect(page.get_by_text("1 visit completed.")).to_be_visible()
    visit.refresh_from_db()
    assert visit.status == Appointment.Status.COMPLETED

    page.goto(f"{live_server.url}/admin/bookings/appointment/{visit.pk}/note/")
    page.get_by_role("textbox", name="Amendment").fill(
        "Advised heat and the tennis-ball stretch at home."
    )
    page.get_by_label("Reason").fill("Home care left out")
    page.get_by_role("button", name="Add amendment").click()
    expect(page.get_by_text("Amendment added")).to_be_visible()
    expect(page.get_by_text("Trigger point release, left gluteus medius.")).to_be_visible()

    page.get_by_role("link", name="Printable record").click()
    for text in ("Taut band in the left gluteus medius.", "Written consent, Buttock",
                 "Advised heat and the tennis-ball stretch", "CMTO registration no. U4821",
                 "Receipt 1"):  # fmt: skip
        expect(page.get_by_text(text).first).to_be_visible()
    expect(
        page.get_by_role("img", name="Signature of Robin Client, written consent")
    ).to_be_visible()
    arrive("printed record")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    text = pdf_text(download.value.path().read_bytes())
    assert "tennis-ball stretch" in text and "Written consent, Buttock" in text

    editor = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    other = browser.new_page()
    log_in(other, live_server.url, "editor")
    for path in ("note/", "note/sign/", "record/", "record.pdf"):
        response = other.request.get(
            f"{live_server.url}/admin/bookings/appointment/{visit.pk}/{path}"
        )
        assert response.status == 403, path
    other.close()

    assert html_errors(pages, tmp_path) == []
