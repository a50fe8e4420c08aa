"""Privacy records: the audit log of every use of personal health information; clients'
requests for a copy of their record, tracked to their deadline, and for corrections; lock-box
instructions; the breach register; and what is left of records destroyed."""

from datetime import date, timedelta

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from bookings.clients.models import Client, Person
from stillwaters.clock import local

# Ontario's health privacy law: an answer within 30 days, extendable once by up to 30 more
# with written notice to the person who asked.
ANSWER_WITHIN = timedelta(days=30)
LONGEST_EXTENSION = timedelta(days=30)


class RecordRequest(models.Model):
    """A request for a copy of a person's health record: made from the account, or by phone or
    letter and recorded by Taylor; answered with the record package, delivered in the account."""

    class Channel(models.TextChoices):
        ACCOUNT = "account", "From the client's account"
        PHONE = "phone", "By phone"
        LETTER = "letter", "By letter or email"

    account = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="record_requests")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="record_requests")
    channel = models.CharField(max_length=7, choices=Channel.choices, default=Channel.ACCOUNT)
    requested_at = models.DateTimeField(default=timezone.now)
    note = models.TextField("what the client asked for", blank=True, max_length=2000)
    extended_to = models.DateField("deadline extended to", null=True, blank=True)
    extension_notice = models.TextField(
        "notice of the extension sent to the client", blank=True, max_length=2000
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The record package exactly as given: what was disclosed stays provable.
    package = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["answered_at", "requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(package__isnull=False),
                name="record_request_answered_with_a_package",
            ),
            models.CheckConstraint(
                condition=Q(extended_to__isnull=True) | ~Q(extension_notice=""),
                name="record_request_extension_has_a_notice",
            ),
        ]

    def __str__(self) -> str:
        return f"Record request for {self.person}, {local(self.requested_at):%Y-%m-%d}"

    @property
    def due_on(self) -> date:
        """The day the answer is due: 30 days after the request, or the extended day."""
        return self.extended_to or (local(self.requested_at) + ANSWER_WITHIN).date()

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class PrivacyBreach(models.Model):
    """A privacy breach: what happened, whose information, and who was told when. The yearly
    statistics the Information and Privacy Commissioner asks for by March 1 count these."""

    class Category(models.TextChoices):
        STOLEN = "stolen", "Stolen"
        LOST = "lost", "Lost"
        USED = "used", "Used without authority"
        DISCLOSED = "disclosed", "Disclosed without authority"
        COLLECTED = "collected", "Collected without authority"

    category = models.CharField(max_length=9, choices=Category.choices)
    occurred_on = models.DateField("happened on", null=True, blank=True, help_text="If known.")
    discovered_on = models.DateField("found out on")
    description = models.TextField(
        "what happened",
        max_length=4000,
        help_text="What, how, and what was done about it. Name no health details here.",
    )
    people = models.ManyToManyField(
        Person, blank=True, related_name="+", verbose_name="whose information"
    )
    people_affected = models.PositiveIntegerField(
        "people affected", help_text="Including anyone not listed above."
    )
    clients_notified_on = models.DateField("clients told on", null=True, blank=True)
    commissioner_notified_on = models.DateField("Commissioner told on", null=True, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-discovered_on", "-pk"]
        verbose_name = "privacy breach"
        verbose_name_plural = "privacy breach register"
        constraints = [
            models.CheckConstraint(
                condition=Q(occurred_on__isnull=True)
                | Q(occurred_on__lte=models.F("discovered_on")),
                name="breach_found_after_it_happened",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}, found {self.discovered_on:%Y-%m-%d}"


class DestroyedRecord(models.Model):
    """What is left of a person's health records once their retention ended and they were
    destroyed: what kind and how many, when, by whom. No name and no health information."""

    person_ref = models.CharField("person", max_length=40, help_text="The person's former id.")
    kept_until = models.DateField()
    destroyed = models.TextField("what was destroyed", max_length=2000)
    destroyed_at = models.DateTimeField(default=timezone.now)
    destroyed_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["-destroyed_at"]
        verbose_name = "destroyed record"

    def __str__(self) -> str:
        return f"{self.person_ref}, destroyed {local(self.destroyed_at):%Y-%m-%d}"


class CorrectionRequest(models.Model):
    """A client's request to correct their record. Taylor corrects it (the original stays
    legible, struck out, beside the correction, its date and reason) or refuses with reasons;
    after a refusal the client may add a statement of disagreement. All of it prints with the
    record from then on."""

    class Decision(models.TextChoices):
        OPEN = "open", "Awaiting a decision"
        CORRECTED = "corrected", "Corrected"
        REFUSED = "refused", "Refused"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="corrections")
    requested_at = models.DateTimeField(default=timezone.now)
    item = models.CharField(
        "what is wrong", max_length=300, help_text="Which record and which part of it."
    )
    asked_for = models.TextField("the correction asked for", max_length=2000)
    decision = models.CharField(max_length=9, choices=Decision.choices, default=Decision.OPEN)
    original = models.TextField(
        "the original text", max_length=4000, blank=True, help_text="As it stood, kept legible."
    )
    correction = models.TextField("the corrected text", max_length=4000, blank=True)
    reason = models.TextField(
        "reason", max_length=2000, blank=True, help_text="Why it was corrected, or refused."
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.CharField(max_length=150, blank=True)
    disagreement = models.TextField("statement of disagreement", max_length=4000, blank=True)
    disagreement_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="open") | (~Q(reason="") & Q(decided_at__isnull=False)),
                name="correction_decided_with_reasons",
            ),
            models.CheckConstraint(
                condition=~Q(decision="corrected") | (~Q(original="") & ~Q(correction="")),
                name="correction_keeps_original_and_correction",
            ),
            models.CheckConstraint(
                condition=Q(disagreement="") | Q(decision="refused"),
                name="disagreement_only_after_refusal",
            ),
        ]

    def __str__(self) -> str:
        return f"Correction request of {self.person}, {local(self.requested_at):%Y-%m-%d}"


