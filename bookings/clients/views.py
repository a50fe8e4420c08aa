"""The client's account: sign-in by emailed link, "My visits", the household, health history
updates, receipts and record requests, and the page every emailed link opens. Rules live in
links.py, sessions.py, holds.py and household.py; these views translate HTTP to them."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bookings.billing import pdf
from bookings.billing.models import Receipt
from bookings.clinical import intake
from bookings.clinical.models import HealthIntake
from bookings.forms import IntakeForm
from bookings.notifications.tasks import send_sign_in_email
from bookings.privacy import audit, corrections, lockbox
from bookings.privacy import requests as record_requests
from bookings.privacy.models import CorrectionRequest, LockBoxInstruction, RecordRequest
from bookings.scheduling import booking, tokens
from bookings.scheduling.models import Appointment
from stillwaters.ratelimit import hit, too_many_requests

from . import holds, household, links, sessions
from .forms import (
    CorrectionForm,
    DisagreementForm,
    PersonForm,
    RecordRequestForm,
    SignInForm,
)
from .models import Client, EmailLink, Person


def _signed_in(view):
    """Run `view(request, account, ...)` for a signed-in client; others go to sign in."""

    def wrapper(request, *args, **kwargs):
        account = sessions.signed_in_account(request)
        if account is None:
            return redirect("clients:sign_in")
        return view(request, account, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request):
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        retry_after = hit("sign-in-email", links.email_key(email))
        if retry_after is not None:
            return too_many_requests(request, retry_after)
        account = household.account_for_email(email)
        # Whether or not the email has an account, the page that follows is the same.
        if account is not None:
            link = links.create(
                account.email,
                EmailLink.Purpose.SIGN_IN,
                now=timezone.now(),
                minutes=links.SIGN_IN_MINUTES,
            )
            send_sign_in_email.delay(link.pk)
        return render(
            request,
            "bookings/account/sign_in_sent.html",
            {"email": email, "minutes": links.SIGN_IN_MINUTES},
        )
    return render(request, "bookings/account/sign_in.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def link(request, token):
    """Every emailed link opens here. A GET only shows what the link will do, since mail
    scanners open links; the button's POST uses it."""
    try:
        opened = links.open_link(token, current_email=_email_now)
    except links.LinkRefused as refused:
        repeated = (
            holds.confirmed_moments_ago(refused.link)
            if request.method == "POST" and refused.refusal is links.Refusal.USED
            else None
        )
        if repeated is not None:
            return redirect("bookings:confirmed", token=tokens.make_manage_token(repeated))
        return _link_problem(request, refused.refusal, refused.link)
    if request.method == "GET":
        return render(request, "bookings/account/link.html", {"link": opened})
    if opened.purpose == EmailLink.Purpose.SIGN_IN:
        return _sign_in_with(request, opened)
    return _confirm_hold_with(request, opened)


def _email_now(link: EmailLink) -> str | None:
    """The address a link must still belong to: a sign-in's account's email today."""
    if link.purpose != EmailLink.Purpose.SIGN_IN:
        return link.email
    account = household.account_for_email(link.email)
    return account.email if account else None


def _sign_in_with(request, opened: EmailLink):
    try:
        links.use(opened, now=timezone.now())
    except links.LinkRefused as refused:
        return _link_problem(request, refused.refusal, opened)
    response = redirect("clients:visits")
    sessions.start(response, household.account_for_email(opened.email))
    return response


def _confirm_hold_with(request, opened: EmailLink):
    try:
        appointment = holds.confirm_hold(opened)
    except links.LinkRefused as refused:
        return _link_problem(request, refused.refusal, opened)
    except holds.HoldEnded as ended:
        return render(
            request, "bookings/account/link_problem.html", {"message": str(ended)}, status=410
        )
    except (booking.SlotTaken, booking.BookingRefused) as refused:
        message = (
            "Sorry: that time is no longer free, so nothing was booked."
            if isinstance(refused, booking.SlotTaken)
            else f"{refused} Nothing was booked."
        )
        return render(
            request, "bookings/account/link_problem.html", {"message": message}, status=409
        )
    return redirect("bookings:confirmed", token=tokens.make_manage_token(appointment))


