from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from content.models import Service, ServiceArea


class BookingOption(models.Model):
    """A length of a service that clients can book, with its price."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="options")
    minutes = models.PositiveSmallIntegerField()
    price = models.DecimalField(max_digits=7, decimal_places=2)
    is_active = models.BooleanField(default=True, help_text="Inactive options are not offered.")

    class Meta:
        ordering = ["service__position", "minutes"]
        constraints = [
            models.UniqueConstraint(fields=["service", "minutes"], name="option_length_once"),
            models.CheckConstraint(condition=Q(minutes__gte=15), name="option_minutes_min"),
            models.CheckConstraint(condition=Q(price__gte=0), name="option_price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.service.name}, {self.minutes} min"


class PostalPrefix(models.Model):
    """A forward sortation area (a postal code's first three characters) an area covers."""

    area = models.ForeignKey(ServiceArea, on_delete=models.CASCADE, related_name="postal_prefixes")
    fsa = models.CharField("FSA", max_length=3, unique=True, help_text="For example L6Y.")

    class Meta:
        ordering = ["fsa"]
        verbose_name = "postal code prefix"
        constraints = [
            models.CheckConstraint(
                condition=Q(fsa__regex=r"^[A-Z][0-9][A-Z]$"), name="postal_prefix_is_fsa"
            )
        ]

    def __str__(self) -> str:
        return self.fsa

    def save(self, *args, **kwargs):
        self.fsa = self.fsa.strip().upper()
        super().save(*args, **kwargs)


class DrivingTime(models.Model):
    """Minutes Taylor needs to drive from one area to another."""

    from_area = models.ForeignKey(ServiceArea, on_delete=models.CASCADE, related_name="+")
    to_area = models.ForeignKey(ServiceArea, on_delete=models.CASCADE, related_name="+")
    minutes = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["from_area__position", "to_area__position"]
        constraints = [
            models.UniqueConstraint(fields=["from_area", "to_area"], name="driving_time_pair_once")
        ]

    def __str__(self) -> str:
        return f"{self.from_area} → {self.to_area}: {self.minutes} min"


class WorkingHours(models.Model):
    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts = models.TimeField(help_text="Toronto time.")
    ends = models.TimeField(help_text="Toronto time.")

    class Meta:
        ordering = ["weekday", "starts"]
        verbose_name_plural = "working hours"
        constraints = [
            models.CheckConstraint(condition=Q(ends__gt=F("starts")), name="working_hours_ordered"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="working_hours_weekday"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"


class TimeOff(models.Model):
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name_plural = "time off"
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="time_off_ordered")
        ]

    def __str__(self) -> str:
        return (
            f"{self.starts_at:%Y-%m-%d %H:%M} – {self.ends_at:%Y-%m-%d %H:%M} {self.reason}".strip()
        )


class BookingPolicy(models.Model):
    """The practice's booking rules. There is exactly one row (pk=1); booking locks it."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    minimum_notice_hours = models.PositiveSmallIntegerField(default=12)
    horizon_days = models.PositiveSmallIntegerField(
        default=60, help_text="How many days ahead clients may book."
    )
    slot_step_minutes = models.PositiveSmallIntegerField(default=15)
    cancellation_window_hours = models.PositiveSmallIntegerField(
        default=24,
        help_text="Clients may cancel or reschedule online until this many hours before.",
    )
    same_area_driving_minutes = models.PositiveSmallIntegerField(
        default=15, help_text="Driving between two homes in the same area."
    )
    default_driving_minutes = models.PositiveSmallIntegerField(
        default=60, help_text="Driving between two areas with no entry in the driving times."
    )
    confirm_automatically = models.BooleanField(
        default=True,
        help_text="Confirm new bookings at once; untick to approve each request yourself.",
    )
    # What insurance receipts print. Receipts copy these when issued, so later edits never
    # change a receipt already given.
    therapist_name = models.CharField(
        "RMT's full name",
        max_length=120,
        default="Taylor",
        help_text="As registered with the CMTO.",
    )
    registration_number = models.CharField("CMTO registration number", max_length=20, blank=True)
    receipt_signature = models.CharField(
        max_length=120, blank=True, help_text="The name printed as the RMT's signature on receipts."
    )
    practice_address = models.CharField(
        max_length=200, blank=True, help_text="The practice's mailing address for receipts."
    )
    hst_registered = models.BooleanField(
        "registered for HST",
        default=False,
        help_text="RMT services are not HST-exempt; registered practices charge HST on receipts.",
    )
    hst_number = models.CharField("HST number", max_length=20, blank=True)
    hst_rate_percent = models.DecimalField(
        "HST rate (%)", max_digits=4, decimal_places=2, default=Decimal("13.00")
    )

    class Meta:
        verbose_name_plural = "booking policy"
        constraints = [
            models.CheckConstraint(condition=Q(singleton=True), name="booking_policy_single_row"),
            models.CheckConstraint(
                condition=Q(slot_step_minutes__gte=5), name="booking_policy_step_min"
            ),
            models.CheckConstraint(
                condition=Q(hst_registered=False) | ~Q(hst_number=""),
                name="booking_policy_hst_number_when_registered",
            ),
        ]

    def __str__(self) -> str:
        return "Booking policy"

    @classmethod
    def load(cls) -> "BookingPolicy":
        policy, _ = cls.objects.get_or_create(singleton=True)
        return policy


def format_address(*, address: str, unit: str, city: str, postal_code: str) -> str:
    """One line, as Canada Post writes it: unit before the street number."""
    street = f"{unit}-{address}" if unit else address
    return f"{street}, {city}, ON {postal_code}"


class Client(models.Model):
    name = models.CharField(max_length=120)
    email = models.EmailField()
    phone = models.CharField(max_length=20, help_text="Stored in international format (+1…).")
    address = models.CharField("street address", max_length=200)
    unit = models.CharField(max_length=20, blank=True)
    city = models.CharField(max_length=80)
    postal_code = models.CharField(max_length=7, help_text="A1A 1A1")
    access_notes = models.TextField(
        "access and parking notes",
        max_length=1000,
        blank=True,
        help_text="Buzzer, stairs, parking, pets.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["email"], name="client_email_once"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def full_address(self) -> str:
        return format_address(
            address=self.address, unit=self.unit, city=self.city, postal_code=self.postal_code
        )


class Appointment(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        CONFIRMED = "confirmed", "Confirmed"
        CANCELLED = "cancelled", "Cancelled"
        COMPLETED = "completed", "Completed"
        NO_SHOW = "no_show", "No-show"

    # Statuses that hold Taylor's time; the others free it.
    LIVE_STATUSES = (Status.REQUESTED, Status.CONFIRMED, Status.COMPLETED)

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="appointments")
    option = models.ForeignKey(BookingOption, on_delete=models.PROTECT, related_name="+")
    price = models.DecimalField("price at booking", max_digits=7, decimal_places=2)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    created_at = models.DateTimeField(auto_now_add=True)
    notes = models.TextField(blank=True, max_length=2000)
    # Who this visit is for, how to reach them and where it happens, as it was booked. Anyone
    # who types a client's email books under that client, so a booking never changes the client
    # row and every email, calendar file, schedule, agenda and receipt reads a visit's contact
    # and address from here, never from the client; only the email stays on the client.
    # The empty defaults only spare code that creates appointments directly (tests, scripts);
    # book_appointment always fills them, and validation still requires the name, phone,
    # street, city and postal code, as on Client.
    contact_name = models.CharField("name", max_length=120, default="")
    contact_phone = models.CharField(
        "phone", max_length=20, default="", help_text="Stored in international format (+1…)."
    )
    address = models.CharField("street address", max_length=200, default="")
    unit = models.CharField(max_length=20, blank=True, default="")
    city = models.CharField(max_length=80, default="")
    postal_code = models.CharField(max_length=7, default="", help_text="A1A 1A1")
    access_notes = models.TextField(
        "access and parking notes",
        max_length=1000,
        blank=True,
        default="",
        help_text="Buzzer, stairs, parking, pets.",
    )

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="appointment_ordered"
            ),
            models.CheckConstraint(
                condition=Q(price__gte=0), name="appointment_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact_name} at {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def full_address(self) -> str:
        return format_address(
            address=self.address, unit=self.unit, city=self.city, postal_code=self.postal_code
        )


class ReminderOffset(models.Model):
    """How long before a visit a reminder goes out; Taylor edits the list in admin."""

    minutes_before = models.PositiveIntegerField(
        unique=True, help_text="For example 1440 for a day before, 120 for two hours before."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-minutes_before"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes_before__gte=10), name="reminder_offset_at_least_ten_minutes"
            )
        ]

    def __str__(self) -> str:
        hours, minutes = divmod(self.minutes_before, 60)
        return f"{hours} h {minutes} min before" if minutes else f"{hours} h before"


class Reminder(models.Model):
    """One reminder of one appointment, claimed and sent exactly once (see reminders.py)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        CLAIMED = "claimed", "Sending"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Skipped"
        CANCELLED = "cancelled", "Cancelled"
        FAILED = "failed", "Failed"

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="reminders")
    minutes_before = models.PositiveIntegerField()
    due_at = models.DateTimeField(db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    claimed_until = models.DateTimeField(
        null=True, blank=True, help_text="Lease: another worker may retry once this passes."
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "minutes_before"], name="reminder_once_per_offset"
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="reminder_sent_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_at"], name="reminder_due_idx")]

    def __str__(self) -> str:
        return f"Reminder {self.minutes_before} min before appointment {self.appointment_id}"


