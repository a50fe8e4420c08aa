"""Article bodies: staff-written Markdown made safe, with structured tables placed by shortcode."""

import re
from dataclasses import dataclass

import markdown
import nh3
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

TABLE_SHORTCODE = re.compile(r"^\[\[table:([a-z0-9-]+)\]\][ \t]*$", re.MULTILINE)

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li", "ol", "p",
    "pre", "strong", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "h2": {"id"}, "h3": {"id"}}


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML with anything staff typed as raw HTML made inert.

    nh3 drops <script>, event-handler attributes and links whose scheme is not http(s) or mailto,
    whatever the Markdown produced.
    """
    html = markdown.markdown(text, extensions=["sane_lists", "toc"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 (sanitised by nh3 just above)


@dataclass(frozen=True)
class BodyPart:
    html: SafeString | None = None
    table_slug: str | None = None


def split_body(text: str) -> list[BodyPart]:
    """Cut the body at each [[table:slug]] line, keeping the order staff wrote."""
    parts: list[BodyPart] = []
    position = 0
    for match in TABLE_SHORTCODE.finditer(text):
        before = text[position : match.start()]
        if before.strip():
            parts.append(BodyPart(html=render_markdown(before)))
        parts.append(BodyPart(table_slug=match.group(1)))
        position = match.end()
    rest = text[position:]
    if rest.strip():
        parts.append(BodyPart(html=render_markdown(rest)))
    return parts


def table_slugs(text: str) -> set[str]:
    return set(TABLE_SHORTCODE.findall(text))


def render_body(text: str, tables: dict[str, SafeString]) -> SafeString:
    """The whole body as HTML; a shortcode naming no table renders nothing."""
    chunks = []
    for part in split_body(text):
        if part.html is not None:
            chunks.append(part.html)
        elif part.table_slug in tables:
            chunks.append(tables[part.table_slug])
    return mark_safe("".join(chunks))  # noqa: S308 (each chunk is sanitised or template-escaped)


def render_referred_pain_table(table, rows) -> SafeString:
    return render_to_string("content/tables/referred_pain.html", {"table": table, "rows": rows})


def render_comparison_table(table, rows) -> SafeString:
    return render_to_string("content/tables/comparison.html", {"table": table, "rows": rows})
