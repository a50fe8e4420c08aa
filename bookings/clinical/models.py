"""Clinical records: a person's health history as given on each date, the treatment note of
each visit with its body chart, written consents and refusals, amendments, the equipment's
service record, and who read or wrote any of it."""

import base64

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from bookings.clients.models import Person
from bookings.scheduling.models import Appointment
from content.models import PainArea
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
    emergency_contact_phone = models.CharField(max_length=32)
    consent_to_treatment = models.BooleanField()
    consent_to_privacy = models.BooleanField()

    class Meta:
        ordering = ["-submitted_at"]
        get_latest_by = "submitted_at"
        triggers = [
            # A review adds a record; none is ever rewritten, by the app or from outside it.
            pgtrigger.Protect(name="health_intake_is_never_rewritten", operation=pgtrigger.Update)
        ]
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


class Locked(ValidationError):
    """A signed record was about to change; only an amendment may add to it."""


class TreatmentNote(models.Model):
    """What Taylor found and did at one visit (SOAP), signed and locked once finalised.

    A finalised note never changes: corrections are amendments appended to it. The model
    refuses any save or delete of a finalised note, and on PostgreSQL a trigger refuses the
    same `UPDATE` or `DELETE` from outside the app.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        FINAL = "final", "Finalised"

    class Pressure(models.TextChoices):
        LIGHT = "light", "Light"
        MODERATE = "moderate", "Moderate"
        FIRM = "firm", "Firm"
        DEEP = "deep", "Deep"

    appointment = models.OneToOneField(
        Appointment, on_delete=models.PROTECT, related_name="treatment_note"
    )
    subjective = models.TextField("what the client reports", blank=True, max_length=4000)
    assessment = models.TextField("assessment findings", blank=True, max_length=4000)
    treatment = models.TextField(
        "treatment given", blank=True, max_length=4000, help_text="Techniques and where."
    )
    pressure = models.CharField(max_length=10, choices=Pressure.choices, blank=True)
    plan = models.TextField("plan and home care", blank=True, max_length=4000)
    referrals = models.TextField(blank=True, max_length=2000)
    verbal_consent_at = models.DateTimeField(
        "verbal consent to the treatment plan", null=True, blank=True
    )
    status = models.CharField(max_length=5, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_name = models.CharField("signed by", max_length=120, blank=True)
    signed_registration = models.CharField("CMTO registration number", max_length=20, blank=True)

    class Meta:
        ordering = ["-appointment__starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(finalised_at__isnull=False) & ~Q(signed_name="")),
                name="treatment_note_signed_when_final",
            )
        ]
        triggers = [
            pgtrigger.Protect(
                name="finalised_note_is_locked",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__status="final"),
            )
        ]

    def __str__(self) -> str:
        return f"Treatment note, {self.appointment}"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL

    def save(self, *args, **kwargs):
        _refuse_if_locked(TreatmentNote, self.pk, Q(status="final"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_locked(TreatmentNote, self.pk, Q(status="final"))
        return super().delete(*args, **kwargs)


class ChartMark(models.Model):
    """A region of the body chart marked in a note: assessed, treated, with a short finding."""

    note = models.ForeignKey(TreatmentNote, on_delete=models.PROTECT, related_name="marks")
    pain_area = models.ForeignKey(PainArea, on_delete=models.PROTECT, related_name="+")
    assessed = models.BooleanField(default=False)
    treated = models.BooleanField(default=False)
    finding = models.CharField(max_length=200, blank=True)
    marked_at = models.DateTimeField(default=timezone.now)
    # Set when the note is finalised; from then on the mark never changes.
    locked = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["pain_area__position", "pain_area__name"]
        constraints = [
            models.UniqueConstraint(fields=["note", "pain_area"], name="chart_mark_once_per_area")
        ]
        triggers = [
            pgtrigger.Protect(
                name="locked_mark_is_kept",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__locked=True),
            )
        ]

    def __str__(self) -> str:
        return str(self.pain_area)

    def save(self, *args, **kwargs):
        _refuse_if_locked(ChartMark, self.pk, Q(locked=True))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_locked(ChartMark, self.pk, Q(locked=True))
        return super().delete(*args, **kwargs)


class TreatmentConsent(models.Model):
    """The client's signed written consent to the treatment of a sensitive area at this visit,
    or their signed refusal of a treatment or area. Kept as signed; a withdrawal is recorded on
    it, once."""

    class Kind(models.TextChoices):
        CONSENT = "consent", "Written consent"
        REFUSAL = "refusal", "Refusal"

    note = models.ForeignKey(TreatmentNote, on_delete=models.PROTECT, related_name="consents")
    kind = models.CharField(max_length=7, choices=Kind.choices)
    pain_area = models.ForeignKey(
        PainArea, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    what = models.CharField(
        "treatment", max_length=300, help_text="The treatment consented to, or refused."
    )
    explanation = models.TextField("explanation given", max_length=2000, blank=True)
    # A drawn signature as a PNG data URL, or the client's typed full name where drawing is
    # impossible (with their tick that it is their signature).
    signature = models.TextField(blank=True, max_length=400_000)
    typed_name = models.CharField("typed full name", max_length=120, blank=True)
    signed_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    locked = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(signature="") | ~Q(typed_name=""), name="consent_is_signed"
            ),
            models.CheckConstraint(
                condition=Q(kind="refusal") | Q(pain_area__isnull=False),
                name="consent_names_its_area",
            ),
        ]
        triggers = [
            pgtrigger.Protect(
                name="locked_consent_is_kept",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__locked=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.pain_area or self.what}"

    def save(self, *args, **kwargs):
        _refuse_if_locked(TreatmentConsent, self.pk, Q(locked=True))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_locked(TreatmentConsent, self.pk, Q(locked=True))
        return super().delete(*args, **kwargs)

    @property
    def signature_image(self) -> bytes | None:
        """The drawn signature as PNG bytes, for the printed record."""
        prefix = "data:image/png;base64,"
        if not self.signature.startswith(prefix):
            return None
        return base64.b64decode(self.signature[len(prefix) :], validate=False)


class NoteAmendment(models.Model):
    """A correction or addition to a finalised note: appended with its date, reason and author,
    never changed or removed (a trigger refuses both on PostgreSQL)."""

    note = models.ForeignKey(TreatmentNote, on_delete=models.PROTECT, related_name="amendments")
    text = models.TextField(max_length=4000)
    reason = models.CharField(max_length=300)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        triggers = [
            pgtrigger.Protect(
                name="amendment_is_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self) -> str:
        return f"Amendment of {local(self.created_at):%Y-%m-%d %H:%M} by {self.author_name}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise Locked("An amendment is never changed; add another one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Locked("An amendment is never removed; add another one.")


class SensitiveAreaClassification(PainArea):
    """Which body chart regions are sensitive areas, set by the therapist only: editors place
    the pain finder's places, but whether treating one needs written consent is clinical."""

    class Meta:
        proxy = True
        verbose_name = "sensitive area classification"


class EquipmentServiceRecord(models.Model):
    """When the table, hydrotherapy or cupping equipment was checked or serviced, and by whom."""

    class Item(models.TextChoices):
        TABLE = "table", "Massage table"
        HYDROTHERAPY = "hydrotherapy", "Hydrotherapy equipment"
        CUPPING = "cupping", "Cupping equipment"
        OTHER = "other", "Other equipment"

    item = models.CharField(max_length=12, choices=Item.choices)
    description = models.CharField(
        "which one", max_length=120, blank=True, help_text="Make, model or serial number."
    )
    serviced_on = models.DateField()
    work_done = models.TextField("checked or serviced", max_length=2000)
    serviced_by = models.CharField("by whom", max_length=120)

    class Meta:
        ordering = ["-serviced_on", "-pk"]
        verbose_name = "equipment service record"

    def __str__(self) -> str:
        return f"{self.get_item_display()}, {self.serviced_on:%Y-%m-%d}"


def _refuse_if_locked(model, pk, locked: Q) -> None:
    if pk is not None and model.objects.filter(locked, pk=pk).exists():
        raise Locked("This record is signed and locked. Add an amendment to the note instead.")
