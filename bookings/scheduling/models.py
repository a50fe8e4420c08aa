"""Scheduling: what can be booked, where Taylor drives, when he works, and the visits."""

from datetime import time
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from content.models import PainArea, Service, ServiceArea
from stillwaters import per_request
from stillwaters.clock import day_bounds, local

# The policy's two rush hours, as the prefixes of their _starts and _ends fields.
RUSH_HOUR_BANDS = ("morning_rush", "afternoon_rush")

# The longest set-up, and the longest tear-down, an option may have: availability looks this
# far around the days asked about for booked visits that still reach into them.
AT_HOME_LIMIT_MINUTES = 120


class BookingOption(models.Model):
    """A length of a service that clients can book, with its price."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="options")
    minutes = models.PositiveSmallIntegerField()
    price = models.DecimalField(max_digits=7, decimal_places=2)
    is_active = models.BooleanField(default=True, help_text="Inactive options are not offered.")
    # Taylor's time at the home around the treatment itself: availability keeps it free, and
    # the client is told he arrives that much early.
    setup_minutes = models.PositiveSmallIntegerField(
        "set-up minutes",
        default=0,
        validators=[MaxValueValidator(AT_HOME_LIMIT_MINUTES)],
        help_text="Carrying in and setting up the table before.",
    )
    teardown_minutes = models.PositiveSmallIntegerField(
        "tear-down minutes",
        default=0,
        validators=[MaxValueValidator(AT_HOME_LIMIT_MINUTES)],
        help_text="Packing up after, before driving on.",
    )

    class Meta:
        ordering = ["service__position", "minutes"]
        constraints = [
            models.UniqueConstraint(fields=["service", "minutes"], name="option_length_once"),
            models.CheckConstraint(condition=Q(minutes__gte=15), name="option_minutes_min"),
            models.CheckConstraint(condition=Q(price__gte=0), name="option_price_not_negative"),
            models.CheckConstraint(
                condition=Q(setup_minutes__lte=AT_HOME_LIMIT_MINUTES)
                & Q(teardown_minutes__lte=AT_HOME_LIMIT_MINUTES),
                name="option_setup_and_teardown_bounded",
            ),
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
    """Minutes Taylor needs to drive from one area to another, and how far it is."""

    from_area = models.ForeignKey(ServiceArea, on_delete=models.CASCADE, related_name="+")
    to_area = models.ForeignKey(ServiceArea, on_delete=models.CASCADE, related_name="+")
    minutes = models.PositiveSmallIntegerField()
    peak_minutes = models.PositiveSmallIntegerField(
        "minutes at rush hour", null=True, blank=True,
        help_text="Leaving during a rush hour; empty: the same as at other times.",
    )  # fmt: skip
    km = models.DecimalField(
        "km", max_digits=5, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0)],
        help_text="Road distance for the mileage log; empty: estimated from the minutes.",
    )  # fmt: skip

    class Meta:
        ordering = ["from_area__position", "to_area__position"]
        constraints = [
            models.UniqueConstraint(fields=["from_area", "to_area"], name="driving_time_pair_once")
        ]

    def __str__(self) -> str:
        return f"{self.from_area} → {self.to_area}: {self.minutes} min"


def _working_days() -> list[int]:
    return [0, 1, 2, 3, 4]


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
    home_area = models.ForeignKey(
        ServiceArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="start and end from",
        help_text="Where Taylor sets out from and returns to on this day, if not the home base.",
    )

    class Meta:
        ordering = ["weekday", "starts"]
        verbose_name_plural = "working hours"
        constraints = [
            models.CheckConstraint(condition=Q(ends__gt=F("starts")), name="working_hours_ordered"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="working_hours_weekday"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"

    @classmethod
    def intervals(cls) -> list[tuple[int, time, time, int | None]]:
        """Every interval as (weekday, starts, ends, home area id), by weekday and start: read
        once per request, since the times page's free starts and its closed days both need
        them (stillwaters/per_request.py)."""
        return per_request.once(
            _HOURS_KEY,
            lambda: list(
                cls.objects.order_by("weekday", "starts").values_list(
                    "weekday", "starts", "ends", "home_area_id"
                )
            ),
        )

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        per_request.forget(_HOURS_KEY)

    def delete(self, *args, **kwargs):
        per_request.forget(_HOURS_KEY)
        return super().delete(*args, **kwargs)


_HOURS_KEY = "working-hours"


TRAVEL_FEE_NOT_NEGATIVE = (
    "A travel fee cannot be negative. Enter an amount in dollars, such as 20, or leave it "
    "empty for no fee."
)


class AreaRule(models.Model):
    """How Taylor books a far area: only on some weekdays ("Guelph on Thursdays"), no visit
    there shorter than a minimum, and a travel fee, since the drive costs him hours either way."""

    area = models.OneToOneField(ServiceArea, on_delete=models.CASCADE, related_name="booking_rule")
    visit_weekdays = models.JSONField(
        "visits on", default=list, blank=True,
        help_text="The weekdays Taylor visits this area; none ticked: any working day.",
    )  # fmt: skip
    minimum_minutes = models.PositiveSmallIntegerField(
        "shortest visit here", null=True, blank=True,
        help_text="Shorter treatments are not offered in this area.",
    )  # fmt: skip
    only_next_to_another_visit = models.BooleanField(
        "only on days with another visit there", default=False,
        help_text="Offer times here only on a day Taylor already drives out for a visit.",
    )  # fmt: skip
    travel_fee = models.DecimalField(
        max_digits=6, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0, TRAVEL_FEE_NOT_NEGATIVE)],
        help_text="Added to every visit here, on its own line of the receipt (not massage "
        "therapy). Posted on the area's page and when booking; empty: no fee.",
    )  # fmt: skip

    class Meta:
        verbose_name = "area booking rule"
        constraints = [
            models.CheckConstraint(
                condition=Q(travel_fee__isnull=True) | Q(travel_fee__gte=0),
                name="area_travel_fee_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"Booking rule for {self.area}"

    @classmethod
    def of(cls, area: ServiceArea) -> "AreaRule | None":
        """The area's rule, or None. An area loaded with select_related("booking_rule")
        (scheduling/areas.py loads them so) has it already, and each area object asks the
        database at most once, however many steps of a request need the rule."""
        try:
            return area.booking_rule
        except cls.DoesNotExist:
            return None

    def visits_on(self, weekday: int) -> bool:
        return not self.visit_weekdays or weekday in self.visit_weekdays

    @property
    def weekday_names(self) -> str:
        """ "Thursdays", "Tuesdays and Thursdays", ... for the client's page."""
        return weekday_names(self.visit_weekdays)


