"""The site's header and form controls as a visitor meets them in Chromium: on a phone one row
(logo, a menu that opens by tap or keyboard without JavaScript, the Book button); on a desktop
the links inline; form-control borders at 3:1 against what is behind them; axe and the Nu
checker clean."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from .conftest import html_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAV_LINKS = ["Learn", "Trigger points", "Services", "Areas", "My visits"]

# The contrast ratio of each control's border against the nearest background behind it.
BORDER_CONTRASTS = """() => {
  const rgb = (text) => text.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => [r, g, b]
    .map((c) => c / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const behind = (element) => {
    for (let node = element.parentElement; node; node = node.parentElement) {
      const colour = rgb(getComputedStyle(node).backgroundColor);
      if (colour.length === 3 || colour[3] > 0) return colour.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const controls = document.querySelectorAll(".form-control, .form-select, .form-check-input");
  return [...controls].map((el) => {
    const [a, b] = [luminance(rgb(getComputedStyle(el).borderTopColor)), luminance(behind(el))];
    return [el.name || el.type, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
  });
}"""


def header_parts(page):
    header = page.locator(".site-header")
    return {
        "header": header.bounding_box(),
        "logo": page.get_by_role("link", name=settings.PRACTICE["name"]).bounding_box(),
        "menu": header.locator("summary").bounding_box(),
        "book": header.get_by_role("link", name="Book", exact=True).bounding_box(),
    }


def test_on_a_phone_the_header_is_one_row_and_the_menu_opens_by_tap_and_keyboard(
    live_server, page, accessible, bookable_site
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/")

    parts = header_parts(page)
    assert parts["header"]["height"] < 72
    row = [parts["logo"], parts["menu"], parts["book"]]
    assert max(box["y"] for box in row) < min(box["y"] + box["height"] for box in row)
    assert parts["logo"]["x"] < parts["menu"]["x"] < parts["book"]["x"]
    assert parts["book"]["x"] + parts["book"]["width"] <= 390
    learn = page.get_by_role("link", name="Learn", exact=True)
    expect(learn).to_be_hidden()
    accessible("phone, menu closed")

    menu = page.locator(".site-header summary")
    expect(menu).to_have_text("Menu")
    menu.click()
    for name in NAV_LINKS:
        expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()
    # The list drops over the page; the header itself stays one row.
    assert page.locator(".site-header").bounding_box()["height"] < 72
    accessible("phone, menu open")
    menu.click()
    expect(learn).to_be_hidden()

    menu.focus()
    page.keyboard.press("Enter")
    expect(learn).to_be_visible()
    page.keyboard.press("Tab")
    expect(learn).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**/learn/")


def test_on_a_desktop_the_links_sit_inline_beside_the_book_button(
    live_server, page, accessible, bookable_site, tmp_path
):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/")

    expect(page.locator(".site-header summary")).to_be_hidden()
    book = page.locator(".site-header").get_by_role("link", name="Book", exact=True).bounding_box()
    for name in NAV_LINKS:
        link = page.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert abs((box["y"] + box["height"] / 2) - (book["y"] + book["height"] / 2)) < 4, name
    assert page.locator(".site-header").bounding_box()["height"] < 72
    page.get_by_role("link", name="Services", exact=True).click()
    page.wait_for_url("**/services/")
    expect(page.get_by_role("link", name="Services", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    accessible("desktop, services")
    assert html_errors({"/": page.content()}, tmp_path) == []


def test_form_controls_have_borders_at_three_to_one_and_pass_axe(
    live_server, page, accessible, bookable_site, tmp_path
):
    pages = {}
    for path in ["/book/?service=swedish-massage", "/account/sign-in/"]:
        page.goto(f"{live_server.url}{path}")
        accessible(path)
        pages[path] = page.content()
        # A checkbox and a radio as the booking and account forms draw them.
        page.evaluate(
            """() => document.querySelector("main form").insertAdjacentHTML("beforeend",
                '<input type="checkbox" class="form-check-input" name="tick">' +
                '<input type="radio" class="form-check-input" name="pick">')"""
        )
        contrasts = page.evaluate(BORDER_CONTRASTS)
        assert {name for name, _ in contrasts} >= {"tick", "pick"}
        assert all(ratio >= 3 for _, ratio in contrasts), (path, contrasts)
    assert html_errors(pages, tmp_path) == []
