"""Billing records: insurance receipts, issued once and never changed."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from bookings.scheduling.models import Appointment
from content.models import Service


class ReceiptClassification(Service):
    """Whether each service is massage therapy, which decides what its receipt may say.

    The column lives on content's Service, but only the therapist may change it, here: editors
    write the service's page and must never turn a service into a massage therapy receipt.
    """

    class Meta:
        proxy = True
        verbose_name = "receipt classification"


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
    # The area's travel fee, its own line: it is not massage therapy, which is all insurers
    # reimburse. Receipts issued before travel fees existed have none.
    travel_fee = models.DecimalField(max_digits=6, decimal_places=2, default=Decimal("0.00"))
    travel_fee_hst = models.DecimalField(
        "HST on the travel fee", max_digits=6, decimal_places=2, default=Decimal("0.00")
    )
    total = models.DecimalField(max_digits=8, decimal_places=2)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="receipt_number_positive"),
            models.CheckConstraint(
                condition=Q(
                    total=F("fee") + F("hst_amount") + F("travel_fee") + F("travel_fee_hst")
                ),
                name="receipt_total_adds_up",
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
