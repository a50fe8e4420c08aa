"""What every rendering of a receipt prints (the page, the PDF, the email), as display strings."""

from decimal import Decimal

from django.conf import settings
from django.utils import dateformat

from stillwaters.clock import local

from .models import Receipt

# Insurers reimburse massage therapy only; the travel fee's line says it is not.
TRAVEL_FEE_LABEL = "Travel fee (not massage therapy)"


def money(amount: Decimal) -> str:
    """Dollars as the practice writes them: $1,234.50."""
    return f"${amount:,.2f}"


def receipt_context(receipt: Receipt) -> dict:
    """What every rendering of a receipt prints (page, PDF, email), as display strings."""
    visit = local(receipt.visit_starts_at)
    replaced_by = receipt.replaced_by if receipt.is_void else None
    return {
        "receipt": receipt,
        "title": "Massage therapy receipt" if receipt.is_massage_therapy else "Receipt",
        "issued": dateformat.format(local(receipt.issued_at), "F j, Y"),
        "visit_date": dateformat.format(visit, "F j, Y"),
        "visit_time": dateformat.format(visit, "g:i a T"),
        "fee": money(receipt.fee),
        "hst": money(receipt.hst_amount) if receipt.hst_number else None,
        # Receipts issued before travel fees existed, or for visits with none, have no line.
        "travel_fee": money(receipt.travel_fee) if receipt.travel_fee else None,
        "travel_fee_label": TRAVEL_FEE_LABEL,
        "travel_fee_hst": (
            money(receipt.travel_fee_hst) if receipt.travel_fee and receipt.hst_number else None
        ),
        "total": money(receipt.total),
        "payment_method": receipt.get_payment_method_display(),
        "not_massage_therapy": (
            None
            if receipt.is_massage_therapy
            else (
                f"This is not a massage therapy receipt. {receipt.service_name} is outside the "
                "scope of practice of massage therapy and was not provided as massage therapy "
                "by a Registered Massage Therapist."
            )
        ),
        "void": (
            f"VOID: replaced by receipt {replaced_by.number}" if replaced_by is not None else None
        ),
        "replaces": receipt.replaces.number if receipt.replaces_id else None,
        "practice": settings.PRACTICE,
    }
