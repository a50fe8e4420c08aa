"""Today's agenda on the admin index."""

from django import template

from bookings.backoffice import schedule
from stillwaters.clock import today

register = template.Library()


@register.inclusion_tag("admin/bookings/appointment/_todays_agenda.html", takes_context=True)
def todays_agenda(context):
    return {"schedule": schedule.day_schedule(today()), "perms": context.get("perms")}
