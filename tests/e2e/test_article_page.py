"""The starter article in headless Chromium: tables as cards on a phone, the contents jumping to
their sections, accessibility and valid markup, and what the first visit downloads."""

import gzip
from io import StringIO

import pytest
from django.core.management import call_command

from .conftest import html_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLE = "/learn/myofascial-release-trigger-points/"
SELF_CARE = "/learn/self-care-between-visits/"
PHONE = {"width": 390, "height": 844}
BUDGET = 150 * 1024


@pytest.fixture
def starter(db):
    call_command("load_starter_content", stdout=StringIO())


def _box(locator) -> dict:
    return locator.bounding_box()


def test_on_a_phone_each_table_row_is_a_card_with_its_cells_one_under_another(
    live_server, page, starter
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + ARTICLE)
    for caption in ["Trigger point pain or general muscle soreness?", "Common trigger points"]:
        table = page.get_by_role("table", name=caption)
        row = table.get_by_role("row").nth(1)
        header, first, second = (row.get_by_role(r).first for r in ("rowheader", "cell", "cell"))
        second = row.get_by_role("cell").nth(1)
        top, middle, bottom = _box(header), _box(first), _box(second)
        assert top["y"] + top["height"] <= middle["y"] + 1 <= bottom["y"], caption
        assert abs(top["x"] - middle["x"]) < 2 and abs(middle["x"] - bottom["x"]) < 2, caption
        assert row.locator(".cell-label").first.is_visible()
    # Still a table to a screen reader: the header row is there, only moved out of sight.
    assert page.get_by_role("columnheader", name="Where the pain is felt").count() == 1


def test_on_a_wide_screen_the_tables_are_tables_and_the_contents_sit_beside_the_text(
    live_server, page, starter
):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + ARTICLE)
    row = page.get_by_role("table", name="Common trigger points").get_by_role("row").nth(1)
    header, cell = _box(row.get_by_role("rowheader")), _box(row.get_by_role("cell").first)
    assert cell["x"] >= header["x"] + header["width"] - 1 and abs(cell["y"] - header["y"]) < 2
    assert not row.locator(".cell-label").first.is_visible()
    beside = page.get_by_role("navigation", name="On this page")
    assert beside.count() == 1  # the folded copy is not displayed, so not announced either
    assert _box(beside)["x"] > _box(page.locator("article"))["x"] + 600


def test_the_contents_jump_to_their_sections_on_a_phone(live_server, page, starter):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + ARTICLE)
    contents = page.get_by_role("navigation", name="On this page")
    assert not contents.get_by_role("link").first.is_visible()
    contents.get_by_text("On this page").click()
    contents.get_by_role("link", name="Common trigger points and where they send pain").click()
    page.wait_for_url("**#common-trigger-points-and-where-they-send-pain")
    # The scroll may be smooth: wait until the heading reaches the top of the screen.
    page.wait_for_function(
        """() => {
            const top = document.getElementById(
                "common-trigger-points-and-where-they-send-pain").getBoundingClientRect().top;
            return top >= 0 && top < 40;
        }"""
    )
    page.get_by_role("link", name="Book a visit").first.click()
    page.wait_for_url("**/book/?service=trigger-point-release")


@pytest.mark.parametrize("width", [390, 1366])
def test_the_articles_pass_axe_and_the_nu_checker(
    live_server, page, accessible, tmp_path, starter, width
):
    page.set_viewport_size({"width": width, "height": 900})
    pages = {}
    for path in [ARTICLE, SELF_CARE]:
        page.goto(live_server.url + path)
        accessible(f"{path} at {width} px")
        pages[path] = page.content()
    assert html_errors(pages, tmp_path) == []


def test_the_article_transfers_at_most_150_kb_compressed_on_first_load(live_server, page, starter):
    """What a first visit downloads, each response as gzip would send it (whitenoise serves
    static files compressed; the test server sends them raw)."""
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + ARTICLE, wait_until="load")
    bodies = {r.url: r.body() for r in responses if r.status == 200}
    raw = sum(len(b) for b in bodies.values())
    compressed = sum(len(gzip.compress(b, compresslevel=9)) for b in bodies.values())
    print(f"article first load: {len(bodies)} responses, {raw} bytes raw, {compressed} gzipped")
    assert compressed <= BUDGET