def _link_problem(request, refusal: links.Refusal, opened: EmailLink | None):
    status = 400 if refusal is links.Refusal.TAMPERED else 410
    return render(
        request,
        "bookings/account/link_problem.html",
        {
            "message": refusal.value,
            "sign_in_link": opened is None or opened.purpose == EmailLink.Purpose.SIGN_IN,
            "form": SignInForm(),
        },
        status=status,
    )


@require_POST
def sign_out(request):
    response = redirect("clients:sign_in")
    sessions.end(request, response)
    return response


@never_cache
@require_GET
@_signed_in
def visits(request, account: Client):
    """My visits: each person's upcoming and past visits, receipts and health history."""
    now = timezone.now()
    appointments = (
        account.appointments.select_related("option__service", "area", "person")
        .prefetch_related("receipts")
        .order_by("starts_at")
    )
    people = []
    household_size = account.people.count()
    for person in account.people.order_by("created_at", "pk"):
        theirs = [a for a in appointments if a.person_id == person.pk]
        people.append(
            {
                "person": person,
                "upcoming": [
                    _upcoming(a, household_size) for a in theirs if a.is_open and a.ends_at > now
                ],
                "past": [
                    (a, _current_receipt(a))
                    for a in reversed(theirs)
                    if not (a.is_open and a.ends_at > now)
                ],
                "latest_intake": intake.latest_intake(person),
                "intake_needed": intake.intake_needed(person, now),
                "record_requests": person.record_requests.order_by("-requested_at")[:3],
                "corrections": list(person.corrections.all()),
                "locked": list(person.lock_box.filter(withdrawn_at__isnull=True)),
            }
        )
    return render(
        request,
        "bookings/account/visits.html",
        {"account": account, "people": people, "lock_items": LockBoxInstruction.Item.choices},
    )


def _upcoming(appointment: Appointment, household_size: int) -> dict:
    """An upcoming visit, its manage link, and where the household has more than one person,
    a link to book someone else at the same address right after it."""
    visit = {"appointment": appointment, "token": tokens.make_manage_token(appointment)}
    start = household.follow_on_start(appointment) if household_size > 1 else None
    if start is not None:
        fields = ("postal_code", "address", "unit", "city", "access_notes")
        query = {
            "option": appointment.option_id,
            "starts_at": start.isoformat(),
            **{name: getattr(appointment, name) for name in fields},
        }
        visit["follow_on_url"] = f"{reverse('bookings:details')}?{urlencode(query)}"
    return visit


def _current_receipt(appointment: Appointment) -> Receipt | None:
    """The visit's receipt still in force: a corrected one replaces the receipt it corrects."""
    valid = [r for r in appointment.receipts.all() if not r.is_void]
    return valid[-1] if valid else None


