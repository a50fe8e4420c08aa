"""Phone numbers in pages and emails: `{{ number|phone }}` to read, `{{ number|tel }}` for a
link that dials it, extension included (stillwaters/display.py keeps the rules)."""

from django import template

from stillwaters import display

register = template.Library()


@register.filter
def phone(stored: str) -> str:
    return display.phone(stored) if stored else ""


@register.filter
def tel(stored: str) -> str:
    return display.phone_to_dial(stored) if stored else ""
