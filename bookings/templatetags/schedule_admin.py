"""Today's agenda on the admin index."""

from django import template

from bookings.backoffice import schedule
from bookings.privacy.requests import open_requests
from bookings.scheduling.models import Appointment
from stillwaters.clock import today

register = template.Library()


@register.inclusion_tag("admin/bookings/appointment/_todays_agenda.html", takes_context=True)
def todays_agenda(context):
    perms = context.get("perms")
    notes_due = (
        Appointment.objects.note_due().count()
        if perms and perms["bookings"]["change_treatmentnote"]
        else 0
    )
    record_requests = (
        sorted(open_requests(), key=lambda r: r.due_on)
        if perms and perms["bookings"]["change_recordrequest"]
        else []
    )
    return {
        "schedule": schedule.day_schedule(today()),
        "perms": perms,
        "notes_due": notes_due,
        "record_requests": record_requests,
    }
