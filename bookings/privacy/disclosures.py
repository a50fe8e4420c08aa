"""A copy of a person's record for someone else: a physician they were referred to, an insurer
they asked Taylor to send it to, or whoever the law requires (a summons, the College).

The copy leaves out every item the person's lock-box withholds and says so in its place; the
client's own copy (privacy/requests.py) is whole, since nothing is withheld from them. Every
record the copy holds is logged as printed for this disclosure, and the disclosure itself as one
entry naming the recipient, the authority and the parts withheld.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import dateformat

from bookings.clients.models import Person
from bookings.clinical import record
from stillwaters import clock

from . import audit, lockbox
from .models import LockBoxInstruction


@dataclass(frozen=True)
class Copy:
    pdf: bytes
    withheld: list[str]  # the lock-box items left out, as the client named them


def copy_for(person: Person, *, recipient: str, authority: str, user) -> Copy:
    """The record as disclosed to `recipient` on `authority` (the client's consent, or the
    law), with the lock-box items withheld; logged."""
    withheld = frozenset(lockbox.locked_items([person.pk]).get(person.pk, set()))
    labels = [label for value, label in LockBoxInstruction.Item.choices if value in withheld]
    purpose = f"copy for {recipient}"[:100]
    with transaction.atomic():
        printed = record.for_person(person, user, withheld=withheld, purpose=purpose)
        printed.title += f": copy for {recipient}, {dateformat.format(clock.today(), 'F j, Y')}"
        audit.record(
            audit.Action.DISCLOSE,
            f"copy of the record: {authority}",
            user=user,
            person=person,
            disclosed_to=recipient,
            fields="clinical record" + (f"; withheld: {', '.join(labels)}" if labels else ""),
        )
    return Copy(pdf=record.pdf(printed), withheld=labels)
