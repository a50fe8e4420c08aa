"""Taylor's daily agenda: the day's visits in order, where they are, the drives between, and
the route of the day from home and back."""

from dataclasses import dataclass, field
from datetime import date

from bookings.clinical.intake import intakes_for_visits
from bookings.clinical.models import HealthIntake
from bookings.mileage.trips import Trip, planned_route
from bookings.privacy.lockbox import locked_items
from bookings.privacy.models import LockBoxInstruction
from bookings.scheduling.models import Appointment, BookingPolicy
from bookings.scheduling.travel import DrivingTimes, Gap, gap_between


@dataclass(frozen=True)
class AgendaVisit:
    appointment: Appointment
    # From the end of the previous visit to the start of this one; None for the first.
    gap: Gap | None = None
    # The health history in force for the visit; the email shows only its red flags.
    health_intake: HealthIntake | None = None
    # The client's lock-box withholds the red flags from this email.
    red_flags_withheld: bool = False


@dataclass(frozen=True)
class DailyAgenda:
    day: date
    visits: list[AgendaVisit] = field(default_factory=list)
    # Completed visits whose treatment note is still not finalised, oldest first.
    notes_due: list[Appointment] = field(default_factory=list)
    # Home, each visit, home: the route of the day (mileage/trips.py).
    route: list[Trip] = field(default_factory=list)


def build_daily_agenda(day: date) -> DailyAgenda:
    """The day's confirmed and requested visits in Toronto, in order, with the gaps between."""
    appointments = list(
        Appointment.objects.open()
        .starting_on_days(day, day)
        .select_related("client", "option__service", "area")
        .order_by("starts_at")
    )
    drives = DrivingTimes.load(BookingPolicy.current())
    intakes = intakes_for_visits(appointments)
    locked = locked_items(a.person_id for a in appointments)
    visits = []
    previous = None
    for appointment in appointments:
        visits.append(
            AgendaVisit(
                appointment,
                gap=None if previous is None else gap_between(previous, appointment, drives),
                health_intake=intakes.get(appointment.pk),
                red_flags_withheld=LockBoxInstruction.Item.RED_FLAGS
                in locked.get(appointment.person_id, ()),
            )
        )
        previous = appointment
    notes_due = list(
        Appointment.objects.note_due().select_related("person").order_by("starts_at")[:20]
    )
    return DailyAgenda(
        day=day, visits=visits, notes_due=notes_due, route=planned_route(day, appointments)
    )