@never_cache
@require_http_methods(["GET", "POST"])
@_signed_in
def add_person(request, account: Client):
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = form.save(commit=False)
        person.account = account
        person.save()
        return redirect("clients:visits")
    return render(request, "bookings/account/add_person.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters()
@_signed_in
def update_health(request, account: Client, person_id: int):
    """A new dated health history for someone in the household; earlier ones stay as given."""
    person = _person_or_404(account, person_id)
    latest = intake.latest_intake(person)
    if request.method == "POST":
        form = IntakeForm(request.POST)
        if form.is_valid():
            form.check_intake(needed=True)
        if form.is_valid():
            intake.save_intake(
                person,
                form.intake_details(),
                now=timezone.now(),
                source=HealthIntake.Source.ACCOUNT,
            )
            return redirect("clients:visits")
    else:
        form = IntakeForm(initial=_answers(latest))
    return render(
        request,
        "bookings/account/update_health.html",
        {"form": form, "person": person, "latest": latest, "account": account},
    )


def _answers(record: HealthIntake | None) -> dict:
    """The last history's answers to start from; consents are given afresh every time."""
    if record is None:
        return {}
    fields = [name for name in IntakeForm.base_fields if not name.startswith("consent_")]
    return {name: getattr(record, name) for name in fields}


@never_cache
@require_GET
@_signed_in
def receipt_pdf(request, account: Client, receipt_id: int):
    receipt = (
        Receipt.objects.select_related("appointment")
        .filter(pk=receipt_id, appointment__client=account)
        .first()
    )
    if receipt is None or receipt.is_void:
        raise Http404("No such receipt in your account.")
    audit.record(
        audit.Action.READ, "receipt downloaded by the client", by=f"{account.name} (client)",
        receipt=receipt, fields=audit.RECEIPT,
    )  # fmt: skip
    response = HttpResponse(pdf.receipt_pdf(receipt), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.receipt_filename(receipt)}"'
    return response


@require_POST
@_signed_in
def request_record(request, account: Client, person_id: int):
    """Ask for a copy of a household member's record: recorded, and Taylor is told."""
    person = _person_or_404(account, person_id)
    form = RecordRequestForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "bookings/account/record_request.html",
            {"form": form, "person": person},
            status=400,
        )
    record_request = record_requests.make_request(person, note=form.cleaned_data["note"])
    return render(
        request,
        "bookings/account/record_request.html",
        {"person": person, "record_request": record_request},
    )


@never_cache
@require_GET
@_signed_in
def record_package(request, account: Client, request_id: int):
    """The record package of an answered request, downloaded by the account it belongs to."""
    record_request = RecordRequest.objects.filter(
        pk=request_id, account=account, answered_at__isnull=False
    ).first()
    if record_request is None:
        raise Http404("No such answered request in your account.")
    record_requests.log(record_request, None, "record package downloaded by the client")
    response = HttpResponse(bytes(record_request.package), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="stillwaters-record-{record_request.pk}.pdf"'
    )
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@_signed_in
def ask_correction(request, account: Client, person_id: int):
    """Ask Taylor to correct part of a household member's record."""
    person = _person_or_404(account, person_id)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        CorrectionRequest.objects.create(person=person, **form.cleaned_data)
        messages.success(request, "Your correction request is with Taylor.")
        return redirect("clients:visits")
    return render(request, "bookings/account/correction.html", {"form": form, "person": person})


@never_cache
@require_http_methods(["GET", "POST"])
@_signed_in
def disagree(request, account: Client, correction_id: int):
    """File a statement of disagreement with a refused correction; it prints with the record."""
    correction = get_object_or_404(CorrectionRequest, pk=correction_id, person__account=account)
    form = DisagreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            corrections.file_disagreement(correction, form.cleaned_data["statement"])
            messages.success(request, "Your statement is filed with the record.")
            return redirect("clients:visits")
        except corrections.CorrectionRefused as refused:
            form.add_error(None, str(refused))
    return render(
        request, "bookings/account/disagree.html", {"form": form, "correction": correction}
    )


@require_POST
@_signed_in
def lock_item(request, account: Client, person_id: int):
    """Withhold part of a household member's record from uses beyond Taylor's own care."""
    person = _person_or_404(account, person_id)
    try:
        lockbox.lock(person, request.POST.get("item", ""))
        messages.success(request, "That part of the record is now withheld at your request.")
    except ValueError as refused:
        messages.error(request, str(refused))
    return redirect("clients:visits")


@require_POST
@_signed_in
def unlock_item(request, account: Client, instruction_id: int):
    instruction = get_object_or_404(
        LockBoxInstruction, pk=instruction_id, person__account=account, withdrawn_at__isnull=True
    )
    lockbox.withdraw(instruction)
    messages.success(request, "Your instruction is withdrawn.")
    return redirect("clients:visits")


def _person_or_404(account: Client, person_id: int) -> Person:
    person = account.people.filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person in your household.")
    return person
