"""Clinical records: a client's health history as given on each date, and who read it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from bookings.clients.models import Person
from bookings.scheduling.models import Appointment
from stillwaters.clock import local


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

    class Source(models.TextChoices):
        """How the record came to Taylor, which says whether the person's inbox stood behind it."""

        EMAIL_LINK = "email-link", "Confirmed from the booking email"
        ACCOUNT = "account", "Given while signed in"
        THERAPIST = "therapist", "Taken by Taylor"
        UNVERIFIED = "unverified", "Given at booking, before emails were confirmed"

    VERIFIED_SOURCES = (Source.EMAIL_LINK, Source.ACCOUNT, Source.THERAPIST)

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="intakes")
    source = models.CharField(max_length=10, choices=Source.choices)
    # The visit it was given with, when it came with a booking.
    given_with = models.ForeignKey(
        Appointment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intakes_given",
    )
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
        return f"Health intake of {self.person}, {local(self.submitted_at):%Y-%m-%d}"

    @property
    def is_verified(self) -> bool:
        return self.source in self.VERIFIED_SOURCES

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
        when = local(self.accessed_at)
        return f"{self.username} read intake {self.intake_id} at {when:%Y-%m-%d %H:%M}"
