"""The bookings app's models, gathered from its sub-packages so Django finds them."""

from bookings.billing.models import Receipt
from bookings.clients.models import Client, ClientSession, EmailLink, Person
from bookings.clinical.models import (
    ChartMark,
    EquipmentServiceRecord,
    HealthIntake,
    NoteAmendment,
    SensitiveAreaClassification,
    TreatmentConsent,
    TreatmentNote,
)
from bookings.notifications.models import Reminder, ReminderOffset
from bookings.privacy.models import (
    AuditEntry,
    CorrectionRequest,
    DestroyedRecord,
    LockBoxInstruction,
    PrivacyBreach,
    RecordRequest,
)
from bookings.scheduling.models import (
    Appointment,
    AreaRule,
    BookingHold,
    BookingOption,
    BookingPolicy,
    DrivingTime,
    HolidayOpening,
    PostalPrefix,
    TimeOff,
    WorkingHours,
)

__all__ = [
    "Appointment",
    "AreaRule",
    "BookingOption",
    "BookingHold",
    "BookingPolicy",
    "ChartMark",
    "Client",
    "ClientSession",
    "CorrectionRequest",
    "DestroyedRecord",
    "DrivingTime",
    "EmailLink",
    "EquipmentServiceRecord",
    "HealthIntake",
    "HolidayOpening",
    "AuditEntry",
    "LockBoxInstruction",
    "NoteAmendment",
    "Person",
    "PostalPrefix",
    "PrivacyBreach",
    "Receipt",
    "RecordRequest",
    "Reminder",
    "ReminderOffset",
    "SensitiveAreaClassification",
    "TimeOff",
    "TreatmentConsent",
    "TreatmentNote",
    "WorkingHours",
]