class HealthIntake(models.Model):
    """A client's health history, consent and emergency contact, as given on one date.

    A review creates a new record rather than changing an old one, so the record Taylor relied
    on for a visit is kept as it was. Health records are kept ten years after the last visit.
    """

    class Contraindication(models.TextChoices):
        RECENT_SURGERY_OR_INJURY = "recent-surgery-injury", "Surgery or injury in the last 3 months"
        BLOOD_CLOTS_OR_THINNERS = "blood-clots-thinners", "Blood clots, or taking blood thinners"
        PREGNANCY = "pregnancy", "Pregnancy"
        FEVER_OR_INFECTION = "fever-infection", "Fever or an infection now"
        SKIN_CONDITION = "skin-condition", "A skin condition, rash or open wound"
        CANCER_TREATMENT = "cancer-treatment", "Cancer, or cancer treatment in the last year"
        OSTEOPOROSIS = "osteoporosis", "Osteoporosis or fragile bones"
        HEART_OR_BLOOD_PRESSURE = "heart-blood-pressure", "A heart condition or high blood pressure"
        DIABETES_OR_NEUROPATHY = "diabetes-neuropathy", "Diabetes, or numbness in hands or feet"
        SEIZURES = "seizures", "Epilepsy or seizures"

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="intakes")
    submitted_at = models.DateTimeField(default=timezone.now)
    health_conditions = models.TextField(blank=True, max_length=2000)
    medications = models.TextField(blank=True, max_length=2000)
    allergies = models.TextField(blank=True, max_length=1000)
    areas_of_concern = models.TextField(max_length=2000)
    goals = models.TextField(blank=True, max_length=2000)
    contraindications = models.JSONField(default=list, blank=True)
    contraindication_details = models.TextField(blank=True, max_length=2000)
    emergency_contact_name = models.CharField(max_length=120)
    emergency_contact_phone = models.CharField(max_length=20)
    consent_to_treatment = models.BooleanField()
    consent_to_privacy = models.BooleanField()

    class Meta:
        ordering = ["-submitted_at"]
        get_latest_by = "submitted_at"
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_to_treatment=True) & Q(consent_to_privacy=True),
                name="health_intake_has_consent",
            )
        ]

    def __str__(self) -> str:
        return f"Health intake of {self.client}, {self.submitted_at:%Y-%m-%d}"

    @property
    def red_flags(self) -> list[str]:
        labels = dict(self.Contraindication.choices)
        return [labels.get(key, key) for key in self.contraindications]


