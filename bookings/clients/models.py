"""Who the clients are: a household account per sign-in email, the people in it, the emailed
links that prove an inbox is theirs, their signed-in sessions, and requests for their record."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from bookings.scheduling.models import PHONE_HELP, AddressFields, BookingHold
from stillwaters.clock import local


class Client(AddressFields):
    """A household account: the sign-in email, and the account holder's contact details and
    home address as first given. The people treated are its `people`."""

    name = models.CharField(max_length=120)
    email = models.EmailField()
    phone = models.CharField(max_length=32, help_text=PHONE_HELP)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "client account"
        constraints = [
            models.UniqueConstraint(fields=["email"], name="client_email_once"),
        ]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """Someone Taylor treats: the account holder, or a member of their household."""

    class Relation(models.TextChoices):
        ACCOUNT_HOLDER = "self", "Account holder"
        PARTNER = "partner", "Partner or spouse"
        CHILD = "child", "Child"
        PARENT = "parent", "Parent"
        OTHER = "other", "Other household member"

    account = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="people")
    name = models.CharField(max_length=120)
    date_of_birth = models.DateField(null=True, blank=True)
    relation = models.CharField(max_length=10, choices=Relation.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["account", "created_at", "pk"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["account"],
                condition=Q(relation="self"),
                name="person_one_account_holder",
            )
        ]

    def __str__(self) -> str:
        return self.name


class EmailLink(models.Model):
    """A link emailed to prove the inbox is the reader's: to sign in, or to confirm a held
    booking. Used once, within minutes; the URL carries a signature of this row, never a secret
    stored here (clients/links.py)."""

    class Purpose(models.TextChoices):
        SIGN_IN = "sign-in", "Sign in"
        CONFIRM_HOLD = "confirm-hold", "Confirm a held booking"

    email = models.EmailField()
    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    hold = models.ForeignKey(
        BookingHold, on_delete=models.CASCADE, null=True, blank=True, related_name="links"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose="sign-in", hold__isnull=True)
                | Q(purpose="confirm-hold", hold__isnull=False),
                name="email_link_hold_only_to_confirm",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} link, {local(self.created_at):%Y-%m-%d %H:%M}"


class ClientSession(models.Model):
    """A signed-in client's session: its own cookie, apart from staff sessions, and short.
    Only a hash of the cookie's value is stored, so a copy of the table signs nobody in."""

    account = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="sessions")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Session of {self.account}, until {local(self.expires_at):%Y-%m-%d %H:%M}"
