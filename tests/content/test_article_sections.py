"""An article body's headings: ids for in-page links, the contents, and what closes a section."""

from content.rendering import render_body


def test_headings_get_ids_from_their_words():
    body = render_body("## Fascia: the web around every muscle\n\nText.\n\n### How one forms\n", {})
    assert '<h2 id="fascia-the-web-around-every-muscle">' in body.html
    assert '<h3 id="how-one-forms">How one forms</h3>' in body.html


def test_two_headings_with_the_same_words_get_distinct_ids_across_tables():
    body = render_body(
        "## Onset\n\nA\n\n[[table:t]]\n\n## Onset\n\nB\n\n## Onset\n", {"t": "<table></table>"}
    )
    assert [h.id for h in body.headings] == ["onset", "onset-2", "onset-3"]
    assert '<h2 id="onset-2">Onset</h2>' in body.html


def test_a_heading_with_markup_keeps_it_and_its_contents_entry_is_the_text():
    body = render_body("## Why *this* & that\n", {})
    assert '<h2 id="why-this-that">Why <em>this</em> &amp; that</h2>' in body.html
    assert body.headings[0].text == "Why this & that"


def test_a_heading_never_takes_an_id_the_page_uses_itself():
    body = render_body("## Article title\n", {})
    assert body.headings[0].id == "article-title-2"


def test_a_heading_of_symbols_only_still_gets_an_id():
    assert render_body("## ???\n", {}).headings[0].id == "section"


def test_the_contents_nest_subsections_under_their_section():
    body = render_body("### Before\n\n## One\n\n### A\n\n### B\n\n## Two\n", {})
    toc = [(e.heading.text, [c.text for c in e.children]) for e in body.toc]
    assert toc == [("Before", []), ("One", ["A", "B"]), ("Two", [])]


def test_what_follows_a_table_closes_its_section_after_the_text_below_the_table():
    body = render_body(
        "## Muscles\n\n[[table:pain]]\n\nNot a diagnosis.\n\n## Next\n",
        {"pain": "<table></table>"},
        after_table={"pain": "<p>BOOK</p>"},
    )
    html = body.html
    assert html.index("<table>") < html.index("Not a diagnosis.") < html.index("BOOK")
    assert html.index("BOOK") < html.index('<h2 id="next">')


def test_a_table_that_is_not_placed_adds_nothing_after_it():
    body = render_body("## Muscles\n\nText.\n", {}, after_table={"pain": "<p>BOOK</p>"})
    assert "BOOK" not in body.html


def test_the_pain_cycle_closes_the_section_on_how_a_trigger_point_forms():
    body = render_body(
        "## What a trigger point is\n\n### How one forms\n\nA loop.\n\n## Referred pain\n", {}
    )
    html = body.html
    assert (
        html.index("A loop.")
        < html.index('aria-labelledby="pain-cycle-title')
        < html.index('id="referred-pain"')
    )
    assert html.count("pain-cycle-title") == 2  # the id and the reference to it, once


def test_the_pain_cycle_falls_back_to_another_section_when_its_heading_is_renamed():
    body = render_body(
        "## What a trigger point is\n\nText.\n\n### How a knot begins\n\nMore.\n", {}
    )
    html = body.html
    assert html.index("Text.") < html.index("pain-cycle-title") < html.index("How a knot begins")


def test_a_picture_whose_headings_are_all_gone_is_left_out():
    body = render_body("## Something else entirely\n\nText.\n", {})
    assert "<svg" not in body.html and "<figure" not in body.html


def test_each_self_care_position_follows_its_own_section():
    body = render_body(
        "## Shoulders and upper back: a tennis ball against a wall\n\nLean back.\n\n"
        "## Glutes and hips: on a chair or the floor\n\nSit down.\n\n## Stop if you feel this\n",
        {},
    )
    html = body.html
    assert html.index("Lean back.") < html.index("ball-wall-title") < html.index("Glutes and hips")
    assert html.index("Sit down.") < html.index("ball-glutes-title") < html.index("Stop if")
