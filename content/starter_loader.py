"""The starter content a new site opens with, loaded from the files in content/starter/.

`manage.py load_starter_content` runs this loader and the practice loader in
bookings/scheduling/starter.py. Each item is recorded in the StarterItem ledger the first time a
load creates it or finds it already there; from then on it belongs to the editors, and no later
load changes it or brings it back. Tables' rows and an article's FAQ entries are created with
their table or article, never on their own.
"""

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone

from . import cache
from .models import (
    Article,
    ComparisonRow,
    ComparisonTable,
    Faq,
    PainArea,
    ReferredPainRow,
    ReferredPainTable,
    Service,
    ServiceArea,
    StarterItem,
)

STARTER_DIR = Path(__file__).resolve().parent / "starter"
PRACTICE_FILE = STARTER_DIR / "practice.toml"

OUTCOMES = ("created", "already there", "skipped")


class StarterDataError(Exception):
    """A starter file cannot be loaded; the message names the file and the field."""


@dataclass
class StarterReport:
    """How many items of each kind a load created, found already there, or skipped."""

    counts: dict[str, Counter] = field(default_factory=dict)

    def add(self, kind: str, outcome: str) -> None:
        self.counts.setdefault(kind, Counter())[outcome] += 1

    def total(self, outcome: str) -> int:
        return sum(counts[outcome] for counts in self.counts.values())

    def lines(self) -> list[str]:
        return [
            f"{kind}: " + ", ".join(f"{counts[outcome]} {outcome}" for outcome in OUTCOMES)
            for kind, counts in self.counts.items()
        ]


class Ledger:
    """Decides item by item what a load may create, and records every item it has seen.

    A key is "<kind>:<natural key>", for example "article:<slug>" or
    "bookings.option:swedish-massage:60".
    """

    def __init__(self) -> None:
        self.report = StarterReport()
        self._recorded = set(StarterItem.objects.values_list("key", flat=True))
        self._new: list[StarterItem] = []

    def should_create(self, key: str, *, exists: bool) -> bool:
        """False when the ledger has the key (an editor owns it) or the database has the item."""
        kind = key.split(":", 1)[0]
        if key in self._recorded:
            self.report.add(kind, "skipped")
            return False
        self._recorded.add(key)
        self._new.append(StarterItem(key=key))
        self.report.add(kind, "already there" if exists else "created")
        return not exists

    def skip(self, key: str) -> None:
        """Count an item whose parent is gone; it stays out of the ledger until it can load."""
        self.report.add(key.split(":", 1)[0], "skipped")

    def close(self) -> StarterReport:
        StarterItem.objects.bulk_create(self._new)
        if self.report.total("created"):
            # Rows made with bulk_create send no post_save, so the cached pages would not know.
            transaction.on_commit(cache.bump_generation)
        return self.report


def read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise StarterDataError(f"{path}: cannot be read: {error.strerror}") from error
    except tomllib.TOMLDecodeError as error:
        raise StarterDataError(f"{path}: not valid TOML: {error}") from error


def expect_keys(values: object, where: str, required: tuple, optional: tuple = ()) -> dict:
    if not isinstance(values, dict):
        raise StarterDataError(f"{where}: expected a table of fields, found {values!r}")
    for name in required:
        if name not in values:
            raise StarterDataError(f"{where}: {name}: missing")
    for name in values:
        if name not in required + optional:
            expected = ", ".join(required + optional)
            raise StarterDataError(f"{where}: {name}: not a field here (expected {expected})")
    return values


def items(values: dict, name: str, where: str) -> list[tuple[str, object]]:
    """The entries of the list `name`, each with where it is for error messages."""
    entries = values[name]
    if not isinstance(entries, list):
        raise StarterDataError(f"{where}: {name}: expected a list")
    return [(f"{where}, {name}[{index}]", entry) for index, entry in enumerate(entries)]


