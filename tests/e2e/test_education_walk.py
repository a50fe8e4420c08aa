"""A client's walk through the education pages in headless Chromium."""

import pytest

from .conftest import html_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_learn_article_pain_finder_service(
    live_server, page, accessible, tmp_path, education_site
):
    visited: dict[str, str] = {}

    def arrive(label: str):
        accessible(label)
        visited[label] = page.content()

    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Registered massage therapy, at your door"
    arrive("home")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Learn").click()
    page.wait_for_url("**/learn/")
    arrive("learn")

    page.get_by_role("link", name="Myofascial release and trigger points").first.click()
    page.wait_for_url("**/learn/myofascial-release-trigger-points/")
    assert page.locator("table caption").first.is_visible()
    arrive("article")

    page.get_by_role("link", name="Trigger points").click()
    page.get_by_label("Where do you feel the pain?").select_option(label="Groin")
    page.get_by_role("button", name="Show muscles").click()
    page.wait_for_url("**/trigger-points/?area=groin")
    assert page.get_by_role("heading", name="Quadratus lumborum").is_visible()
    arrive("pain finder")

    page.get_by_role("link", name="Book trigger point release").first.click()
    page.wait_for_url("**/book/?service=trigger-point-release&concern=groin")
    arrive("booking start")

    page.goto(live_server.url + "/services/")
    page.get_by_role("link", name="Trigger point release").click()
    page.wait_for_url("**/services/trigger-point-release/")
    arrive("service")

    page.goto(live_server.url + "/areas/guelph/")
    arrive("area")
    page.goto(live_server.url + "/no-such-page/")
    arrive("not found")

    assert html_errors(visited, tmp_path) == []


def test_skip_link_moves_focus_to_the_main_content(live_server, page):
    page.goto(live_server.url + "/learn/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_layout_fits_a_phone_screen(live_server, page, education_site):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + education_site.article.get_absolute_url())
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
