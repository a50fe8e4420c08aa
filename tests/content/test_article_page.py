"""The starter article as a client reads it: contents, byline, booking links and pictures."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

ARTICLE = "/learn/myofascial-release-trigger-points/"
SELF_CARE = "/learn/self-care-between-visits/"


@pytest.fixture
def starter(db):
    call_command("load_starter_content", stdout=StringIO())


def _html(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_the_contents_link_to_every_section_and_each_link_has_its_heading(client, starter):
    html = _html(client, ARTICLE)
    start = html.index('<nav class="toc toc-folded"')
    nav = html[start : html.index("</nav>", start)]
    targets = re.findall(r'<a href="#([^"]+)">', nav)
    assert targets[:3] == [
        "fascia-the-web-around-every-muscle",
        "what-a-trigger-point-is",
        "how-one-forms",
    ]
    assert targets[-1] == "faq-title"
    for target in targets:
        assert html.count(f'id="{target}"') == 1, target
    assert "<details>" in nav and "<summary>On this page</summary>" in nav


def test_the_byline_names_the_therapist_as_an_rmt_with_the_date(client, starter):
    html = _html(client, ARTICLE)
    assert re.search(
        r'By Taylor, <abbr title="Registered Massage Therapist">RMT</abbr>\s*'
        r'<span class="byline-date">· Published '
        r'<time datetime="2026-11-01">November 1, 2026</time>',
        html,
    )
    assert html.index("</h1>") < html.index('class="byline"') < html.index('class="lead"')


def test_book_a_visit_follows_the_referred_pain_section_and_ends_the_article(client, starter):
    html = _html(client, ARTICLE)
    links = [
        m.start()
        for m in re.finditer(r'href="/book/\?service=trigger-point-release">Book a visit</a>', html)
    ]
    assert len(links) == 2
    assert html.index("not a diagnosis") < links[0] < html.index('id="what-a-session-involves"')
    assert html.index('id="faq-title"') < links[1] < html.index("</article>")


def test_an_article_without_referred_pain_books_no_particular_service(client, starter):
    html = _html(client, SELF_CARE)
    assert html.count(">Book a visit</a>") == 1
    assert 'href="/book/">Book a visit</a>' in html


def test_each_muscle_in_the_table_has_its_diagram_described_in_words(client, starter):
    html = _html(client, ARTICLE)
    table = html[
        html.index("<caption>Common trigger points") : html.index(
            "</table>", html.index("<caption>Common trigger points")
        )
    ]
    titles = re.findall(r'<title id="diagram-\d+">([^<]+)</title>', table)
    assert len(titles) == 5
    assert titles[0].startswith("Upper trapezius: the trigger point is at the top of the shoulder")
    assert table.count('<use href="#body-figure"') == 10
    assert html.count('<symbol id="body-figure"') == 1


def test_the_pain_cycle_has_a_text_alternative_naming_each_step(client, starter):
    html = _html(client, ARTICLE)
    svg = re.search(
        r'<svg[^>]*aria-labelledby="pain-cycle-title pain-cycle-desc".*?</svg>', html, re.S
    ).group(0)
    assert 'role="img"' in svg
    desc = re.search(r'<desc id="pain-cycle-desc">([^<]+)</desc>', svg).group(1)
    for step in [
        "contracted",
        "less blood flows",
        "waste products build up",
        "tighten more",
        "sustained pressure",
    ]:
        assert step in desc


def test_the_self_care_positions_are_pictured_with_text_alternatives(client, starter):
    html = _html(client, SELF_CARE)
    for key, words in [
        ("ball-wall", "between the wall and your upper back"),
        ("ball-glutes", "under one buttock"),
    ]:
        assert f'role="img" aria-labelledby="{key}-title"' in html
        assert words in re.search(rf'<title id="{key}-title">([^<]+)</title>', html).group(1)


def test_the_starter_article_renders_in_seven_queries_then_none_from_the_cache(
    client, starter, django_assert_num_queries
):
    # Five for the article and its tables, one for its pictures, one for Taylor's profile.
    with django_assert_num_queries(7):
        client.get(ARTICLE)
    with django_assert_num_queries(0):
        client.get(ARTICLE)
