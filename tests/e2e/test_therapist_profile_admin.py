"""Taylor fills in his profile in admin as he would on his phone: his registration, then a
photo, refused until it has a description, and the home page names him at once. The form
passes axe (WCAG 2.1 AA) and the Nu checker, with its error showing."""

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from content.models import TherapistProfile
from tests.content.test_images import camera_jpeg

from .conftest import html_errors, sign_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-unusual-passphrase-42"


def test_taylor_fills_in_his_profile_and_photo_from_his_phone(
    live_server, page, accessible, tmp_path, settings, bookable_site
):
    settings.MEDIA_ROOT = tmp_path
    taylor = User.objects.create_user("taylor", password=PASSWORD, is_staff=True)
    taylor.groups.add(Group.objects.get(name="Therapist"))
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_to_admin(page, f"{live_server.url}/admin/content/therapistprofile/", taylor, PASSWORD)

    page.get_by_label("Full registered name").fill("Taylor Jordan Reid")
    page.get_by_label("CMTO registration number").fill("R4417")
    page.locator("#id_photo").set_input_files(
        {"name": "IMG_2041.JPG", "mimeType": "image/jpeg", "buffer": camera_jpeg()}
    )
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Describe the photo in a few words")).to_be_visible()
    assert page.get_by_label("Full registered name").input_value() == "Taylor Jordan Reid"
    accessible("profile form with its error")
    pages = {"profile-error": page.content()}

    page.locator("#id_photo").set_input_files(
        {"name": "IMG_2041.JPG", "mimeType": "image/jpeg", "buffer": camera_jpeg()}
    )
    page.get_by_label("Photo description").fill("Taylor beside his folded massage table")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.get_by_text("was added successfully")).to_be_visible()
    accessible("profile form saved")
    pages["profile-saved"] = page.content()
    profile = TherapistProfile.objects.get()
    assert (profile.photo_width, profile.photo_height) == (800, 1200)

    page.goto(f"{live_server.url}/")
    expect(page.locator(".hero").get_by_text("registration no. R4417")).to_be_visible()
    assert html_errors(pages, tmp_path) == []
