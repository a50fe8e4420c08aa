"""Amounts, lengths of time and phone numbers as people read them on the site and in admin:
"$145" (cents only when there are some), "1 day", "2 hours 30 minutes", "905-555-0142". Stored
values stay exact; only their reading changes."""

from decimal import Decimal

import phonenumbers

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


# What follows ";ext=" in a stored number (bookings/scheduling/contact.py stores them so).
EXTENSION = ";ext="


def phone(stored: str) -> str:
    """A stored number as people read it: 905-555-0142, 416-555-0199 ext. 12 for a North
    American one (written as the site asks clients to type theirs), +44 20 7946 0958 for
    another; anything unparsable as it was stored."""
    try:
        number = phonenumbers.parse(stored, "CA")
    except phonenumbers.NumberParseException:
        return stored
    if number.country_code != 1:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    digits = str(number.national_number)
    shown = f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return f"{shown} ext. {number.extension}" if number.extension else shown


def phone_to_dial(stored: str) -> str:
    """A tel: link's target in E.164 (tel:+19055550142). Phones dial what follows a comma after
    a pause, which is how an extension gets dialled; the RFC 3966 ";ext=" form is ignored by
    most phone apps. Spaces and dashes, as in the practice's own number, are dropped."""
    main, _, extension = stored.partition(EXTENSION)
    try:
        main = phonenumbers.format_number(
            phonenumbers.parse(main, "CA"), phonenumbers.PhoneNumberFormat.E164
        )
    except phonenumbers.NumberParseException:
        main = "".join(main.split())
    return f"tel:{main},{extension}" if extension else f"tel:{main}"
