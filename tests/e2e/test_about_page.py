"""The home and About pages with Taylor's profile filled in and his photo uploaded, on a phone
and a desktop, and an article with a picture an editor added: axe (WCAG 2.1 AA), the Nu
checker, and the pictures really shown."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from content import images
from content.models import ArticleImage, TherapistProfile
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


def test_an_article_picture_is_an_accessible_valid_figure(
    live_server, page, accessible, tmp_path, settings, education_site
):
    settings.MEDIA_ROOT = tmp_path
    picture = SimpleUploadedFile("ball.jpg", camera_jpeg(), content_type="image/jpeg")
    ArticleImage.objects.create(
        article=education_site.article,
        image=images.prepare(picture, max_width=images.ARTICLE_WIDTH),
        alt="A tennis ball held between the upper back and a wall",
        caption="Lean into the ball gently and breathe out slowly.",
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}{education_site.article.get_absolute_url()}")
    figure = page.get_by_role("figure", name="Lean into the ball gently")
    photo = figure.get_by_role("img", name="A tennis ball held between the upper back and a wall")
    photo.scroll_into_view_if_needed()
    expect(photo).to_be_visible()
    # Lazy, so loaded only once scrolled to; then really the resized picture.
    loaded = "img => img.complete && img.naturalWidth > 0"
    page.wait_for_function(loaded, arg=photo.element_handle())
    assert photo.evaluate("img => img.naturalWidth") == 1200
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    accessible("article with a picture")
    assert html_errors({"article": page.content()}, tmp_path) == []