def weekday_names(weekdays: list[int]) -> str:
    """ "Thursdays", "Tuesdays and Thursdays", "Mondays, Tuesdays and Fridays"."""
    names = [f"{WorkingHours.Weekday(day).label}s" for day in sorted(weekdays)]
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


class HolidayOpening(models.Model):
    """A statutory holiday Taylor works after all: bookable in his usual hours that weekday.
    The holidays themselves come from the `holidays` package (scheduling/holidays.py)."""

    day = models.DateField(unique=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["day"]
        verbose_name = "holiday Taylor works"
        verbose_name_plural = "holidays Taylor works"

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d}"


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
        span = f"{local(self.starts_at):%Y-%m-%d %H:%M} – {local(self.ends_at):%Y-%m-%d %H:%M}"
        return f"{span} {self.reason}".strip()


_POLICY_KEY = "booking-policy"


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
    home_area = models.ForeignKey(
        ServiceArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="home base",
        help_text="The area Taylor sets out from each morning and drives back to.",
    )
    same_area_km = models.DecimalField(
        "km between two homes in the same area", max_digits=4, decimal_places=1, null=True,
        blank=True, validators=[MinValueValidator(0)],
        help_text="For the mileage log; empty: estimated from the minutes.",
    )  # fmt: skip
    estimated_km_per_hour = models.PositiveSmallIntegerField(
        "average speed for estimated km", default=50,
        validators=[MinValueValidator(1), MaxValueValidator(130)],
        help_text="The mileage log estimates a trip with no km entered from its minutes.",
    )  # fmt: skip
    hours_include_home_drives = models.BooleanField(
        "working hours include the drives from and back home",
        default=True,
        help_text="Then the first visit starts no earlier than the start of hours plus the drive "
        "from home, and the last ends in time to drive home by the end of hours.",
    )
    # Two rush hours, Toronto time: a drive leaving in one takes the driving time's rush-hour
    # minutes. On the policy, not a table of their own, so availability reads them for free.
    rush_hour_weekdays = models.JSONField(
        "rush hours on", default=_working_days, blank=True, help_text="Monday is 0."
    )
    morning_rush_starts = models.TimeField(default=time(7), null=True, blank=True)
    morning_rush_ends = models.TimeField(
        default=time(9, 30), null=True, blank=True,
        help_text="A drive leaving at this time is past the rush. Leave both empty for none.",
    )  # fmt: skip
    afternoon_rush_starts = models.TimeField(default=time(15), null=True, blank=True)
    afternoon_rush_ends = models.TimeField(default=time(19), null=True, blank=True)
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
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{band}_starts__isnull": True, f"{band}_ends__isnull": True})
                    | Q(**{f"{band}_ends__gt": F(f"{band}_starts")}),
                    name=f"booking_policy_{band}_ordered",
                )
                for band in RUSH_HOUR_BANDS
            ),
        ]

    @property
    def rush_hours(self) -> list[tuple[time, time]]:
        """The rush hours set, as (starts, ends), Toronto time."""
        bands = [
            (self.morning_rush_starts, self.morning_rush_ends),
            (self.afternoon_rush_starts, self.afternoon_rush_ends),
        ]
        return [(starts, ends) for starts, ends in bands if starts and ends]

    def __str__(self) -> str:
        return "Booking policy"

    @classmethod
    def current(cls) -> "BookingPolicy":
        """The policy in force; with no row saved yet, the defaults. A read never writes.
        Read once per request (stillwaters/per_request.py)."""
        return per_request.once(
            _POLICY_KEY, lambda: cls.objects.filter(singleton=True).first() or cls()
        )

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        per_request.forget(_POLICY_KEY)

    @classmethod
    def lock(cls) -> "BookingPolicy":
        """Take the policy row's lock for the rest of the transaction, creating the row if the
        site has none yet. Every write that takes Taylor's time or numbers a receipt calls this
        first, so those writes run one at a time (see scheduling/booking.py)."""
        policy = cls.objects.select_for_update().filter(singleton=True).first()
        if policy is None:  # a new site: create the row (or find a racing request's), then lock
            cls.objects.get_or_create(singleton=True)
            policy = cls.objects.select_for_update().get(singleton=True)
        # The row just locked is the freshest there is: the rest of the request reads it.
        per_request.remember(_POLICY_KEY, policy)
        return policy


