"""The public education pages: what they show, their search-engine data and their speed."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from content.models import Article, Faq, ServiceArea
from stillwaters.display import dollars
from tests.factories import ArticleFactory
from tests.support import sign_in_staff

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/learn/",
    "/trigger-points/",
    "/services/",
    "/areas/",
    "/learn/myofascial-release-trigger-points/",
    "/services/trigger-point-release/",
    "/areas/brampton/",
]


@pytest.fixture
def public_site(bookable_site):
    """The bookable site, an article on trigger points, and the summaries staff wrote for the
    service and area pages the tests open."""
    ArticleFactory(
        title="Myofascial release and trigger points",
        slug="myofascial-release-trigger-points",
        summary="What trigger points are and why a tight spot in one muscle is felt elsewhere.",
    )
    service = bookable_site.services["trigger-point-release"]
    service.summary = "Slow, steady pressure on the tight spots that send pain elsewhere."
    service.save()
    area = bookable_site.areas["brampton"]
    area.summary = "Home visits across Brampton, from Bramalea to Mount Pleasant."
    area.save()
    return bookable_site


def _head(html: str, pattern: str) -> str:
    match = re.search(pattern, html)
    assert match, pattern
    return match.group(1)


def _json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_render_with_layout_and_seo_tags(client, public_site, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#main"' in html and '<main id="main"' in html
    assert '<nav aria-label="Main">' in html
    assert _head(html, r'<link rel="canonical" href="([^"]+)"') == f"http://127.0.0.1:8000{path}"
    assert _head(html, r'<meta property="og:title" content="([^"]+)"')
    assert len(_head(html, r'<meta name="description" content="([^"]+)"')) > 40


def test_every_page_has_its_own_title_and_description(client, public_site):
    titles, descriptions = set(), set()
    for path in PUBLIC_PAGES:
        html = client.get(path).content.decode()
        titles.add(_head(html, r"<title>([^<]+)</title>"))
        descriptions.add(_head(html, r'<meta name="description" content="([^"]+)"'))
    assert len(titles) == len(PUBLIC_PAGES)
    assert len(descriptions) == len(PUBLIC_PAGES)


def test_footer_and_local_business_data_name_every_area_served(client, bookable_site):
    html = client.get("/").content.decode()
    names = list(ServiceArea.objects.values_list("name", flat=True))
    assert names == ["Brampton", "Toronto", "Etobicoke", "Mississauga", "Guelph"]
    business = next(d for d in _json_ld(html) if d["@type"] == "HealthAndBeautyBusiness")
    assert sorted(a["name"] for a in business["areaServed"]) == sorted(names)
    footer = html[html.index("<footer") :]
    for name in names:
        assert f">{name}</a>" in footer


def test_article_places_tables_where_staff_put_them_with_accessible_markup(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    referred = html.index("<caption>Test referred pain</caption>")
    comparison = html.index("<caption>Test comparison</caption>")
    sore = html.index('<h2 id="or-just-sore">Or just sore?</h2>')
    assert html.index("Pain can travel.") < referred < sore < comparison
    assert comparison < html.index("The end.")
    assert '<th scope="col">Where the pain is felt</th>' in html
    assert '<th scope="row">Test trapezius</th>' in html
    onset = re.search(r'<th scope="row">Onset</th>(.*?)</tr>', html).group(1)
    assert re.sub(r'<span class="cell-label"[^>]*>[^<]*</span>', "", onset) == (
        "<td>Sudden</td><td>A day later</td>"
    )


def test_article_faq_is_shown_and_marked_up_as_faq_page(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<dt>Will it hurt?</dt>" in html
    faq = next(d for d in _json_ld(html) if d["@type"] == "FAQPage")
    assert faq["mainEntity"] == [
        {
            "@type": "Question",
            "name": "Will it hurt?",
            "acceptedAnswer": {"@type": "Answer", "text": "A little.\n\nTell us."},
        }
    ]


def test_json_ld_cannot_be_broken_out_of_by_content(client, article):
    Faq.objects.create(article=article, question="</script><script>alert(1)</script>", answer="x")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    assert any(
        q["name"] == "</script><script>alert(1)</script>"
        for d in _json_ld(html) if d["@type"] == "FAQPage" for q in d["mainEntity"]
    )  # fmt: skip


def test_published_article_renders_in_at_most_seven_queries(
    client, article, django_assert_max_num_queries
):
    # The article, its tables' rows (two), FAQs and pictures, then the footer's areas and
    # therapist profile (issue 14 added the pictures and the profile); all cached afterwards.
    with django_assert_max_num_queries(7):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200


def test_article_is_served_from_cache_until_staff_save(client, article, django_assert_num_queries):
    client.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        assert b"Knots and where" in client.get(article.get_absolute_url()).content
    article.title = "Knots, renamed"
    article.save()
    assert b"Knots, renamed" in client.get(article.get_absolute_url()).content


def test_draft_is_hidden_from_the_public_and_previewed_by_staff(client, admin_user):
    draft = Article.objects.create(
        title="Work in progress", slug="wip", summary="Not yet.", body="Draft text."
    )
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert b"Work in progress" not in client.get("/learn/").content
    sign_in_staff(client, admin_user)
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "Draft preview" in html and "Draft text." in html
    assert '<meta name="robots" content="noindex">' in html


def test_publishing_sets_the_date_and_lists_the_article(client):
    article = Article.objects.create(title="Now live", slug="live", summary="s", body="b")
    assert article.published_at is None
    article.status = Article.Status.PUBLISHED
    article.save()
    assert article.published_at is not None and article.published_at <= timezone.now()
    assert b"Now live" in client.get("/learn/").content


def test_unknown_urls_get_the_friendly_404_in_the_layout(client):
    for path in ["/no-such-page/", "/learn/no-such-article/", "/services/nope/", "/areas/mars/"]:
        response = client.get(path)
        assert response.status_code == 404
        assert b"We could not find that page" in response.content
        assert b'<nav aria-label="Main">' in response.content


def test_sitemap_lists_articles_services_and_areas(client, public_site):
    xml = client.get("/sitemap.xml").content.decode()
    for path in [
        "/learn/myofascial-release-trigger-points/",
        "/services/energy-healing/",
        "/areas/guelph/",
        "/trigger-points/",
    ]:
        assert f"<loc>http://testserver{path}</loc>" in xml


def test_robots_points_to_the_sitemap_and_keeps_private_pages_out(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text and "Disallow: /book/manage/" in text


def test_service_page_lists_active_lengths_and_prices_and_books_that_service(client, bookable_site):
    from bookings.models import BookingOption

    option = BookingOption.objects.filter(service__slug="swedish-massage").first()
    html = client.get("/services/swedish-massage/").content.decode()
    assert f"{option.minutes} minutes: {dollars(option.price)}" in html
    assert f"{reverse('bookings:start')}?service=swedish-massage" in html
    option.is_active = False
    option.save()
    assert (
        f"{option.minutes} minutes: {dollars(option.price)}"
        not in client.get("/services/swedish-massage/").content.decode()
    )


def test_energy_healing_says_it_is_not_receipted_as_massage_therapy(client, bookable_site):
    html = client.get("/services/energy-healing/").content.decode()
    assert "not massage therapy" in html
    assert "insurance receipt" not in html.lower()


RECEIPT_PROMISE = "Every visit comes with an insurance receipt from a Registered Massage Therapist"


def test_a_massage_therapy_service_promises_an_insurance_receipt(client, bookable_site):
    html = client.get("/services/swedish-massage/").content.decode()
    assert RECEIPT_PROMISE in html and "not massage therapy" not in html


def test_home_and_services_say_massage_therapy_visits_come_with_receipts(client, bookable_site):
    home = client.get("/").content.decode()
    assert "Insurance receipts for every massage therapy visit" in home
    services = client.get("/services/").content.decode()
    assert "Each massage therapy visit comes with an insurance receipt" in services
    # One line per receipted service: energy healing, not massage therapy, has none.
    receipted = [s for s in bookable_site.services.values() if s.is_massage_therapy]
    assert 0 < len(receipted) < len(bookable_site.services)
    assert services.count("Insurance receipt issued") == len(receipted)


def test_an_area_page_posts_its_travel_fee_and_a_change_shows_at_once(client, bookable_site):
    from bookings.models import AreaRule

    guelph, brampton = bookable_site.areas["guelph"], bookable_site.areas["brampton"]
    assert "travel fee" not in client.get("/areas/guelph/").content.decode()  # now cached
    rule = AreaRule.objects.create(area=guelph, travel_fee="20")
    AreaRule.objects.create(area=brampton, minimum_minutes=60)  # a rule without a fee

    posted = "Visits in Guelph carry a $20 travel fee, added to the treatment price"
    assert posted in client.get("/areas/guelph/").content.decode()
    assert "travel fee" not in client.get("/areas/brampton/").content.decode()
    rule.travel_fee = "25"
    rule.save()
    assert "carry a $25 travel fee" in client.get("/areas/guelph/").content.decode()
