"""Which service area a client's postal code falls in.

An area is matched by the postal code's forward sortation area (its first three characters), as
listed in the area's postal code prefixes.
"""

import re

from content import cache, selectors
from content.models import ServiceArea

from .models import PostalPrefix

# Canada Post never uses D, F, I, O, Q or U (they read like digits or each other), and never starts
# a postal code with W or Z. [0-9] rather than \d: \d would also match digits from other scripts.
_LETTER = "ABCEGHJKLMNPRSTVWXYZ"
_FIRST_LETTER = "ABCEGHJKLMNPRSTVXY"
_POSTAL_CODE = re.compile(f"[{_FIRST_LETTER}][0-9][{_LETTER}][0-9][{_LETTER}][0-9]")
# People type postal codes with spaces anywhere, or with a hyphen between the halves.
_SEPARATORS = re.compile(r"[\s-]+")


def normalise_postal_code(raw: str) -> str:
    """Return the postal code as "A1A 1A1", accepting any case, spacing or a hyphen.

    Raise ValueError, with a message fit to show the client, when it is not shaped like a
    Canadian postal code.
    """
    compact = _SEPARATORS.sub("", raw).upper()
    if not _POSTAL_CODE.fullmatch(compact):
        raise ValueError(
            f"“{raw.strip()}” is not a Canadian postal code. Enter it as letter, digit, letter, "
            "digit, letter, digit, for example L6Y 0A1."
        )
    return f"{compact[:3]} {compact[3:]}"


def area_for_postal_code(postal_code: str) -> ServiceArea | None:
    """Return the service area covering this postal code, or None when Taylor does not travel there.

    Raise ValueError when the postal code is not shaped like a Canadian one.
    """
    fsa = normalise_postal_code(postal_code)[:3]
    return _areas_by_prefix().get(fsa)


def _areas_by_prefix() -> dict[str, ServiceArea]:
    """Each listed prefix's area, with its booking rule (availability, the price and the times
    page all read it); cached with the public pages, which saving an area, its rule or a
    prefix clears (content/cache.py), so every booking page finds its area without a query."""

    def build():
        areas = {area.pk: area for area in selectors.service_areas()}
        return {
            fsa: areas[area_id]
            for fsa, area_id in PostalPrefix.objects.values_list("fsa", "area_id")
        }

    return cache.cached("areas-by-prefix", build)


def area_if_known(postal_code: str) -> ServiceArea | None:
    """The area of a postal code a link filled in ("book again"), so step one can price the
    treatments with its travel fee; None while it is empty, unknown or not a postal code yet."""
    if not postal_code:
        return None
    try:
        return area_for_postal_code(postal_code)
    except ValueError:
        return None


def start_of_area(slug: str) -> tuple[ServiceArea | None, str]:
    """The area a link names by its slug (from the area's own page), with the start of a
    postal code there for the client to finish: the area's first prefix and a space. No area
    and nothing to fill in when the slug names none, or an area with no prefixes."""
    prefix = (
        PostalPrefix.objects.select_related("area__booking_rule")
        .filter(area__slug=slug)
        .order_by("fsa")
        .first()
    )
    return (prefix.area, f"{prefix.fsa} ") if prefix else (None, "")


# Areas named for a region rather than a town: Halton's spans Burlington, Georgetown, Acton
# and rural routes, so its name is no town to write on an address.
_REGIONS = frozenset({"halton"})


def city_of(area: ServiceArea) -> str:
    """The city or town to fill in for a home in `area`, or "" where the area spans several."""
    return "" if area.slug in _REGIONS else area.name
