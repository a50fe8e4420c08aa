"""Reads behind the public pages. Published pages are cached until staff next save content."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from . import cache, rendering
from .models import (
    Article,
    ArticleImage,
    ComparisonRow,
    Faq,
    PainArea,
    ReferredPainRow,
    Service,
    ServiceArea,
    TherapistProfile,
)


def published_articles() -> QuerySet[Article]:
    return Article.objects.filter(status=Article.Status.PUBLISHED)


# The service an article's "Book a visit" chooses when the article explains referred pain (it
# places a referred-pain table): the treatment the pain finder books too.
TRIGGER_POINT_RELEASE = "trigger-point-release"


@dataclass
class ArticlePage:
    article: Article
    body: rendering.Body
    faqs: list[Faq] = field(default_factory=list)
    booking_service: str = ""
    # Its referred-pain tables draw each muscle's diagram on the figure the page defines once.
    has_diagrams: bool = False
    images: list[ArticleImage] = field(default_factory=list)


@dataclass
class _Tables:
    html: dict[str, SafeString] = field(default_factory=dict)
    referred_pain: list[str] = field(default_factory=list)


def _tables_for(body: str) -> _Tables:
    slugs = rendering.table_slugs(body)
    tables = _Tables()
    if not slugs:
        return tables
    for table, rows in _referred_pain_rows(slugs).items():
        tables.html[table.slug] = rendering.render_referred_pain_table(table, rows)
        tables.referred_pain.append(table.slug)
    comparison_rows = ComparisonRow.objects.filter(table__slug__in=slugs).select_related("table")
    for table, rows in _group_by_table(comparison_rows).items():
        tables.html[table.slug] = rendering.render_comparison_table(table, rows)
    return tables


def _referred_pain_rows(slugs: set[str]) -> dict:
    """Rows of the named tables with the places each refers pain to, in one query.

    Reading through the link table returns each row once per place; a row always has at least
    one place, since the admin requires it.
    """
    links = (
        ReferredPainRow.pain_areas.through.objects.filter(referredpainrow__table__slug__in=slugs)
        .select_related("referredpainrow__table", "painarea")
        .order_by("referredpainrow__position", "referredpainrow_id", "painarea__position")
    )
    rows: dict[int, ReferredPainRow] = {}
    for link in links:
        row = rows.get(link.referredpainrow_id)
        if row is None:
            row = rows[link.referredpainrow_id] = link.referredpainrow
            row.places = []
        row.places.append(link.painarea)
    return _group_by_table(rows.values())


def _group_by_table(rows) -> dict:
    grouped: dict = {}
    for row in rows:
        grouped.setdefault(row.table, []).append(row)
    return grouped


def _build_article_page(article: Article) -> ArticlePage:
    tables = _tables_for(article.body)
    service = TRIGGER_POINT_RELEASE if tables.referred_pain else ""
    # After the muscles and where they send pain, a reader who recognises theirs can book.
    book = render_to_string(
        "content/includes/book_visit.html", {"service": service, "place": "patterns"}
    )
    return ArticlePage(
        article=article,
        body=rendering.render_body(
            article.body, tables.html, after_table=dict.fromkeys(tables.referred_pain, book)
        ),
        faqs=list(article.faqs.all()),
        booking_service=service,
        has_diagrams=bool(tables.referred_pain),
        images=list(article.images.all()),
    )


def article_page(slug: str, *, include_drafts: bool = False) -> ArticlePage | None:
    """The rendered article, or None. Drafts are only for staff previews and never cached."""
    if include_drafts:
        article = Article.objects.filter(slug=slug).first()
        return _build_article_page(article) if article else None

    def build():
        article = published_articles().filter(slug=slug).first()
        return _build_article_page(article) if article else None

    # Only pages that exist are cached: a miss is one indexed query, and caching misses would
    # let anyone fill the cache (shared with sessions and the queue) with made-up slugs.
    return cache.cached(f"article:{slug}", build)


def article_list() -> list[Article]:
    return cache.cached("articles", lambda: list(published_articles()))


def pain_areas_with_muscles() -> list[PainArea]:
    """The places a client can pick: only those that some referred-pain row mentions."""
    return cache.cached(
        "pain-areas", lambda: list(PainArea.objects.filter(rows__isnull=False).distinct())
    )


def muscles_referring_to(area: PainArea) -> list[ReferredPainRow]:
    return cache.cached(
        f"muscles-for:{area.slug}",
        lambda: list(
            area.rows.select_related("table__article")
            .prefetch_related(Prefetch("pain_areas", queryset=PainArea.objects.all()))
            .order_by("position", "muscle")
        ),
    )


def place_slugs() -> set[str]:
    """The places the pain finder offers (those with muscles that refer pain there)."""
    return {area.slug for area in pain_areas_with_muscles()}


def services() -> list[Service]:
    """Services with their active lengths and prices (booking options, which the bookings app
    adds to each service as `options`; content reads them through the relation, never imports
    them)."""

    def build():
        options = Service.options.rel.related_model.objects.filter(is_active=True)
        return list(
            Service.objects.prefetch_related(
                Prefetch("options", queryset=options.order_by("minutes"))
            )
        )

    return cache.cached("services", build)


def service_slugs() -> set[str]:
    return {service.slug for service in services()}


def service_areas() -> list[ServiceArea]:
    """The areas, each with the booking rule the bookings app may give it (`booking_rule`),
    whose travel fee the area's page posts; read through the relation, as services' options."""
    return cache.cached("areas", lambda: list(ServiceArea.objects.select_related("booking_rule")))


def area_slugs() -> set[str]:
    return {area.slug for area in service_areas()}


def therapist_profile() -> TherapistProfile:
    """Who the RMT is, for every page's footer. An empty profile while nobody has filled one in,
    so that too is cached and no page queries for it."""
    return cache.cached(
        "therapist-profile", lambda: TherapistProfile.objects.first() or TherapistProfile()
    )
