"""The lock-box: which parts of a person's record their instruction withholds from uses and
disclosures other than Taylor's own care (the agenda email, copies for someone else)."""

from collections.abc import Iterable

from .models import LockBoxInstruction

WITHHELD = "Information withheld at the client's request."


def locked_items(person_ids: Iterable[int]) -> dict[int, set[str]]:
    """For each person, the items their standing instructions withhold, in one query."""
    locked: dict[int, set[str]] = {}
    for person_id, item in LockBoxInstruction.objects.filter(
        person_id__in=set(person_ids), withdrawn_at__isnull=True
    ).values_list("person_id", "item"):
        locked.setdefault(person_id, set()).add(item)
    return locked
