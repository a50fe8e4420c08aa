"""Notifications' records: the reminder offsets Taylor sets and each reminder's state."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from bookings.scheduling.models import Appointment
from stillwaters import display


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
        return display.before(self.minutes_before)


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
        return f"Reminder {display.before(self.minutes_before)} appointment {self.appointment_id}"


class FailedNotification(models.Model):
    """An email that could not be sent and will not be tried again: an error no retry cures
    (a header the mail library refuses, a row gone), or a mail server still failing after the
    last retry. Kept for Taylor in admin; it names the task and the ids it was given, never
    what the email held, so the list carries no client's details."""

    task = models.CharField(max_length=100)
    arguments = models.CharField(max_length=200, help_text="The ids and kind the task was given.")
    error = models.CharField(max_length=100, help_text="The kind of error, without its text.")
    attempts = models.PositiveSmallIntegerField(default=1)
    failed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-failed_at"]
        verbose_name = "email not sent"
        verbose_name_plural = "emails not sent"

    def __str__(self) -> str:
        return f"{self.task} {self.arguments}: {self.error}"
