"""A visit's travel fee on its receipt: a line of its own that is not massage therapy, in the
page, the PDF and the email, with HST on it as the policy says and a total that adds up."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from bookings.billing import pdf, receipts
from bookings.models import AreaRule, Receipt
from tests.factories import BookingPolicyFactory
from tests.support import pdf_text

pytestmark = pytest.mark.django_db

AFTER_THE_VISIT = datetime(2027, 1, 12, 15, tzinfo=UTC) + timedelta(hours=2)
HST_NUMBER = "812345678RT0001"
TRAVEL_LINE = "Travel fee (not massage therapy)"


@pytest.fixture(autouse=True)
def policy():
    return BookingPolicyFactory(registration_number="U4821", hst_registered=False, hst_number="")


@pytest.fixture
def hst_policy(policy):
    policy.hst_registered, policy.hst_number = True, HST_NUMBER
    policy.hst_rate_percent = Decimal("13.00")
    policy.save()
    return policy


@pytest.fixture
def guelph_visit(make_visit):
    return make_visit(price=Decimal("120.00"), travel_fee=Decimal("20.00"))


def complete(visit):
    return receipts.complete_and_issue_receipt(visit, "e-transfer", now=AFTER_THE_VISIT)


def renderings(admin_client, receipt) -> dict[str, str]:
    page = admin_client.get(reverse("admin:bookings_receipt_print", args=[receipt.pk]))
    return {"page": page.content.decode(), "pdf": pdf_text(pdf.receipt_pdf(receipt))}


def test_the_travel_fee_is_its_own_line_and_the_total_adds_up(guelph_visit, admin_client):
    receipt = complete(guelph_visit)

    assert (receipt.fee, receipt.travel_fee, receipt.hst_amount, receipt.travel_fee_hst) == (
        Decimal("120.00"), Decimal("20.00"), 0, 0
    )  # fmt: skip
    assert receipt.total == Decimal("140.00")
    found = renderings(admin_client, receipt)
    assert f'<th scope="row">{TRAVEL_LINE}</th><td>$20.00</td>' in found["page"]
    assert '<th scope="row">Fee</th><td>$120.00</td>' in found["page"]
    assert f"Fee\n$120.00\n{TRAVEL_LINE}\n$20.00\nTotal paid\n$140.00" in found["pdf"]
    for text in found.values():
        assert "$140.00" in text
        assert "HST" not in text


def test_with_hst_each_line_carries_its_own_and_the_total_adds_up(
    hst_policy, guelph_visit, admin_client
):
    receipt = complete(guelph_visit)

    # 13 % of $120.00 and of $20.00, each rounded half up to the cent.
    assert (receipt.hst_amount, receipt.travel_fee_hst) == (Decimal("15.60"), Decimal("2.60"))
    assert receipt.total == Decimal("158.20")
    found = renderings(admin_client, receipt)
    assert '<th scope="row">HST on the travel fee</th><td>$2.60</td>' in found["page"]
    assert (
        f"{TRAVEL_LINE}\n$20.00\nHST on the travel fee\n$2.60\nTotal paid\n$158.20"
        in (found["pdf"])
    )
    for text in found.values():
        assert TRAVEL_LINE in text
        assert "HST on the travel fee" in text
        assert "$15.60" in text and "$2.60" in text and "$158.20" in text


def test_the_fee_on_the_receipt_is_the_one_copied_at_booking(guelph_visit):
    AreaRule.objects.create(area=guelph_visit.area, travel_fee=Decimal("35.00"))
    assert complete(guelph_visit).travel_fee == Decimal("20.00")


def test_the_receipt_email_lists_the_travel_fee_line(
    guelph_visit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complete(guelph_visit)

    (message,) = mail.outbox
    assert f"{TRAVEL_LINE}: $20.00" in message.body
    assert "Total paid: $140.00" in message.body
    assert f'<th scope="row">{TRAVEL_LINE}</th><td>$20.00</td>' in message.alternatives[0][0]


def test_a_visit_without_a_travel_fee_prints_as_before(make_visit, admin_client):
    receipt = complete(make_visit())

    assert (receipt.travel_fee, receipt.total) == (0, receipt.fee)
    for text in renderings(admin_client, receipt).values():
        assert "Travel fee" not in text


def test_the_database_refuses_a_total_that_leaves_out_the_travel_fee(guelph_visit):
    receipt = complete(guelph_visit)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Receipt.objects.filter(pk=receipt.pk).update(total=receipt.fee)
