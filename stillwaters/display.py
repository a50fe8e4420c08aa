"""Amounts and lengths of time as staff read them in admin: "$145" (cents only when there are
some), "1 day", "2 hours 30 minutes". Stored values stay exact; only their reading changes."""

from decimal import Decimal

_UNITS = [("day", 24 * 60), ("hour", 60), ("minute", 1)]


def dollars(amount: Decimal | None) -> str:
    """$145 for a whole amount, $145.50 otherwise, with thousands separated: $1,234."""
    if amount is None:
        return "—"
    if amount == amount.to_integral_value():
        return f"${amount:,.0f}"
    return f"${amount:,.2f}"


def duration(minutes: int) -> str:
    """A number of minutes in the largest whole units: 1440 is "1 day", 90 "1 hour 30 minutes"."""
    if minutes <= 0:
        return "0 minutes"
    parts = []
    for name, size in _UNITS:
        count, minutes = divmod(minutes, size)
        if count:
            parts.append(f"{count} {name}{'' if count == 1 else 's'}")
    return " ".join(parts)


def before(minutes: int) -> str:
    """A reminder offset: "1 day before", "2 hours before"."""
    return f"{duration(minutes)} before"
