"""Article Markdown is rendered with anything dangerous staff might type made inert."""

import pytest

from content.rendering import render_body, render_markdown, split_body


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">click</a>',
        '<p onclick="alert(1)">hi</p>',
        '<iframe src="https://example.com"></iframe>',
        "<svg onload=alert(1)>",
        "[x](JaVaScRiPt:alert(1))",
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    ],
)
def test_hostile_markup_is_inert(hostile):
    html = render_markdown(f"Before\n\n{hostile}\n\nAfter").lower()
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html and "onclick" not in html and "onload" not in html
    assert "<iframe" not in html and "<svg" not in html and "data:text" not in html
    assert "before" in html and "after" in html


def test_ordinary_markdown_keeps_its_formatting():
    html = render_markdown("## Heading\n\nSome **bold** and a [link](https://example.com).")
    assert '<h2 id="heading">Heading</h2>' in html
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.com"' in html
    assert 'rel="noopener noreferrer"' in html


def test_table_shortcodes_split_the_body_in_order():
    parts = split_body("Intro\n\n[[table:first]]\n\nMiddle\n[[table:second]]\nEnd")
    assert [part.table_slug for part in parts] == [None, "first", None, "second", None]


def test_shortcode_must_stand_on_its_own_line():
    parts = split_body("See [[table:inline]] here.")
    assert [part.table_slug for part in parts] == [None]


def test_unknown_table_renders_nothing_and_known_table_renders_in_place():
    html = render_body(
        "A\n\n[[table:missing]]\n\n[[table:known]]\n\nB", {"known": "<table></table>"}
    ).html
    assert "missing" not in html
    assert html.index("<p>A</p>") < html.index("<table></table>") < html.index("<p>B</p>")
