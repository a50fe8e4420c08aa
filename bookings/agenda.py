"""Taylor's daily agenda: the day's visits in order, where they are, and the drives between."""

import logging
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.utils import timezone

from . import emails
from .ics import TORONTO
from .intake import intakes_for_visits, record_intake_read
from .models import Appointment, BookingPolicy, DrivingTime, HealthIntake

logger = logging.getLogger(__name__)

# Longer than a day, so a late rerun still finds the mark.
_SENT_MEMORY_SECONDS = 60 * 60 * 48
_LISTED = (Appointment.Status.REQUESTED, Appointment.Status.CONFIRMED)


@dataclass(frozen=True)
class AgendaVisit:
    appointment: Appointment
    # From the end of the previous visit to the start of this one; None for the first.
    gap_minutes: int | None = None
    drive_minutes: int | None = None
    # The health history in force for the visit; the email shows only its red flags.
    health_intake: HealthIntake | None = None

    @property
    def is_tight(self) -> bool:
        """Less time between visits than the drive between their areas."""
        return self.gap_minutes is not None and self.gap_minutes < (self.drive_minutes or 0)


@dataclass(frozen=True)
class DailyAgenda:
    day: date
    visits: list[AgendaVisit] = field(default_factory=list)


def build_daily_agenda(day: date) -> DailyAgenda:
    """The day's confirmed and requested visits in Toronto, in order, with the gaps between."""
    starts = datetime.combine(day, time(0), tzinfo=TORONTO)
    ends = datetime.combine(day + timedelta(days=1), time(0), tzinfo=TORONTO)
    appointments = list(
        Appointment.objects.filter(starts_at__gte=starts, starts_at__lt=ends, status__in=_LISTED)
        .select_related("client", "option__service", "area")
        .order_by("starts_at")
    )
    policy = BookingPolicy.objects.filter(singleton=True).first() or BookingPolicy()
    driving = {
        (from_id, to_id): minutes
        for from_id, to_id, minutes in DrivingTime.objects.values_list(
            "from_area_id", "to_area_id", "minutes"
        )
    }
    visits = []
    previous = None
    for appointment in appointments:
        if previous is None:
            visits.append(AgendaVisit(appointment))
        else:
            gap = int((appointment.starts_at - previous.ends_at).total_seconds() // 60)
            if previous.area_id == appointment.area_id:
                drive = policy.same_area_driving_minutes
            else:
                drive = driving.get(
                    (previous.area_id, appointment.area_id), policy.default_driving_minutes
                )
            visits.append(AgendaVisit(appointment, gap_minutes=gap, drive_minutes=drive))
        previous = appointment
    intakes = intakes_for_visits(appointments)
    visits = [replace(v, health_intake=intakes.get(v.appointment.pk)) for v in visits]
    return DailyAgenda(day=day, visits=visits)


def send_daily_agenda(
    day: date | None = None, *, now: datetime | None = None, resend: bool = False
) -> bool:
    """Email Taylor the day's agenda (today in Toronto by default) once; False if already sent.

    The once-a-day mark lives in the cache (Redis in production), set before sending and
    removed when the send fails, so two beat ticks or a rerun do not send it twice.
    """
    day = day or timezone.localtime(now or timezone.now(), TORONTO).date()
    key = f"bookings:agenda-sent:{day.isoformat()}"
    if resend:
        cache.delete(key)
    if not cache.add(key, True, _SENT_MEMORY_SECONDS):
        logger.info("Agenda for %s already sent", day)
        return False
    agenda = build_daily_agenda(day)
    try:
        emails.daily_agenda_email(agenda).send()
    except BaseException:
        cache.delete(key)
        raise
    for visit in agenda.visits:
        if visit.health_intake is not None and visit.health_intake.red_flags:
            record_intake_read(visit.health_intake, None, "daily agenda email")
    logger.info("Agenda for %s sent (%s visits)", day, len(agenda.visits))
    return True
