"""Households: finding the account and the person a verified booking is for, and who counts
as a minor.

Only verified callers reach `person_for_booking`: Taylor (who knows who he is booking), a
signed-in client, or someone who has just clicked the link emailed to the address. A booking
made by anyone else waits as a hold (clients/holds.py) and touches no record until confirmed.
"""

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from bookings.scheduling import availability
from bookings.scheduling.models import Appointment
from bookings.scheduling.travel import place_of
from stillwaters.clock import local

from .models import Client, Person

# The practice treats anyone younger than this only with a parent's or guardian's consent.
ADULT_AGE = 18
# A second person's visit counts as back to back with the first if it can start this soon after.
BACK_TO_BACK_WITHIN = timedelta(minutes=30)


@dataclass(frozen=True, kw_only=True)
class ClientDetails:
    """Who a booking is for and where, as typed for it."""

    name: str
    email: str
    phone: str
    address: str
    unit: str = ""
    city: str
    postal_code: str
    access_notes: str = ""


def account_for_email(email: str) -> Client | None:
    return Client.objects.filter(email__iexact=email.strip()).order_by("pk").first()


def account_holder(account: Client) -> Person:
    """The account holder's person, created if the account has none yet."""
    person, _ = Person.objects.get_or_create(
        account=account,
        relation=Person.Relation.ACCOUNT_HOLDER,
        defaults={"name": account.name},
    )
    return person


def person_for_booking(details: ClientDetails) -> tuple[Client, Person]:
    """The account with this email and the person in it with this name, created if missing.

    An account already on file is never changed: the details typed stay with the visit, and
    Taylor updates the account when a client has really moved. A name the household does not
    have yet becomes a new person in it, so one person's history never lands on another.
    """
    account = account_for_email(details.email)
    if account is None:
        account = Client.objects.create(**{**asdict(details), "email": details.email.strip()})
        return account, account_holder(account)
    wanted = _same_name(details.name)
    for person in account.people.all():
        if _same_name(person.name) == wanted:
            return account, person
    if not account.people.exists():
        return account, account_holder(account)
    person = Person.objects.create(
        account=account, name=details.name.strip(), relation=Person.Relation.OTHER
    )
    return account, person


def is_minor(person: Person, on_day: date) -> bool:
    """Whether the person is younger than ADULT_AGE on `on_day`; unknown birth dates are not."""
    born = person.date_of_birth
    if born is None:
        return False
    had_birthday = (on_day.month, on_day.day) >= (born.month, born.day)
    return on_day.year - born.year - (0 if had_birthday else 1) < ADULT_AGE


def follow_on_start(appointment: Appointment) -> datetime | None:
    """The first free start right after a visit, for someone else at the same address: the
    same treatment, within BACK_TO_BACK_WITHIN of its end (at its end when nothing else is in
    the way: Taylor neither drives nor packs up); None when the day has no such start.
    """
    day = local(appointment.starts_at).date()
    place = place_of(appointment)
    for start in availability.free_starts(
        appointment.option, appointment.area, day, day, place=place
    ):
        if start >= appointment.ends_at:
            return start if start - appointment.ends_at <= BACK_TO_BACK_WITHIN else None
    return None


def _same_name(name: str) -> str:
    return " ".join(name.split()).casefold()
