"""The client's booking flow, the slots endpoint and the manage page. Rules live in
scheduling/availability.py and scheduling/booking.py; these views translate HTTP to those calls."""

import re
import secrets
from dataclasses import replace
from datetime import timedelta
from urllib.parse import urlencode

from django.core import signing
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from bookings.clients import holds, sessions
from bookings.clients.models import Client
from bookings.clinical.models import HealthIntake
from bookings.scheduling import areas, availability, booking, days, pricing, tokens
from bookings.scheduling.models import BookingHold, BookingPolicy
from bookings.scheduling.travel import place_of
from content import selectors
from content.cache import whole_page
from content.models import Service
from stillwaters import clock
from stillwaters.ratelimit import client_ip

from .forms import (
    BOOK,
    CONTACT,
    HEALTH,
    REVIEW,
    AccountDetailsForm,
    CancelForm,
    DayChoiceForm,
    DayForm,
    DetailsForm,
    NewStartForm,
    SlotsQueryForm,
    VisitForm,
    error_summary,
    submitted_step,
)

_SLUG = re.compile(r"[-a-z0-9_]{1,100}")
_ID = re.compile(r"[0-9]{1,9}")
_HOLD_SALT = "bookings.held-booking-page"
_SUBMISSION_KEY = re.compile(r"[A-Za-z0-9_-]{32}")


@require_GET
# The first step is the same for everyone who comes from the same link (a service's page, an
# area's, the pain finder's); a postal code typed in, as "book again" sends, is rendered.
@whole_page(
    query={
        "service": selectors.service_slugs,
        "area": selectors.area_slugs,
        "concern": selectors.place_slugs,
    }
)
def start(request):
    slug = request.GET.get("service", "")
    # Only a slug can name a service; anything else (a NUL byte, which PostgreSQL refuses in
    # a query) simply names none.
    service = Service.objects.filter(slug=slug).first() if _SLUG.fullmatch(slug) else None
    postal_code = request.GET.get("postal_code", "")
    area = areas.area_if_known(postal_code)
    named = request.GET.get("area", "")
    if not postal_code and _SLUG.fullmatch(named):  # from an area's page
        area, postal_code = areas.start_of_area(named)
    form = VisitForm(initial={"postal_code": postal_code}, service=service, area=area)
    return render(
        request,
        "bookings/choose.html",
        {
            "form": form,
            "service": service,
            "concern": _concern(request.GET),
            "travel_fees": pricing.posted_fees(area),
        },
    )


def _concern(query) -> str:
    """The pain finder place a client came from, carried through the steps to the visit's
    body chart as "client reported"; only a slug can name one."""
    slug = query.get("concern", "")
    return slug if _SLUG.fullmatch(slug) else ""


@require_GET
def times(request):
    form = DayForm(request.GET)
    if not form.is_valid() and set(form.errors) != {"day"}:
        travel_fees = pricing.posted_fees(form.cleaned_data.get("area"))
        return render(
            request,
            "bookings/choose.html",
            {
                "form": form,
                "service": None,
                "travel_fees": travel_fees,
                # The day is asked on the next page, which says what is wrong with it.
                "errors": error_summary(form, [name for name in form.errors if name != "day"]),
            },
        )
    option, area = form.cleaned_data["option"], form.cleaned_data["area"]
    if "day" in form.errors:
        day = None  # the page shows why the day typed cannot be booked
    else:
        day = form.cleaned_data["day"] or availability.next_free_day(
            option, area, clock.today() - timedelta(days=1)
        )
    query = {"option": option.pk, "postal_code": form.cleaned_data["postal_code"]}
    if _ID.fullmatch(request.GET.get("person", "")):  # "book again" for someone in a household
        query["person"] = request.GET["person"]
    if _concern(request.GET):
        query["concern"] = _concern(request.GET)
    picker = None
    if day is not None:
        picker = _time_picker(
            option,
            area,
            day,
            lambda other: _times_url(query, other),
            form={
                "method": "get",
                "fields": {**query, "day": day.isoformat()},
                "submit": "Continue with this time",
            },
        )
    if picker and "continue" in request.GET:
        chosen, picker["error"] = _chosen_start(request.GET, picker["openings"].starts)
        if chosen is not None:
            details = urlencode({**query, "starts_at": chosen.isoformat()})
            return redirect(f"{reverse('bookings:details')}?{details}")
    return render(
        request,
        "bookings/times.html",
        {
            # The day picker shows the day on screen, or what was typed when it was refused.
            "day_form": form if "day" in form.errors else DayForm(initial={"day": day}),
            "option": option,
            "area": area,
            "price": pricing.quote(option, area),
            "query": query,
            "time_picker": picker,
        },
    )


