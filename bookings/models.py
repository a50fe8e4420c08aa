"""The bookings app's models, gathered from its sub-packages so Django finds them."""

from bookings.billing.models import Receipt
from bookings.clinical.models import HealthIntake, IntakeAccessLog
from bookings.notifications.models import Reminder, ReminderOffset
from bookings.scheduling.models import (
    Appointment,
    BookingOption,
    BookingPolicy,
    Client,
    DrivingTime,
    PostalPrefix,
    TimeOff,
    WorkingHours,
)

__all__ = [
    "Appointment",
    "BookingOption",
    "BookingPolicy",
    "Client",
    "DrivingTime",
    "HealthIntake",
    "IntakeAccessLog",
    "PostalPrefix",
    "Receipt",
    "Reminder",
    "ReminderOffset",
    "TimeOff",
    "WorkingHours",
]
