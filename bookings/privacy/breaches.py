"""The yearly statistics of privacy breaches the Information and Privacy Commissioner of
Ontario asks each health information custodian for, by March 1, for the previous year."""

from dataclasses import dataclass

from django.db.models import Count, Sum

from .models import PrivacyBreach


@dataclass(frozen=True)
class CategoryCount:
    label: str
    breaches: int
    people_affected: int


def yearly_statistics(year: int) -> list[CategoryCount]:
    """Breaches found in `year`, by category (every category listed, zero or not)."""
    found = (
        PrivacyBreach.objects.filter(discovered_on__year=year)
        .values("category")
        .annotate(breaches=Count("pk"), people=Sum("people_affected"))
    )
    by_category = {row["category"]: row for row in found}
    return [
        CategoryCount(
            label=label,
            breaches=by_category.get(value, {}).get("breaches", 0),
            people_affected=by_category.get(value, {}).get("people") or 0,
        )
        for value, label in PrivacyBreach.Category.choices
    ]
