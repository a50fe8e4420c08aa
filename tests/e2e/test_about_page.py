"""The home and About pages with Taylor's profile filled in and his photo uploaded, on a phone
and a desktop: axe (WCAG 2.1 AA), the Nu checker, and the photo really shown."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from content import images
from content.models import TherapistProfile
from tests.content.test_images import camera_jpeg

from .conftest import html_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def profile(settings, tmp_path, bookable_site):
    settings.MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("taylor.jpg", camera_jpeg(), content_type="image/jpeg")
    return TherapistProfile.objects.create(
        full_name="Taylor Jordan Reid",
        registration_number="R4417",
        approach="Every visit starts with a conversation about what you feel and where.\n\n"
        "Pressure is yours to set, and you can change it at any time.",
        training="Diploma in massage therapy, then registration with the College.",
        photo=images.prepare(photo, max_width=images.PORTRAIT_WIDTH),
        photo_alt="Taylor standing beside his folded massage table",
    )


@pytest.mark.parametrize("width", [390, 1366])
def test_home_and_about_pages_are_accessible_valid_and_show_the_rmt(
    live_server, page, accessible, tmp_path, profile, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/")
    hero = page.locator(".hero")
    assert hero.get_by_text("registration no. R4417").is_visible()
    assert page.get_by_role("contentinfo").get_by_text("registration no. R4417").is_visible()
    accessible(f"home at {width}")
    pages = {"home": page.content()}
    page.get_by_role("main").get_by_role("link", name="About Taylor").click()
    page.wait_for_url("**/about/")
    assert page.get_by_role("heading", name="About Taylor Jordan Reid").is_visible()
    photo = page.get_by_role("img", name="Taylor standing beside his folded massage table")
    assert photo.is_visible()
    # Loaded from the media folder, at the size the page was told to leave room for.
    assert photo.evaluate("img => img.naturalWidth") == profile.photo_width == 800
    accessible(f"about at {width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    pages["about"] = page.content()
    assert html_errors(pages, tmp_path) == []
