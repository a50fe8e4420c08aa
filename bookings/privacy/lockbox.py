"""The lock-box: which parts of a person's record their instruction withholds from uses and
disclosures other than Taylor's own care (the agenda email, copies for someone else)."""

from collections.abc import Iterable

from django.utils import timezone

from bookings.clients.models import Person

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


def lock(person: Person, item: str) -> LockBoxInstruction:
    """Withhold `item` of the person's record; a standing instruction for it is kept as is."""
    if item not in LockBoxInstruction.Item.values:
        raise ValueError("Choose a part of the record from the list.")
    standing = person.lock_box.filter(item=item, withdrawn_at__isnull=True).first()
    return standing or LockBoxInstruction.objects.create(person=person, item=item)


def withdraw(instruction: LockBoxInstruction, *, now=None) -> None:
    instruction.withdrawn_at = now or timezone.now()
    instruction.save(update_fields=["withdrawn_at"])
