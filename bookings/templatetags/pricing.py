"""Prices in pages and emails, read from scheduling/pricing.py: `{{ appointment|visit_price }}`
for a booked visit's, `{{ amount|money }}` to write an amount as the site does ($145, $145.50)."""

from decimal import Decimal

from django import template

from bookings.scheduling import pricing
from bookings.scheduling.models import Appointment
from stillwaters.display import dollars

register = template.Library()


@register.filter
def visit_price(appointment: Appointment) -> pricing.Price:
    return pricing.of_visit(appointment)


@register.filter
def money(amount: Decimal) -> str:
    return dollars(amount)