class IntakeAccessLog(models.Model):
    """Who read which health record, and when. Written by the app, never edited in admin."""

    intake = models.ForeignKey(HealthIntake, on_delete=models.PROTECT, related_name="access_log")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    username = models.CharField(max_length=150)
    accessed_at = models.DateTimeField(default=timezone.now, db_index=True)
    purpose = models.CharField(max_length=100, help_text="Where it was read, e.g. admin record.")

    class Meta:
        ordering = ["-accessed_at"]

    def __str__(self) -> str:
        return f"{self.username} read intake {self.intake_id} at {self.accessed_at:%Y-%m-%d %H:%M}"


class Receipt(models.Model):
    """An insurance receipt. Issued once and never changed; a correction replaces it."""

    class PaymentMethod(models.TextChoices):
        CASH = "cash", "Cash"
        E_TRANSFER = "e-transfer", "Interac e-Transfer"
        DEBIT = "debit", "Debit card"
        CREDIT_CARD = "credit-card", "Credit card"
        CHEQUE = "cheque", "Cheque"

    number = models.PositiveIntegerField(unique=True)
    appointment = models.ForeignKey(Appointment, on_delete=models.PROTECT, related_name="receipts")
    issued_at = models.DateTimeField(default=timezone.now)
    payment_method = models.CharField(max_length=20, choices=PaymentMethod.choices)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    # Copied at issue time: a receipt says what was true when it was given.
    practice_name = models.CharField(max_length=120)
    practice_address = models.CharField(max_length=200, blank=True)
    therapist_name = models.CharField(max_length=120)
    registration_number = models.CharField(max_length=20, blank=True)
    signature = models.CharField(max_length=120, blank=True)
    client_name = models.CharField(max_length=120)
    service_name = models.CharField(max_length=100)
    is_massage_therapy = models.BooleanField()
    visit_starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField()
    fee = models.DecimalField(max_digits=7, decimal_places=2)
    hst_number = models.CharField(max_length=20, blank=True)
    hst_amount = models.DecimalField(max_digits=7, decimal_places=2, default=Decimal("0.00"))
    total = models.DecimalField(max_digits=8, decimal_places=2)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="receipt_number_positive"),
            models.CheckConstraint(
                condition=Q(total=F("fee") + F("hst_amount")), name="receipt_total_adds_up"
            ),
            models.CheckConstraint(
                condition=Q(is_massage_therapy=True) | Q(registration_number=""),
                name="receipt_registration_only_for_massage_therapy",
            ),
        ]

    def __str__(self) -> str:
        return f"Receipt {self.number}"

    @property
    def is_void(self) -> bool:
        return hasattr(self, "replaced_by")