def validated(instance: models.Model, where: str, exclude: tuple = ()) -> models.Model:
    """`instance` after its fields' validation and its check constraints."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        for constraint in instance._meta.constraints:
            if isinstance(constraint, models.CheckConstraint):
                constraint.validate(type(instance), instance, exclude=set(exclude))
    except ValidationError as error:
        problems = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        described = "; ".join(
            " ".join(messages)
            if name in (None, NON_FIELD_ERRORS)
            else f"{name}: {' '.join(messages)}"
            for name, messages in problems.items()
        )
        raise StarterDataError(f"{where}: {described}") from error
    return instance


def page_slugs(directory: Path) -> set[str]:
    return {path.stem for path in directory.glob("*.md")}


def read_page(path: Path, required: tuple, optional: tuple = ()) -> tuple[dict, str]:
    """A Markdown file's front matter (TOML between +++ lines) and its body."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("+++\n"):
        raise StarterDataError(f"{path}: must start with a +++ line opening the front matter")
    front, closing, body = text[4:].partition("\n+++\n")
    if not closing:
        raise StarterDataError(f"{path}: no +++ line closes the front matter")
    try:
        meta = tomllib.loads(front)
    except tomllib.TOMLDecodeError as error:
        raise StarterDataError(f"{path}: front matter is not valid TOML: {error}") from error
    expect_keys(meta, str(path), required, optional)
    if meta["slug"] != path.stem:
        raise StarterDataError(f"{path}: slug: {meta['slug']!r} must match the file name")
    if not body.strip():
        raise StarterDataError(f"{path}: the Markdown after the front matter is empty")
    return meta, body.strip() + "\n"


def _article(path: Path) -> tuple[Article, list[Faq]]:
    fields = ("title", "slug", "summary", "status", "position")
    meta, body = read_page(path, fields, optional=("published_at", "faqs"))
    published_at = meta.get("published_at")
    if published_at is not None and not (
        isinstance(published_at, datetime) and timezone.is_aware(published_at)
    ):
        raise StarterDataError(
            f"{path}: published_at: write a date and time with its offset, "
            "for example 2026-11-01T14:00:00Z"
        )
    if meta["status"] == Article.Status.PUBLISHED and published_at is None:
        raise StarterDataError(f"{path}: published_at: a published article needs its date")
    article = validated(
        Article(body=body, published_at=published_at, **{name: meta[name] for name in fields}),
        str(path),
    )
    faqs = [
        validated(
            Faq(position=position, **expect_keys(entry, where, ("question", "answer"))),
            where,
            exclude=("article",),
        )
        for position, (where, entry) in enumerate(
            items(meta, "faqs", str(path)) if "faqs" in meta else [], start=1
        )
    ]
    return article, faqs


def _page(path: Path, model: type[models.Model], fields: tuple) -> models.Model:
    meta, body = read_page(path, fields)
    return validated(model(description=body, **meta), str(path))


def _tables(path: Path, article_slugs: set[str]):
    data = expect_keys(
        read_toml(path), str(path), ("pain_areas", "referred_pain_tables", "comparison_tables")
    )
    pain_areas = [
        validated(PainArea(**_pain_area_fields(where, entry)), where)
        for where, entry in items(data, "pain_areas", str(path))
    ]
    pain_slugs = {area.slug for area in pain_areas}
    referred = [
        _referred_table(where, entry, article_slugs, pain_slugs)
        for where, entry in items(data, "referred_pain_tables", str(path))
    ]
    comparisons = [
        _comparison_table(where, entry)
        for where, entry in items(data, "comparison_tables", str(path))
    ]
    no_repeats(str(path), "pain_areas", [area.slug for area in pain_areas])
    no_repeats(str(path), "tables", [table.slug for table, *_ in referred + comparisons])
    return pain_areas, referred, comparisons


def _pain_area_fields(where: str, entry: object) -> dict:
    chart = ("chart_view", "chart_x", "chart_y")
    fields = dict(
        expect_keys(
            entry, where, ("name", "slug", "position"), optional=("felt", *chart, "sensitive")
        )
    )
    fields["is_sensitive"] = fields.pop("sensitive", False)
    return fields