class LockBoxInstruction(models.Model):
    """A client's instruction that part of their record not be used or disclosed: the lock-box.
    Locked parts are withheld from the morning agenda email and from any copy made for someone
    else, marked as withheld; Taylor still sees them on his own pages, where each read is logged."""

    class Item(models.TextChoices):
        RED_FLAGS = "contraindications", "Red flags (the conditions ticked)"
        HEALTH_CONDITIONS = "health_conditions", "Health conditions"
        MEDICATIONS = "medications", "Medications"
        ALLERGIES = "allergies", "Allergies"
        TREATMENT_NOTES = "treatment_notes", "Treatment notes"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="lock_box")
    item = models.CharField(max_length=17, choices=Item.choices)
    given_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["given_at", "pk"]
        verbose_name = "lock-box instruction"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "item"],
                condition=Q(withdrawn_at__isnull=True),
                name="lock_box_item_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_item_display()} withheld"


class AuditEntry(models.Model):
    """One use of someone's personal health information: who, whose, which record and fields,
    what was done, when and why. Written only through privacy/audit.py; nobody edits or deletes
    an entry (on PostgreSQL a trigger refuses it), except destruction at the end of retention."""

    class Action(models.TextChoices):
        READ = "read", "Read"
        WRITE = "write", "Wrote"
        PRINT = "print", "Printed"
        EXPORT = "export", "Exported"
        EMAIL = "email", "Emailed"
        DISCLOSE = "disclose", "Disclosed"

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, related_name="audit_log", verbose_name="whose"
    )
    intake = models.ForeignKey(
        "bookings.HealthIntake",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_log",
    )
    note = models.ForeignKey(
        "bookings.TreatmentNote",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_log",
    )
    appointment = models.ForeignKey(
        "bookings.Appointment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_log",
        verbose_name="visit",
    )
    receipt = models.ForeignKey(
        "bookings.Receipt",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_log",
    )
    # A record package produced for, or downloaded by, the client who asked for it.
    record_request = models.ForeignKey(
        RecordRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_log",
    )
    action = models.CharField(max_length=8, choices=Action.choices, default=Action.READ)
    fields = models.CharField(
        "which parts", max_length=300, blank=True, help_text="The fields shown, changed or sent."
    )
    disclosed_to = models.CharField(
        "given to", max_length=200, blank=True, help_text="For a disclosure: who received it."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    username = models.CharField("by", max_length=150)
    accessed_at = models.DateTimeField("when", default=timezone.now, db_index=True)
    purpose = models.CharField(
        "why", max_length=100, help_text="The page or action, e.g. admin: appointment page."
    )

    class Meta:
        ordering = ["-accessed_at", "-pk"]
        verbose_name = "audit log entry"
        verbose_name_plural = "audit log entries"
        triggers = [
            pgtrigger.Protect(
                name="audit_log_is_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(record_request__isnull=False),
                name="audit_entry_names_whose",
            )
        ]

    def __str__(self) -> str:
        when = local(self.accessed_at)
        return (
            f"{self.username} {self.get_action_display().lower()} {self.record_name} "
            f"at {when:%Y-%m-%d %H:%M}"
        )

    @property
    def record_name(self) -> str:
        for field, label in (
            ("intake_id", "health history"),
            ("note_id", "treatment note"),
            ("receipt_id", "receipt"),
            ("record_request_id", "record package"),
            ("appointment_id", "visit"),
        ):
            if getattr(self, field) is not None:
                return f"{label} {getattr(self, field)}"
        return "record"
