import functools
import json

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from content import cache
from content.rendering import render_markdown
from stillwaters import display

register = template.Library()

# What this process has rendered of the parts every page shares, by (template, section,
# content generation, practice settings, site URL).
_shared_parts = cache.ProcessMemo(64)


@register.simple_tag(takes_context=True)
def shared_part(context, template_name: str) -> str:
    """A part of every page that is the same for everyone (the header, with the link of the
    section shown marked as current, and the footer), rendered once per content generation
    in each process rather than on every page: on a booking step it was about a third of the
    time the page took (docs/benchmarks.md). The part may use only what the context
    processors give every page, never the request, the user or the page's own variables."""
    request = context["request"]
    current = _section(request.path)
    key = (template_name, current, cache.generation(), id(settings.PRACTICE), settings.SITE_URL)
    html = _shared_parts.get(key)
    if html is None:
        html = render_to_string(template_name, {"current": current}, request=request)
        _shared_parts.keep(key, html)
    return mark_safe(html)  # noqa: S308 (rendered, so escaped, by the template engine)


def _section(path: str) -> str:
    """The part of the site a path is in, for the header's current link: "" for none."""
    for section, url, whole_tree in _section_urls():
        if path == url or (whole_tree and path.startswith(url)):
            return section
    return "account" if path.startswith("/account/") else ""


@functools.cache
def _section_urls() -> list[tuple[str, str, bool]]:
    return [(section, reverse(name), whole_tree) for section, name, whole_tree in _SECTIONS]


# (section, the URL name of its first page, whether every page under that URL is in it)
_SECTIONS = (
    ("learn", "content:articles", True),
    ("pain-finder", "content:pain-finder", False),
    ("services", "content:services", True),
    ("areas", "content:areas", True),
    ("about", "content:about", False),
    ("book", "bookings:start", True),
)

# The characters that could end a <script> element or open a comment, as JSON escapes.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def ld_json(data) -> str:
    """Structured data for search engines in a script element that page text cannot break."""
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str = "") -> str:
    """The public URL of `path` (default: this page without its query string)."""
    if not path:
        path = context["request"].path
    return f"{settings.SITE_URL}{path}"


@register.filter
def paragraphs(text: str) -> list[str]:
    return [block.strip() for block in text.split("\n\n") if block.strip()]


@register.filter(name="markdown")
def markdown_filter(text: str) -> str:
    return render_markdown(text)


@register.filter
def phone(stored: str) -> str:
    """The practice's number as people read it (905-555-0142); `tel` for the link dialling it."""
    return display.phone(stored) if stored else ""


@register.filter
def tel(stored: str) -> str:
    return display.phone_to_dial(stored) if stored else ""


@register.filter
def dollars(amount) -> str:
    """A price as the site writes it: $145, $145.50."""
    return display.dollars(amount)