class AddressFields(models.Model):
    """Where a visit happens: on the client (as first given) and on each appointment (as booked)."""

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

    class Meta:
        abstract = True

    @property
    def full_address(self) -> str:
        """One line, as Canada Post writes it: unit before the street number."""
        street = f"{self.unit}-{self.address}" if self.unit else self.address
        return f"{street}, {self.city}, ON {self.postal_code}"


PHONE_HELP = "Stored in international format (+1…), an extension after ;ext=."


class AppointmentQuerySet(models.QuerySet):
    def live(self) -> "AppointmentQuerySet":
        """Visits that hold Taylor's time: availability, the schedule and the database's
        no-overlap constraint all count these."""
        return self.filter(status__in=Appointment.LIVE_STATUSES)

    def open(self) -> "AppointmentQuerySet":
        """Visits not yet over: a client may still change them, and the agenda lists them."""
        return self.filter(status__in=Appointment.OPEN_STATUSES)

    def starting_on_days(self, first_day, last_day) -> "AppointmentQuerySet":
        """Visits starting on the Toronto days first_day..last_day."""
        starts, ends = day_bounds(first_day, last_day)
        return self.filter(starts_at__gte=starts, starts_at__lt=ends)

    def overlapping(self, starts_at, ends_at) -> "AppointmentQuerySet":
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)

    def note_due(self) -> "AppointmentQuerySet":
        """Completed visits whose treatment note is not finalised yet (clinical/notes.py)."""
        return self.filter(status=Appointment.Status.COMPLETED).exclude(
            treatment_note__status="final"
        )


