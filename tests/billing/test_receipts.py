"""Insurance receipts: what they print, when they are refused, corrections, PDF, email, admin."""

import smtplib
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from celery.exceptions import Retry
from django.contrib import admin
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.urls import reverse

from bookings.backoffice.admin import AppointmentAdmin
from bookings.billing import pdf, receipts
from bookings.billing.admin import ReceiptAdmin, ReceiptInline
from bookings.billing.receipts import ReceiptRefused
from bookings.models import Appointment, Receipt, Reminder
from bookings.notifications import delivery, tasks
from bookings.notifications.models import FailedNotification
from stillwaters.tasks import MAX_RETRIES
from tests.factories import BookingOptionFactory, BookingPolicyFactory, ServiceFactory
from tests.support import login_in_group, pdf_text

pytestmark = pytest.mark.django_db

# make_visit's default start; 15:00 UTC in January is 10:00 a.m. Eastern Standard Time.
STARTS_AT = datetime(2027, 1, 12, 15, tzinfo=UTC)
AFTER_THE_VISIT = STARTS_AT + timedelta(hours=2)
REGISTRATION = "U4821"
HST_NUMBER = "812345678RT0001"


class DisconnectingBackend(LocmemBackend):
    """An SMTP server that drops the connection on every message."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture(autouse=True)
def policy():
    return BookingPolicyFactory(
        therapist_name="Taylor Reid",
        registration_number=REGISTRATION,
        receipt_signature="T. Reid",
        practice_address="PO Box 42, Brampton, ON L6V 1A1",
        hst_registered=False,
        hst_number="",
    )


@pytest.fixture
def hst_policy(policy):
    policy.hst_registered = True
    policy.hst_number = HST_NUMBER
    policy.hst_rate_percent = Decimal("13.00")
    policy.save()
    return policy


@pytest.fixture
def energy_healing():
    service = ServiceFactory(
        name="Test Energy Healing", slug="test-energy", is_massage_therapy=False
    )
    return BookingOptionFactory(service=service, minutes=45, price=Decimal("80.00"))


@pytest.fixture
def visit(make_visit):
    return make_visit()


def complete(visit, method="e-transfer"):
    return receipts.complete_and_issue_receipt(visit, method, now=AFTER_THE_VISIT)


def printable(client, receipt) -> str:
    response = client.get(reverse("admin:bookings_receipt_print", args=[receipt.pk]))
    assert response.status_code == 200
    return response.content.decode()


# Issuing


def test_completing_a_visit_issues_a_receipt_with_everything_an_insurer_asks_for(visit):
    receipt = complete(visit)

    visit.refresh_from_db()
    assert visit.status == Appointment.Status.COMPLETED
    assert receipt.number == 1
    assert receipt.appointment == visit
    assert receipt.issued_at == AFTER_THE_VISIT
    assert receipt.payment_method == "e-transfer"
    assert receipt.practice_name == "Stillwaters Healing & Massage"
    assert receipt.practice_address == "PO Box 42, Brampton, ON L6V 1A1"
    assert receipt.therapist_name == "Taylor Reid"
    assert receipt.signature == "T. Reid"
    assert receipt.registration_number == REGISTRATION
    assert receipt.client_name == "Ada O'Neil 1"
    assert receipt.service_name == "Test Swedish Massage"
    assert receipt.is_massage_therapy is True
    assert receipt.visit_starts_at == STARTS_AT
    assert receipt.minutes == 60
    assert receipt.fee == Decimal("120.00")


def test_without_hst_registration_there_is_no_hst_line(visit, admin_client):
    receipt = complete(visit)

    assert (receipt.hst_number, receipt.hst_amount, receipt.total) == ("", 0, Decimal("120.00"))
    assert "HST" not in printable(admin_client, receipt)
    assert "HST" not in pdf_text(pdf.receipt_pdf(receipt))


def test_the_pdf_and_the_printable_page_write_the_practice_phone_as_the_site_does(
    visit, admin_client, settings
):
    settings.PRACTICE = {**settings.PRACTICE, "phone": "+1 905-555-0142"}
    receipt = complete(visit)

    for rendering in (printable(admin_client, receipt), pdf_text(pdf.receipt_pdf(receipt))):
        assert "905-555-0142" in rendering
        assert "+1 905" not in rendering


def test_a_registered_practice_charges_hst_on_the_booked_price_rounded_half_up(
    hst_policy, make_visit, admin_client
):
    # 13 % of $100.50 is $13.065: half up gives $13.07, where banker's rounding would give $13.06.
    receipt = complete(make_visit(price=Decimal("100.50")))

    assert receipt.fee == Decimal("100.50")
    assert receipt.hst_number == HST_NUMBER
    assert receipt.hst_amount == Decimal("13.07")
    assert receipt.total == Decimal("113.57")
    page = printable(admin_client, receipt)
    text = pdf_text(pdf.receipt_pdf(receipt))
    for rendering in (page, text):
        assert HST_NUMBER in rendering
        assert "$13.07" in rendering
        assert "$113.57" in rendering


def test_the_fee_is_the_price_at_booking_not_todays_price(massage, visit):
    massage.price = Decimal("150.00")
    massage.save()

    assert complete(visit).fee == Decimal("120.00")


def test_hst_follows_the_policy_rate(hst_policy, make_visit):
    hst_policy.hst_rate_percent = Decimal("5.00")
    hst_policy.save()

    receipt = complete(make_visit(price=Decimal("99.99")))

    assert receipt.hst_amount == Decimal("5.00")
    assert receipt.total == Decimal("104.99")


def test_energy_healing_is_receipted_without_registration_number_and_not_as_massage_therapy(
    make_visit, energy_healing, admin_client
):
    receipt = complete(make_visit(option=energy_healing))

    assert receipt.is_massage_therapy is False
    assert receipt.registration_number == ""
    page = printable(admin_client, receipt)
    text = pdf_text(pdf.receipt_pdf(receipt))
    for rendering in (page, text):
        assert "This is not a massage therapy receipt." in rendering
        assert REGISTRATION not in rendering
        assert "Massage therapy receipt" not in rendering
        assert "Registered Massage Therapist</th>" not in rendering


def test_a_later_policy_change_does_not_change_a_receipt_already_issued(policy, visit):
    receipt = complete(visit)
    policy.therapist_name = "Someone Else"
    policy.registration_number = "X9999"
    policy.save()

    receipt = Receipt.objects.get(pk=receipt.pk)
    assert (receipt.therapist_name, receipt.registration_number) == ("Taylor Reid", REGISTRATION)
    assert REGISTRATION in pdf_text(pdf.receipt_pdf(receipt))


@pytest.mark.parametrize(
    ("status", "reason"),
    [(Appointment.Status.CANCELLED, "is cancelled"), (Appointment.Status.NO_SHOW, "is no-show")],
)
def test_a_visit_that_did_not_take_place_cannot_be_completed(make_visit, status, reason):
    visit = make_visit(status=status)

    with pytest.raises(ReceiptRefused, match=reason):
        complete(visit)

    visit.refresh_from_db()
    assert visit.status == status
    assert not Receipt.objects.exists()


def test_a_visit_cannot_be_completed_before_it_starts(visit):
    with pytest.raises(ReceiptRefused, match="has not started yet"):
        receipts.complete_and_issue_receipt(visit, "cash", now=STARTS_AT - timedelta(minutes=1))

    visit.refresh_from_db()
    assert visit.status == Appointment.Status.CONFIRMED
    assert not Receipt.objects.exists()


def test_a_visit_marked_completed_without_a_receipt_can_still_get_one(make_visit):
    visit = make_visit(status=Appointment.Status.COMPLETED)

    assert complete(visit).number == 1


def test_completing_a_visit_closes_its_unsent_reminders(visit):
    pending = Reminder.objects.create(
        appointment=visit, minutes_before=30, due_at=STARTS_AT - timedelta(minutes=30)
    )

    complete(visit)

    pending.refresh_from_db()
    assert pending.status == Reminder.Status.CANCELLED


def test_a_visit_can_be_completed_from_the_minute_it_starts(visit):
    assert receipts.complete_and_issue_receipt(visit, "cash", now=STARTS_AT).number == 1


def test_a_second_receipt_for_one_visit_is_refused(visit):
    complete(visit)

    with pytest.raises(ReceiptRefused, match="already has receipt 1; correct that receipt"):
        complete(visit)
    assert Receipt.objects.count() == 1


def test_a_correction_refuses_a_visit_no_longer_completed(visit):
    receipt = complete(visit)
    Appointment.objects.filter(pk=visit.pk).update(status=Appointment.Status.NO_SHOW)

    with pytest.raises(ReceiptRefused, match="receipts are issued for completed visits only"):
        receipts.correct_receipt(receipt, now=AFTER_THE_VISIT)


def test_a_massage_receipt_needs_the_registration_number(policy, visit):
    policy.registration_number = ""
    policy.save()

    with pytest.raises(ReceiptRefused, match="CMTO registration number"):
        complete(visit)

    visit.refresh_from_db()
    assert visit.status == Appointment.Status.CONFIRMED


def test_an_unknown_payment_method_is_refused(visit):
    with pytest.raises(ReceiptRefused, match="Unknown payment method 'bitcoin'"):
        complete(visit, method="bitcoin")

    assert not Receipt.objects.exists()


# Corrections


def test_a_correction_issues_a_new_receipt_and_leaves_the_old_one_exactly_as_it_was(visit):
    old = complete(visit)
    as_issued = Receipt.objects.values().get(pk=old.pk)
    Appointment.objects.filter(pk=visit.pk).update(contact_name="Ada O'Neill")

    new = receipts.correct_receipt(
        old, payment_method="credit-card", now=AFTER_THE_VISIT + timedelta(days=1)
    )

    assert Receipt.objects.values().get(pk=old.pk) == as_issued
    assert new.number == 2
    assert new.replaces == old
    assert new.client_name == "Ada O'Neill"
    assert new.payment_method == "credit-card"
    assert new.visit_starts_at == old.visit_starts_at
    assert Receipt.objects.get(pk=old.pk).is_void
    assert not Receipt.objects.get(pk=new.pk).is_void


def test_a_correction_keeps_the_payment_method_unless_told(visit):
    old = complete(visit, method="cheque")

    assert receipts.correct_receipt(old, now=AFTER_THE_VISIT).payment_method == "cheque"


def test_a_void_receipt_cannot_be_corrected_again(visit):
    old = complete(visit)
    receipts.correct_receipt(old, now=AFTER_THE_VISIT)

    with pytest.raises(ReceiptRefused, match="already replaced by receipt 2; correct that one"):
        receipts.correct_receipt(old, now=AFTER_THE_VISIT)
    assert Receipt.objects.count() == 2


def test_a_void_receipt_says_so_in_both_renderings(visit, admin_client):
    old = complete(visit)
    new = receipts.correct_receipt(old, now=AFTER_THE_VISIT)
    old = Receipt.objects.get(pk=old.pk)

    page = printable(admin_client, old)
    assert "VOID: replaced by receipt 2" in page
    assert "receipt-void" in page
    text = pdf_text(pdf.receipt_pdf(old))
    assert "VOID: replaced by receipt 2" in text
    assert "VOID" not in pdf_text(pdf.receipt_pdf(new))
    assert "Replaces receipt 1, which is void." in pdf_text(pdf.receipt_pdf(new))


# PDF


def test_the_pdf_carries_the_registration_number_and_the_fee(visit):
    data = pdf.receipt_pdf(complete(visit))

    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert f"CMTO registration no. {REGISTRATION}" in text
    assert "$120.00" in text
    assert "Massage therapy receipt no. 1" in text
    assert "Ada O'Neil 1" in text
    assert "January 12, 2027 at 10:00 a.m. EST" in text


def test_the_same_receipt_always_gives_the_same_pdf(visit):
    receipt = complete(visit)

    assert pdf.receipt_pdf(receipt) == pdf.receipt_pdf(receipt)


def test_names_in_any_european_script_are_printed_as_typed(make_visit):
    visit = make_visit()
    Appointment.objects.filter(pk=visit.pk).update(contact_name="Łukasz Żółć-Дмитриев")

    text = pdf_text(pdf.receipt_pdf(complete(visit)))

    assert "Łukasz Żółć-Дмитриев" in text


def test_names_are_printed_as_text_not_read_as_markup(make_visit):
    visit = make_visit()
    Appointment.objects.filter(pk=visit.pk).update(contact_name="Ada <b>Bold</b> & Co")

    text = pdf_text(pdf.receipt_pdf(complete(visit)))

    # ReportLab may show one line in several strings; what matters is the characters shown.
    assert "Ada<b>Bold</b>&Co" in text.replace(" ", "")


# Email


def test_the_receipt_is_emailed_only_after_commit_with_the_pdf_attached(
    visit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        receipt = complete(visit)
    assert mail.outbox == []
    assert len(callbacks) == 1

    callbacks[0]()

    (message,) = mail.outbox
    assert message.to == ["ada1@example.com"]
    assert message.reply_to == ["hello@stillwaters.example"]
    assert message.subject == "Your receipt 1 from Stillwaters Healing & Massage"
    assert f"CMTO registration no. {REGISTRATION}" in message.body
    assert "Fee: $120.00" in message.body
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    assert "$120.00" in html
    ((filename, content, content_type),) = message.attachments
    assert (filename, content_type) == ("stillwaters-receipt-1.pdf", "application/pdf")
    assert content == pdf.receipt_pdf(receipt)


def test_a_refused_receipt_sends_nothing(make_visit, django_capture_on_commit_callbacks):
    visit = make_visit(status=Appointment.Status.CANCELLED)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ReceiptRefused):
        complete(visit)

    assert mail.outbox == []


def test_a_correction_is_emailed_as_the_replacement(visit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        old = complete(visit)
    with django_capture_on_commit_callbacks(execute=True):
        receipts.correct_receipt(old, now=AFTER_THE_VISIT)

    first, second = mail.outbox
    assert second.subject == "Corrected receipt 2 from Stillwaters Healing & Massage"
    assert "replaces receipt 1" in second.body
    assert second.attachments[0][0] == "stillwaters-receipt-2.pdf"


def test_a_receipt_replaced_before_its_email_went_out_is_not_sent(visit):
    old = complete(visit)
    receipts.correct_receipt(old, now=AFTER_THE_VISIT)

    assert delivery.deliver_receipt_email(old.pk) is False
    assert mail.outbox == []


def test_running_the_same_receipt_task_again_sends_nothing_more(visit):
    receipt = complete(visit)
    task_args = {"args": [receipt.pk], "task_id": "one-task-id"}

    tasks.send_receipt_email.apply(**task_args)
    tasks.send_receipt_email.apply(**task_args)

    assert len(mail.outbox) == 1


def test_an_smtp_failure_retries_the_receipt_email(visit, settings):
    receipt = complete(visit)
    settings.EMAIL_BACKEND = f"{__name__}.DisconnectingBackend"

    with pytest.raises(Retry) as retry:
        tasks.send_receipt_email.apply(args=[receipt.pk])

    assert isinstance(retry.value.exc, smtplib.SMTPServerDisconnected)
    assert retry.value.when == 60
    tasks.send_receipt_email.apply(args=[receipt.pk], retries=MAX_RETRIES)
    given_up = FailedNotification.objects.get()
    assert (given_up.task, given_up.arguments, given_up.error, given_up.attempts) == (
        "send_receipt_email", str(receipt.pk), "SMTPServerDisconnected", MAX_RETRIES + 1,
    )  # fmt: skip


# Admin


def test_the_therapist_can_list_view_print_and_download_receipts(
    client, visit, django_assert_max_num_queries
):
    login_in_group(client, "taylor", "Therapist")
    receipt = complete(visit)
    receipts.correct_receipt(receipt, now=AFTER_THE_VISIT)

    # Session (none when sessions live in Redis), user, the second factor's device, two
    # permission lookups, two counts, the sidebar's policy check, the rows with what replaced
    # them, the dates: however many rows.
    with django_assert_max_num_queries(11):
        listing = client.get(reverse("admin:bookings_receipt_changelist"))
    assert listing.status_code == 200
    assert "Ada O&#x27;Neil 1" in listing.content.decode()

    page = client.get(reverse("admin:bookings_receipt_change", args=[receipt.pk])).content.decode()
    print_url = reverse("admin:bookings_receipt_print", args=[receipt.pk])
    pdf_url = reverse("admin:bookings_receipt_pdf", args=[receipt.pk])
    assert f'href="{print_url}"' in page
    assert f'href="{pdf_url}"' in page
    assert "Void: replaced by receipt 2" in page

    assert REGISTRATION in printable(client, receipt)
    download = client.get(pdf_url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="stillwaters-receipt-1.pdf"'
    assert download.content.startswith(b"%PDF")


def test_an_editor_cannot_see_receipts(client, visit):
    receipt = complete(visit)
    login_in_group(client, "eddie", "Editor")

    for name in ("print", "pdf", "change"):
        url = reverse(f"admin:bookings_receipt_{name}", args=[receipt.pk])
        assert client.get(url).status_code == 403, name
    assert client.get(reverse("admin:bookings_receipt_changelist")).status_code == 403


def test_admin_offers_no_way_to_add_change_or_delete_a_receipt(admin_client, rf, admin_user, visit):
    receipt = complete(visit)
    as_issued = Receipt.objects.values().get(pk=receipt.pk)
    request = rf.get("/")
    request.user = admin_user

    receipt_admin = admin.site._registry[Receipt]
    assert isinstance(receipt_admin, ReceiptAdmin)
    assert not receipt_admin.has_add_permission(request)
    assert not receipt_admin.has_change_permission(request, receipt)
    assert not receipt_admin.has_delete_permission(request, receipt)
    inline = ReceiptInline(Appointment, admin.site)
    assert not inline.has_add_permission(request, visit)
    assert not inline.has_change_permission(request, visit)
    assert not inline.has_delete_permission(request, visit)

    change_url = reverse("admin:bookings_receipt_change", args=[receipt.pk])
    view = admin_client.get(change_url).content.decode()
    assert 'name="_save"' not in view
    assert "deletelink" not in view
    assert admin_client.post(change_url, {"client_name": "Someone"}).status_code == 403
    delete_url = reverse("admin:bookings_receipt_delete", args=[receipt.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert admin_client.get(reverse("admin:bookings_receipt_add")).status_code == 403
    changelist = reverse("admin:bookings_receipt_changelist")
    admin_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [receipt.pk], "post": "yes"}
    )
    assert Receipt.objects.values().get(pk=receipt.pk) == as_issued


def test_receipts_are_found_by_number_or_client_name(admin_client, make_visit):
    complete(make_visit())
    receipts.complete_and_issue_receipt(
        make_visit(starts_at=STARTS_AT - timedelta(days=1)), "cash", now=AFTER_THE_VISIT
    )
    changelist = reverse("admin:bookings_receipt_changelist")

    by_number = admin_client.get(changelist, {"q": "2"}).context["cl"].result_list
    by_name = admin_client.get(changelist, {"q": "O'Neil 1"}).context["cl"].result_list

    assert [receipt.number for receipt in by_number] == [2]
    assert [receipt.number for receipt in by_name] == [1]


def test_the_appointment_page_lists_its_receipts_with_their_documents(admin_client, visit):
    assert ReceiptInline in AppointmentAdmin.inlines
    old = complete(visit)
    receipts.correct_receipt(old, now=AFTER_THE_VISIT)

    page = admin_client.get(
        reverse("admin:bookings_appointment_change", args=[visit.pk])
    ).content.decode()

    assert reverse("admin:bookings_receipt_pdf", args=[old.pk]) in page
    assert "Void: replaced by receipt 2" in page
    assert "Valid; replaces receipt 1" in page


def test_the_correct_action_asks_first_then_replaces_the_receipt(client, visit):
    login_in_group(client, "taylor", "Therapist")
    old = complete(visit, method="cash")
    changelist = reverse("admin:bookings_receipt_changelist")
    selected = {"action": "correct", "_selected_action": [old.pk]}

    asked = client.post(changelist, selected)
    assert asked.templates[0].name == "admin/bookings/receipt/correct.html"
    assert Receipt.objects.count() == 1

    done = client.post(
        changelist, {**selected, "apply": "1", "payment_method": "debit"}, follow=True
    )

    new = Receipt.objects.get(replaces=old)
    assert (new.number, new.payment_method) == (2, "debit")
    assert Receipt.objects.get(pk=old.pk).is_void
    assert "Receipt 2 issued; receipt 1 is void." in done.content.decode()


def test_the_correct_action_refuses_a_void_receipt_and_says_why(admin_client, visit):
    old = complete(visit)
    receipts.correct_receipt(old, now=AFTER_THE_VISIT)
    changelist = reverse("admin:bookings_receipt_changelist")

    done = admin_client.post(
        changelist,
        {"action": "correct", "_selected_action": [old.pk], "apply": "1", "payment_method": ""},
        follow=True,
    )

    assert "Receipt 1: Receipt 1 was already replaced by receipt 2" in done.content.decode()
    assert Receipt.objects.count() == 2