def _times_url(query: dict, day) -> str:
    return f"{reverse('bookings:times')}?{urlencode({**query, 'day': day.isoformat()})}"


def _time_picker(option, area, day, url_for_day, *, form, error="", moving=None) -> dict:
    """What bookings/_time_picker.html shows: the week strip around `day` (each day linking to
    `url_for_day(day)`), the day's free starts by part of the day, and the next free day when
    it has none. `form` is how the chosen time is sent: its method, hidden fields and button.
    When `moving` a booked visit, its own time frees the times around it but is not offered."""
    first = days.week_start(day, clock.today())
    week = days.week_openings(
        option,
        area,
        first,
        ignore_appointment_id=moving.pk if moving else None,
        place=place_of(moving) if moving else "",
    )
    if moving is not None:
        week = [
            replace(each, starts=[s for s in each.starts if s != moving.starts_at]) for each in week
        ]
    openings = next(each for each in week if each.day == day)
    next_free = None
    if not openings.starts:
        later = [each.day for each in week if each.day > day and each.starts]
        next_free = later[0] if later else availability.next_free_day(option, area, week[-1].day)
    last = week[-1]
    return {
        "week": [
            (each, None if each.closure and each.closure.opens_later else url_for_day(each.day))
            for each in week
        ],
        "openings": openings,
        "parts": days.parts_of_day(openings.starts),
        "previous_week_url": url_for_day(first - timedelta(days=days.WEEK))
        if first > clock.today()
        else None,
        "next_week_url": None
        if last.closure and last.closure.opens_later
        else url_for_day(last.day + timedelta(days=1)),
        "next_free_day": next_free,
        "next_free_day_url": url_for_day(next_free) if next_free else None,
        "form": form,
        "error": error,
    }


def _chosen_start(query, offered: list | None = None) -> tuple:
    """The start the client chose (among those `offered`, when given), or None and why not.
    The booking rules check the start again when it is booked."""
    if not query.get("starts_at"):
        return None, "Choose a time first, then continue."
    new_start = NewStartForm(query)
    if not new_start.is_valid() or (
        offered is not None and new_start.cleaned_data["starts_at"] not in offered
    ):
        return None, "That time is not free any more; choose one of the times below."
    return new_start.cleaned_data["starts_at"], ""


@never_cache
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters()  # health answers never appear in error reports
def details(request):
    """Steps three to five: contact and address, the health history (when one is needed or
    the client chooses to give one), then the review, whose confirm books the visit."""
    account = sessions.signed_in_account(request)
    if request.method == "GET":
        chosen = _chosen_visit(request.GET)
        form = _details_form(account, initial=_home_prefill(account, request.GET, chosen))
        context = _details_context(form, account)
        context.update(chosen)
        return render(request, "bookings/details.html", context)
    form = _details_form(account, data=request.POST, step=submitted_step(request.POST))
    page = form.page_to_show(goto=request.POST.get("goto", ""))
    if page != BOOK:
        return _details_page(request, form, account, page)
    data = form.cleaned_data
    submission_key = _submission_key(request.POST)
    try:
        if account is None:
            hold = holds.hold_booking(
                option=data["option"],
                area=data["area"],
                starts_at=data["starts_at"],
                client=form.client_details(),
                notes=data["notes"],
                intake=form.intake_details(),
                reported_areas=form.reported_areas(),
                requested_from=holds.requester_key(client_ip(request)),
                submission_key=submission_key,
            )
            return redirect("bookings:held", token=signing.dumps(hold.pk, salt=_HOLD_SALT))
        appointment = booking.book_appointment(
            option=data["option"],
            area=data["area"],
            starts_at=data["starts_at"],
            client=form.client_details(),
            person=data["person"],
            notes=data["notes"],
            reported_areas=form.reported_areas(),
            intake=form.intake_details(),
            intake_source=HealthIntake.Source.ACCOUNT,
            guardian_consent_by=account.name if data.get("guardian_consent") else "",
            submission_key=submission_key,
        )
    except booking.SlotTaken as taken:
        form.add_error(
            None,
            "That time was just booked by someone else. Everything you typed is kept: "
            "choose one of the nearest free times below and continue.",
        )
        return _details_page(request, form, account, CONTACT, alternatives=taken.alternatives)
    except booking.BookingRefused as refused:
        form.add_error(None, str(refused))
        return _details_page(request, form, account, CONTACT)
    return redirect("bookings:confirmed", token=tokens.make_manage_token(appointment))


