"""The privacy notice, read on a phone and a desktop: axe (WCAG 2.1 AA) and the Nu checker."""

import pytest

from .conftest import html_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1366])
def test_the_privacy_page_is_accessible_and_valid(live_server, page, accessible, tmp_path, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Privacy").click()
    page.wait_for_url("**/privacy/")
    assert page.get_by_role("heading", name="Privacy notice").is_visible()
    accessible(f"privacy at {width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert html_errors({"privacy": page.content()}, tmp_path) == []
