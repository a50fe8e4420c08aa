import json

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from content.rendering import render_markdown
from stillwaters import display

register = template.Library()

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