_DETAILS_TEMPLATES = {
    CONTACT: "bookings/details.html",
    HEALTH: "bookings/health.html",
    REVIEW: "bookings/review.html",
}


def _details_page(request, form, account, page: str, *, alternatives=()):
    """One of the details pages for a posted form, with the problems to put right on it."""
    context = _details_context(form, account, bound=True)
    context.update(
        errors=form.errors_on(page),
        kept_off=form.fields_kept_off(page),
        alternatives=list(alternatives),
    )
    if page == HEALTH:
        form.mark_needed_questions()
    if page == REVIEW:
        context["submission"] = secrets.token_urlsafe(24)
    status = 409 if alternatives else 200
    return render(request, _DETAILS_TEMPLATES[page], context, status=status)


def _submission_key(posted) -> str:
    """The review page's one-off key for its confirm form; anything else posted is no key."""
    key = posted.get("submission", "")
    return key if _SUBMISSION_KEY.fullmatch(key) else ""


def _details_form(account: Client | None, **kwargs) -> DetailsForm:
    if account is None:
        return DetailsForm(**kwargs)
    return AccountDetailsForm(account=account, **kwargs)


def _account_prefill(account: Client | None) -> dict:
    """A signed-in client's phone and address: as at their latest visit, else the account's."""
    if account is None:
        return {}
    source = account.appointments.order_by("-starts_at").first() or account
    phone = source.contact_phone if source is not account else account.phone
    fields = ("address", "unit", "city", "postal_code", "access_notes")
    return {"phone": phone, **{name: getattr(source, name) for name in fields}}


def _home_prefill(account: Client | None, query, chosen: dict) -> dict:
    """What the contact page starts with: the account's details, then what the link names,
    and the city of the area found from step one's postal code, unless the account's own
    city is for that same postal code."""
    known = _account_prefill(account)
    initial = {**known, **_prefill(query)}
    area = chosen.get("area")
    same_home = known.get("city") and _compact(known.get("postal_code")) == _compact(
        initial.get("postal_code")
    )
    if area is not None and not same_home and not query.get("city"):
        initial["city"] = areas.city_of(area)
    return initial


_HOME_FIELDS = ("phone", "address", "unit", "city", "postal_code", "access_notes")


def _home_known(form) -> bool:
    """Whether a signed-in client's phone and address are all there and right, so the contact
    page may fold them into one line."""
    required = ("phone", "address", "city", "postal_code")
    filled = all(form[name].value() for name in required)
    return filled and not (form.is_bound and any(form.errors.get(n) for n in _HOME_FIELDS))


def _compact(postal_code) -> str:
    return "".join(str(postal_code or "").split()).upper()


@never_cache  # the page names the email the link went to
@require_GET
def held(request, token):
    try:
        hold_id = signing.loads(token, salt=_HOLD_SALT)
    except signing.BadSignature:
        raise Http404("This page's link is not valid.") from None
    hold = BookingHold.objects.select_related("option__service", "area").filter(pk=hold_id).first()
    if hold is None:
        raise Http404("This booking is not held any more.")
    return render(request, "bookings/held.html", {"hold": hold, "hold_minutes": holds.HOLD_MINUTES})


def _prefill(query) -> dict:
    """What a link may fill in on the details page: never a consent or the honeypot, which
    only the client's own tick may give."""
    return {
        name: value
        for name, value in query.dict().items()
        if name not in AccountDetailsForm.TICKED_BY_THE_CLIENT_ONLY
    }


def _chosen_visit(query) -> dict:
    """The treatment, area and time picked on the times page, for the summary above the form."""
    visit = VisitForm(query)
    new_start = NewStartForm(query)
    if not (visit.is_valid() and new_start.is_valid()):
        return {}
    option, area = visit.cleaned_data["option"], visit.cleaned_data["area"]
    return {
        "option": option,
        "area": area,
        "price": pricing.quote(option, area),
        "starts_at": new_start.cleaned_data["starts_at"],
    }


def _details_context(form: DetailsForm, account: Client | None, *, bound: bool = False) -> dict:
    """What the details and review pages show about the visit being booked."""
    policy = BookingPolicy.current()
    context = {
        "form": form,
        "policy": policy,
        "alternatives": [],
        "account": account,
        "hold_minutes": holds.HOLD_MINUTES,
        "errors": [],
        "kept_off": form.fields_kept_off(CONTACT),
        "home_known": account is not None and _home_known(form),
    }
    data = form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else {}
    if not bound or data:
        option, area = data.get("option"), data.get("area")
        context.update(
            option=option,
            area=area,
            price=pricing.quote(option, area) if option and area else None,
            starts_at=data.get("starts_at"),
        )
    return context


