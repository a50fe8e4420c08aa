"""Phone numbers in pages and emails: `{{ number|phone }}` to read, `{{ number|tel }}` for a
link that dials it, extension included (scheduling/contact.py keeps the rules)."""

from django import template

from bookings.scheduling.contact import phone_for_people, phone_to_dial

register = template.Library()


@register.filter
def phone(stored: str) -> str:
    return phone_for_people(stored) if stored else ""


@register.filter
def tel(stored: str) -> str:
    return phone_to_dial(stored) if stored else ""