class Appointment(AddressFields):
    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        CONFIRMED = "confirmed", "Confirmed"
        CANCELLED = "cancelled", "Cancelled"
        COMPLETED = "completed", "Completed"
        NO_SHOW = "no_show", "No-show"

    # Statuses that hold Taylor's time; the others free it. Migration 0002's exclusion
    # constraint repeats this list in SQL, as a migration must.
    LIVE_STATUSES = (Status.REQUESTED, Status.CONFIRMED, Status.COMPLETED)
    # Statuses of a visit not yet over: it may still be changed, confirmed, cancelled or
    # recorded as a no-show. A completed visit holds time but is over.
    OPEN_STATUSES = (Status.REQUESTED, Status.CONFIRMED)

    client = models.ForeignKey(
        "bookings.Client", on_delete=models.PROTECT, related_name="appointments"
    )
    # Who is treated: a person in the client's household (the account holder or a dependant).
    person = models.ForeignKey(
        "bookings.Person", on_delete=models.PROTECT, related_name="appointments"
    )
    # A minor is treated only with a parent's or guardian's consent, recorded with the visit.
    guardian_consent_by = models.CharField("guardian who consented", max_length=120, blank=True)
    guardian_consent_at = models.DateTimeField(null=True, blank=True)
    option = models.ForeignKey(BookingOption, on_delete=models.PROTECT, related_name="+")
    price = models.DecimalField("price at booking", max_digits=7, decimal_places=2)
    # The area's travel fee when booked, kept apart from the treatment's price: receipts
    # itemise it as not massage therapy, and a later change of the fee changes no booked visit.
    travel_fee = models.DecimalField(
        "travel fee at booking", max_digits=6, decimal_places=2, default=Decimal("0.00")
    )
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    # What the client typed when cancelling from the manage page, for Taylor to read.
    cancellation_reason = models.CharField(
        "client's reason for cancelling", max_length=200, blank=True, default=""
    )
    created_at = models.DateTimeField(auto_now_add=True)
    notes = models.TextField(blank=True, max_length=2000)
    # The random key of the confirm form that booked it: the same form sent twice (a double
    # click, a retry on a slow network) finds this visit instead of booking or failing again.
    submission_key = models.CharField(max_length=64, blank=True, default="", editable=False)
    # Raised when Taylor revokes the client's manage link: links signed before stop working.
    manage_link_version = models.PositiveIntegerField(default=0, editable=False)
    # Who this visit is for, how to reach them and where it happens, as it was booked. Anyone
    # who types a client's email books under that client, so a booking never changes the client
    # row and every email, calendar file, schedule, agenda and receipt reads a visit's contact
    # and address from here, never from the client; only the email stays on the client.
    contact_name = models.CharField("name", max_length=120)
    contact_phone = models.CharField("phone", max_length=32, help_text=PHONE_HELP)
    # Where the client said it hurts: places picked in the pain finder before booking, shown
    # on the treatment note's body chart as "client reported".
    reported_areas = models.ManyToManyField(PainArea, blank=True, related_name="+")

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="appointment_ordered"
            ),
            models.CheckConstraint(
                condition=Q(price__gte=0), name="appointment_price_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(travel_fee__gte=0), name="appointment_travel_fee_not_negative"
            ),
            models.UniqueConstraint(
                fields=["submission_key"],
                condition=~Q(submission_key=""),
                name="appointment_submitted_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact_name} at {local(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def holds_time(self) -> bool:
        return self.status in self.LIVE_STATUSES

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class BookingHoldQuerySet(models.QuerySet):
    def holding(self, now) -> "BookingHoldQuerySet":
        """Holds that keep their time from everyone else at `now`: pending and not expired.

        An expired hold frees its time at once, before clients/holds.py marks it released."""
        return self.filter(status=BookingHold.Status.PENDING, expires_at__gt=now)


class BookingHold(models.Model):
    """A time held for someone who booked without signing in, until they confirm from the link
    emailed to them. What they typed waits here, touching no client or health record, and is
    emptied once the hold ends either way. Taylor sees holds as holds, never as visits."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting email confirmation"
        CONFIRMED = "confirmed", "Confirmed from the email"
        RELEASED = "released", "Released: not confirmed in time"

    option = models.ForeignKey(BookingOption, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    email = models.EmailField()
    # The contact details, notes and health answers typed, as JSON (clients/holds.py).
    details = models.JSONField(default=dict, blank=True)
    # A keyed hash of the booker's network address: enough to count their pending holds.
    requested_from = models.CharField(max_length=64)
    # As Appointment.submission_key: the confirm form that placed this hold.
    submission_key = models.CharField(max_length=64, blank=True, default="", editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    appointment = models.OneToOneField(
        Appointment, on_delete=models.PROTECT, null=True, blank=True, related_name="hold"
    )

    objects = BookingHoldQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "held booking"
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="hold_ordered"),
            # Confirming sets the status, books, then links the visit, in one transaction.
            models.CheckConstraint(
                condition=Q(appointment__isnull=True) | Q(status="confirmed"),
                name="hold_appointment_only_when_confirmed",
            ),
            models.UniqueConstraint(
                fields=["submission_key"],
                condition=~Q(submission_key=""),
                name="hold_submitted_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Hold at {local(self.starts_at):%Y-%m-%d %H:%M} ({self.get_status_display()})"
