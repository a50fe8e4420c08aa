"""The pain finder's body map in headless Chromium: by keyboard and by finger, to the muscles and
on to a booking with the treatment chosen."""

import pytest

from content.models import PainArea, ReferredPainRow

from .conftest import html_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUS_ORANGE = "rgb(179, 92, 0)"


@pytest.fixture
def mapped_site(education_site):
    """The education site's places on the figure, and its muscles' trigger points placed."""
    spots = {"temple": ("front", 42, 5), "low-back": ("back", 50, 41),
             "groin": ("front", 46, 53), "buttock": ("back", 41, 53)}  # fmt: skip
    for slug, (view, x, y) in spots.items():
        PainArea.objects.filter(slug=slug).update(chart_view=view, chart_x=x, chart_y=y)
    ReferredPainRow.objects.filter(muscle="Quadratus lumborum").update(
        trigger_point="deep in the low back", trigger_view="back", trigger_x=43, trigger_y=43
    )
    ReferredPainRow.objects.filter(muscle="Upper trapezius").update(
        trigger_point="at the top of the shoulder", trigger_view="back", trigger_x=38, trigger_y=17
    )
    return education_site


def test_tab_reaches_a_region_with_a_visible_focus_and_enter_opens_its_muscles(
    live_server, page, accessible, tmp_path, mapped_site
):
    page.goto(live_server.url + "/trigger-points/")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-label')") == "Groin":
            break
    else:
        pytest.fail("Tab never reached the groin on the body map")
    ring = page.evaluate("getComputedStyle(document.activeElement.querySelector('circle')).stroke")
    assert ring == FOCUS_ORANGE

    page.keyboard.press("Enter")
    page.wait_for_url("**/trigger-points/?area=groin#results")
    assert page.get_by_role("heading", name="Pain felt in the groin").is_visible()
    assert page.get_by_role("heading", name="Quadratus lumborum").is_visible()
    diagram = page.get_by_role(
        "img", name="Quadratus lumborum: the trigger point is deep in the low back"
    )
    assert diagram.is_visible()
    assert page.get_by_text("Also felt in the low back and the buttock.").is_visible()
    groin = page.get_by_role("link", name="Groin")
    assert groin.get_attribute("aria-current") == "true"
    accessible("finder with the groin chosen")
    assert html_errors({"finder-groin": page.content()}, tmp_path) == []

    page.get_by_role("link", name="Book trigger point release").click()
    page.wait_for_url("**/book/?service=trigger-point-release&concern=groin")
    assert page.get_by_text("Showing lengths for Trigger point release").is_visible()


def test_a_tap_on_the_phone_map_shows_the_muscles_without_sideways_scrolling(
    live_server, page, accessible, mapped_site
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/trigger-points/")
    page.get_by_role("link", name="Temple").click()
    page.wait_for_url("**/trigger-points/?area=temple#results")
    assert page.get_by_role("heading", name="Upper trapezius").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    box = page.get_by_role("link", name="Temple").bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24  # a finger's target (WCAG 2.5.8)
    accessible("finder on a phone with the temple chosen")
