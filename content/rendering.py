"""Article bodies: staff-written Markdown made safe, with structured tables placed by shortcode."""

import html
import re
from dataclasses import dataclass, field

import markdown
import nh3
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from . import body_map, figures

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


# nh3 writes every tag back in this one form, so a pattern can find the headings it kept.
HEADING = re.compile(r'<(h[23])(?: id="[^"]*")?>(.*?)</\1>', re.DOTALL)
HEADING_START = re.compile(r"(?=<h[23][ >])")
TAG = re.compile(r"<[^>]*>")
# Ids the article page gives its own parts; a heading never takes one of them.
PAGE_IDS = frozenset({"article-title", "faq-title", "toc-title"})


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass(frozen=True)
class TocEntry:
    heading: Heading
    children: list[Heading] = field(default_factory=list)


@dataclass(frozen=True)
class Body:
    html: SafeString
    headings: list[Heading]

    @property
    def toc(self) -> list[TocEntry]:
        """The headings as the page's contents: each section with its subsections. A
        subsection before any section stands on its own."""
        entries: list[TocEntry] = []
        for heading in self.headings:
            if heading.level == 3 and entries:
                entries[-1].children.append(heading)
            else:
                entries.append(TocEntry(heading))
        return entries


class _HeadingIds:
    """Ids from the heading's words, the same each time the body is rendered, so a link to
    a section keeps working; a repeated heading gets -2, -3..."""

    def __init__(self):
        self.used = set(PAGE_IDS)

    def __call__(self, text: str) -> str:
        base = slugify(text) or "section"
        candidate, number = base, 2
        while candidate in self.used:
            candidate, number = f"{base}-{number}", number + 1
        self.used.add(candidate)
        return candidate


@dataclass
class _Section:
    heading: Heading | None
    chunks: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)


def render_body(
    text: str, tables: dict[str, SafeString], *, after_table: dict[str, SafeString] | None = None
) -> Body:
    """The whole body as HTML, every h2 and h3 with an id, and its headings for the contents.

    A shortcode naming no table renders nothing. Whatever `after_table` gives for a table's
    slug closes the section that table is in, after the text that follows it; a picture drawn
    for a section (figures.py) closes that section.
    """
    after_table = after_table or {}
    heading_id = _HeadingIds()
    sections = [_Section(heading=None)]
    for part in split_body(text):
        if part.html is None:
            if part.table_slug in tables:
                sections[-1].chunks.append(tables[part.table_slug])
                sections[-1].tables.append(part.table_slug)
            continue
        for piece in HEADING_START.split(part.html):
            match = HEADING.match(piece)
            if match:
                words = html.unescape(TAG.sub("", match.group(2))).strip()
                heading = Heading(int(match.group(1)[1]), heading_id(words), words)
                piece = (
                    f'<{match.group(1)} id="{heading.id}">{match.group(2)}</{match.group(1)}>'
                    + piece[match.end() :]
                )
                sections.append(_Section(heading=heading))
            sections[-1].chunks.append(piece)
    headings = [section.heading for section in sections if section.heading]
    pictures = figures.placed([heading.id for heading in headings])
    chunks = []
    for section in sections:
        closing = [after_table[slug] for slug in section.tables if slug in after_table]
        if section.heading and section.heading.id in pictures:
            closing.append(pictures[section.heading.id])
        chunks.extend(section.chunks)
        chunks.extend(dict.fromkeys(closing))
    # Each chunk is sanitised by nh3, template-escaped, or an id made by slugify.
    return Body(html=mark_safe("".join(chunks)), headings=headings)  # noqa: S308


def render_referred_pain_table(table, rows) -> SafeString:
    """The table, each muscle with its diagram, drawn from the places read with its row."""
    entries = [(row, body_map.diagram(row, row.places)) for row in rows]
    return render_to_string(
        "content/tables/referred_pain.html",
        {"table": table, "entries": entries, "drawn": any(d for _, d in entries)},
    )


def render_comparison_table(table, rows) -> SafeString:
    return render_to_string("content/tables/comparison.html", {"table": table, "rows": rows})