@never_cache  # the page shows the client's email and address
@require_GET
def confirmed(request, token):
    try:
        appointment = tokens.appointment_for_token(token)
    except tokens.InvalidManageToken as refused:
        return _link_refused(request, refused)
    return render(
        request,
        "bookings/confirmed.html",
        {"appointment": appointment, "manage_url": reverse("bookings:manage", args=[token])},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token):
    try:
        appointment = tokens.appointment_for_token(token)
    except tokens.InvalidManageToken as refused:
        return _link_refused(request, refused)
    policy = BookingPolicy.current()
    context = {
        "appointment": appointment,
        "policy": policy,
        "deadline": booking.change_deadline(appointment, policy),
        "token": token,
        "reschedule_alternatives": [],
    }
    if request.method == "POST":
        outcome = _change_appointment(request, appointment, token, context)
        if outcome is not None:
            return outcome
        appointment.refresh_from_db()
    context["can_change"] = booking.can_client_change(appointment)
    if context["can_change"] and "cancel_form" not in context and "cancel" in request.GET:
        context["cancel_form"] = CancelForm()
    if context["can_change"] and "cancel_form" not in context:
        _reschedule_picker(request, appointment, token, context)
    return render(request, "bookings/manage.html", context)


def _reschedule_picker(request, appointment, token, context) -> None:
    """The time picker for moving the visit: the day asked for, else the visit's own day."""
    if "day" in request.GET:
        day_form = DayChoiceForm(request.GET)
        context["day_form"] = day_form
        if not day_form.is_valid():
            return
        day = day_form.cleaned_data["day"]
    else:
        day = clock.local(appointment.starts_at).date()
        context["day_form"] = DayChoiceForm(initial={"day": day})
    manage_url = reverse("bookings:manage", args=[token])
    context["time_picker"] = _time_picker(
        appointment.option,
        appointment.area,
        day,
        lambda other: f"{manage_url}?{urlencode({'day': other.isoformat()})}",
        moving=appointment,
        form={"method": "post", "fields": {"action": "reschedule"}, "submit": "Move my visit"},
        error=context.get("reschedule_error", ""),
    )


def _change_appointment(request, appointment, token, context):
    """Cancel or move the appointment; a response when done, None to show the page again."""
    cancel_form = CancelForm(request.POST) if request.POST.get("action") == "cancel" else None
    try:
        if not booking.can_client_change(appointment):
            _refuse_too_late(appointment, cancel_form, context)
            return None
        if cancel_form is not None:
            if not cancel_form.is_valid():
                context["cancel_form"] = cancel_form
                return None
            booking.cancel_appointment(appointment, reason=cancel_form.cleaned_data["reason"])
            return redirect("bookings:manage", token=token)
        chosen, context["reschedule_error"] = _chosen_start(request.POST)
        if chosen is None:
            return None
        booking.reschedule_appointment(appointment, chosen)
        return redirect("bookings:manage", token=token)
    except booking.SlotTaken as taken:
        context["error"] = "That time was just booked by someone else. Choose another."
        context["reschedule_alternatives"] = taken.alternatives
    except booking.BookingRefused as refused:
        appointment.refresh_from_db()
        if booking.can_client_change(appointment):
            context["error"] = str(refused)
        else:  # the window closed between the check above and the change
            _refuse_too_late(appointment, cancel_form, context)
    return None


def _refuse_too_late(appointment, cancel_form, context) -> None:
    """The page says plainly that the visit was not cancelled or moved, keeping any reason
    typed so the client can give it to Taylor on the phone."""
    if appointment.is_open:
        context["too_late"] = "cancelled" if cancel_form is not None else "moved"
        context["typed_reason"] = cancel_form.data.get("reason", "") if cancel_form else ""


def _link_refused(request, refused: tokens.InvalidManageToken):
    """Why a manage link does not open the visit, and the ways that still do."""
    return render(request, "bookings/link_refused.html", {"message": str(refused)}, status=404)


@require_GET
def slots(request):
    form = SlotsQueryForm(request.GET)
    if not form.is_valid():
        errors = {field: " ".join(messages) for field, messages in form.errors.items()}
        return JsonResponse({"errors": errors}, status=400)
    data = form.cleaned_data
    starts = availability.free_starts(data["option"], data["area"], data["start"], data["end"])
    return JsonResponse({"slots": [start.isoformat() for start in starts]})