def _referred_table(where: str, entry: object, article_slugs: set[str], pain_slugs: set[str]):
    values = expect_keys(entry, where, ("slug", "caption", "rows"), optional=("article",))
    article_slug = values.get("article")
    if article_slug is not None and article_slug not in article_slugs:
        raise StarterDataError(f"{where}: article: no article has the slug {article_slug!r}")
    table = validated(ReferredPainTable(slug=values["slug"], caption=values["caption"]), where)
    rows = []
    for row_where, row in items(values, "rows", where):
        fields = ("muscle", "sensation", "pain_areas", "body_region", "position")
        trigger = ("trigger_point", "trigger_view", "trigger_x", "trigger_y")
        row = dict(expect_keys(row, row_where, fields, optional=trigger))
        slugs = row.pop("pain_areas")
        if not isinstance(slugs, list) or not all(
            isinstance(slug, str) and slug in pain_slugs for slug in slugs
        ):
            raise StarterDataError(
                f"{row_where}: pain_areas: expected slugs from pain_areas, found {slugs!r}"
            )
        rows.append((validated(ReferredPainRow(**row), row_where, ("table",)), slugs))
    return table, article_slug, rows


def _comparison_table(where: str, entry: object):
    fields = ("slug", "caption", "first_heading", "second_heading")
    values = expect_keys(entry, where, (*fields, "rows"))
    table = validated(ComparisonTable(**{name: values[name] for name in fields}), where)
    row_fields = ("characteristic", "first", "second", "position")
    rows = [
        validated(ComparisonRow(**expect_keys(row, row_where, row_fields)), row_where, ("table",))
        for row_where, row in items(values, "rows", where)
    ]
    return table, rows


def no_repeats(where: str, name: str, keys: list[str]) -> None:
    repeated = [key for key, count in Counter(keys).items() if count > 1]
    if repeated:
        raise StarterDataError(f"{where}: {name}: {repeated[0]} is listed more than once")


def _place(ledger: Ledger, kind: str, instances: list, then=None) -> None:
    """Save each instance the ledger lets through; an item whose slug or name is taken exists."""
    if not instances:
        return
    model = type(instances[0])
    unique = [f.name for f in model._meta.fields if f.name in ("slug", "name") and f.unique]
    taken = {
        (name, value) for name in unique for value in model.objects.values_list(name, flat=True)
    }
    for instance in instances:
        exists = any((name, getattr(instance, name)) in taken for name in unique)
        if ledger.should_create(f"{kind}:{instance.slug}", exists=exists):
            instance.save()
            if then is not None:
                then(instance)


def load_content(directory: Path = STARTER_DIR) -> StarterReport:
    """Create the starter pain areas, articles, tables, services and areas that are missing."""
    articles = [_article(path) for path in sorted((directory / "articles").glob("*.md"))]
    services = [
        _page(path, Service, ("name", "slug", "summary", "position", "is_massage_therapy"))
        for path in sorted((directory / "services").glob("*.md"))
    ]
    areas = [
        _page(path, ServiceArea, ("name", "slug", "summary", "position"))
        for path in sorted((directory / "areas").glob("*.md"))
    ]
    pain_areas, referred, comparisons = _tables(
        directory / "tables.toml", {article.slug for article, _ in articles}
    )
    faqs_of = {article.slug: faqs for article, faqs in articles}
    rows_of = {table.slug: rows for table, _, rows in referred}
    article_of = {table.slug: slug for table, slug, _ in referred}
    comparison_rows_of = {table.slug: rows for table, rows in comparisons}

    with transaction.atomic():
        ledger = Ledger()
        _place(ledger, "pain-area", pain_areas)

        def add_faqs(article):
            for faq in faqs_of[article.slug]:
                faq.article = article
            Faq.objects.bulk_create(faqs_of[article.slug])

        _place(ledger, "article", [article for article, _ in articles], add_faqs)

        pain_by_slug = PainArea.objects.in_bulk(field_name="slug")
        article_by_slug = Article.objects.in_bulk(field_name="slug")
        for table, _, _ in referred:
            table.article = article_by_slug.get(article_of[table.slug])

        def add_referred_rows(table):
            for row, slugs in rows_of[table.slug]:
                row.table = table
                row.save()
                row.pain_areas.set([pain_by_slug[slug] for slug in slugs if slug in pain_by_slug])

        _place(
            ledger, "referred-pain-table", [table for table, _, _ in referred], add_referred_rows
        )

        def add_comparison_rows(table):
            for row in comparison_rows_of[table.slug]:
                row.table = table
            ComparisonRow.objects.bulk_create(comparison_rows_of[table.slug])

        _place(ledger, "comparison-table", [table for table, _ in comparisons], add_comparison_rows)
        _place(ledger, "service", services)
        _place(ledger, "area", areas)
        return ledger.close()
