"""Taylor's admin pages beyond the model lists: the day and week schedule, booking a client who
phoned in, a visit's outcome buttons, and the bookkeeping export. Rules live in
scheduling/booking.py, schedule.py and visit_actions.py; these views translate HTTP to those
calls."""

import csv
from datetime import date, datetime, timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from bookings.billing.models import Receipt
from bookings.clients.models import Person
from bookings.forms import OptionChoiceField, offered_options
from bookings.mileage import trips
from bookings.privacy import audit
from bookings.scheduling import areas, booking
from bookings.scheduling.contact import ContactForm
from bookings.scheduling.models import Appointment
from content.models import ServiceArea
from stillwaters import clock
from stillwaters.admin_base import IdAutocompleteSelect
from stillwaters.clock import TORONTO, local, today

from . import schedule, visit_actions

# Spreadsheet programs run a cell starting with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def appointment_urls(model_admin: admin.ModelAdmin) -> list:
    wrap = model_admin.admin_site.admin_view
    extra = {"model_admin": model_admin}
    return [
        path("schedule/day/", wrap(schedule_day), extra, name="bookings_appointment_day"),
        path("schedule/week/", wrap(schedule_week), extra, name="bookings_appointment_week"),
        path("phone-in/", wrap(phone_booking), extra, name="bookings_appointment_phone_in"),
        path("export/", wrap(export_csv), extra, name="bookings_appointment_export"),
        path(
            "<int:appointment_id>/outcome/<slug:step>/",
            wrap(visit_outcome),
            extra,
            name="bookings_appointment_outcome",
        ),
    ]


def _day_from(request, name: str) -> date:
    """The day named in the query, or today when it is missing, malformed or out of range."""
    try:
        day = date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        return today()
    return day if clock.handles(day) else today()


def _context(request, model_admin: admin.ModelAdmin, title: str, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": Appointment._meta,
        "title": title,
        "today": today(),
        **extra,
    }


def _require_view(request, model_admin: admin.ModelAdmin) -> None:
    if not model_admin.has_view_permission(request):
        raise PermissionDenied


# Schedule


def schedule_day(request, model_admin: admin.ModelAdmin):
    _require_view(request, model_admin)
    day = schedule.day_schedule(_day_from(request, "day"))
    return TemplateResponse(
        request,
        "admin/bookings/appointment/schedule_day.html",
        _context(
            request,
            model_admin,
            f"Schedule for {day.day:%A, %B} {day.day.day}, {day.day.year}",
            schedule=day,
            route=trips.planned_route(day.day, [visit.appointment for visit in day.visits]),
            week_start=schedule.week_start(day.day),
            payment_methods=Receipt.PaymentMethod.choices,
        ),
    )


def schedule_week(request, model_admin: admin.ModelAdmin):
    _require_view(request, model_admin)
    first = schedule.week_start(_day_from(request, "start"))
    week = schedule.week_schedule(first)
    return TemplateResponse(
        request,
        "admin/bookings/appointment/schedule_week.html",
        _context(
            request,
            model_admin,
            f"Week of {first:%B} {first.day}, {first.year}",
            week=week,
            this_week=schedule.week_start(today()),
        ),
    )


# Outcome buttons


class PaymentMethodForm(forms.Form):
    payment_method = forms.ChoiceField(
        choices=Receipt.PaymentMethod.choices,
        label="How did the client pay?",
        error_messages={
            "required": "Choose how the client paid; the receipt shows it.",
            "invalid_choice": "Choose how the client paid from the list; the receipt shows it.",
        },
    )


@require_POST
def visit_outcome(request, model_admin: admin.ModelAdmin, appointment_id: int, step: str):
    """Complete, record a no-show, cancel or issue a receipt for one visit, then go back to the
    page the button was on with a message saying what was done or why not."""
    appointment = get_object_or_404(
        Appointment.objects.select_related("client", "option__service"), pk=appointment_id
    )
    if not model_admin.has_change_permission(request, appointment):
        raise PermissionDenied
    back = _back_to(request, appointment)
    chosen = visit_actions.STEPS.get(step)
    if chosen is None:
        messages.error(request, "That button does not exist; nothing changed.")
        return redirect(back)
    payment_method = ""
    if chosen.needs_payment:
        form = PaymentMethodForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors["payment_method"]) + " Nothing changed.")
            return redirect(back)
        payment_method = form.cleaned_data["payment_method"]
    try:
        done = visit_actions.take(appointment, chosen, payment_method=payment_method)
    except visit_actions.Refused as refused:
        messages.error(request, f"{refused} Nothing changed.")
    else:
        model_admin.log_change(request, appointment, done)
        messages.success(request, done)
    return redirect(back)


def _back_to(request, appointment: Appointment) -> str:
    """The page the button was on (the day view names itself), else the visit's page."""
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("admin:bookings_appointment_change", args=[appointment.pk])


# Phone booking


class ClientSearchSelect(IdAutocompleteSelect):
    """Django's search box for the person treated, named for screen readers: select2 names the
    box by what it shows (so it needs placeholder text) and leaves its inner text box unnamed
    (labelled by a small script)."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-placeholder"] = "Search people by name or account email"
        return attrs

    @property
    def media(self):
        return super().media + forms.Media(js=["bookings/client-search-label.js"])


class PhoneBookingForm(ContactForm):
    person = forms.ModelChoiceField(
        queryset=Person.objects.select_related("account"),
        required=False,
        label="Existing client",
        help_text=(
            "Search by the person's name or their account's email; a household member is "
            "listed under their own name. Leave empty to enter a new client below."
        ),
    )
    option = OptionChoiceField(
        label="Treatment and length",
        error_messages={"required": "Choose a treatment and how long it should be."},
    )
    area = forms.ModelChoiceField(
        queryset=ServiceArea.objects.all(),
        required=False,
        label="Area",
        empty_label="From the client's postal code",
        help_text="Only needed when the postal code is outside the listed areas.",
    )
    day = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Enter the day of the visit."},
    )
    start_time = forms.TimeField(
        label="Start time (Toronto)",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": "Enter the time the visit starts, like 14:30."},
    )
    notes = forms.CharField(
        label="Notes", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    guardian_consent_by = forms.CharField(
        label="Parent or guardian who consented",
        max_length=120,
        required=False,
        help_text="Only for a client under 18: who gave consent to the treatment.",
    )
    override_working_hours = forms.BooleanField(
        label="Override working hours",
        required=False,
        help_text=(
            "Book outside your working hours or notice. Other visits, drives and time off "
            "still apply."
        ),
    )

    VISIT_ORDER = (
        "option",
        "area",
        "day",
        "start_time",
        "notes",
        "guardian_consent_by",
        "override_working_hours",
    )

    def __init__(self, *args, admin_site=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only a new client needs them; clean() says which are missing.
        for name in ContactForm.REQUIRED_CONTACT_FIELDS:
            self.fields[name].required = False
        self.fields["postal_code"].label = "Postal code"
        self.fields["access_notes"].widget.attrs["rows"] = 2
        self.fields["option"].offer(offered_options())
        if admin_site is not None:
            field = self.fields["person"]
            field.widget = ClientSearchSelect(Appointment._meta.get_field("person"), admin_site)
            field.widget.choices = field.choices

    def clean(self):
        cleaned = super().clean()
        person = cleaned.get("person")
        client = person.account if person else None
        if person is None and "person" not in self.errors:
            for name in ContactForm.REQUIRED_CONTACT_FIELDS:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(
                        name,
                        f"Enter the new client's {self.fields[name].label.lower()}, "
                        "or choose an existing client above.",
                    )
        postal_code = client.postal_code if client else cleaned.get("postal_code")
        if cleaned.get("area") is None and postal_code:
            try:
                cleaned["area"] = areas.area_for_postal_code(postal_code)
            except ValueError:
                cleaned["area"] = None
            if cleaned["area"] is None:
                self.add_error(
                    "area",
                    f"{postal_code} is outside every service area; choose the nearest area.",
                )
        if cleaned.get("day") and cleaned.get("start_time"):
            cleaned["starts_at"] = datetime.combine(
                cleaned["day"], cleaned["start_time"], tzinfo=TORONTO
            )
        return cleaned

    def client_details(self) -> booking.ClientDetails:
        """An existing person's visit takes their name and their account's contact details."""
        person = self.cleaned_data["person"]
        if person is not None:
            account = person.account
            fields = {name: getattr(account, name) for name in ContactForm.CONTACT_FIELDS}
            return booking.ClientDetails(**{**fields, "name": person.name})
        return super().client_details()


def phone_booking(request, model_admin: admin.ModelAdmin):
    if not request.user.has_perm("bookings.add_appointment"):
        raise PermissionDenied
    alternatives = []
    if request.method == "POST":
        form = PhoneBookingForm(request.POST, admin_site=model_admin.admin_site)
        if form.is_valid():
            data = form.cleaned_data
            try:
                appointment = booking.book_appointment(
                    option=data["option"],
                    area=data["area"],
                    starts_at=data["starts_at"],
                    client=form.client_details(),
                    person=data["person"],
                    notes=data["notes"],
                    guardian_consent_by=data["guardian_consent_by"],
                    override_working_hours=data["override_working_hours"],
                )
            except booking.SlotTaken as taken:
                alternatives = taken.alternatives
                form.add_error(
                    None,
                    "That time is taken by another visit, the drive to or from one, or time off."
                    + (" The nearest free times are listed below." if alternatives else ""),
                )
            except booking.BookingRefused as refused:
                form.add_error(None, str(refused))
            else:
                model_admin.log_addition(request, appointment, "Booked by phone.")
                audit.record(
                    audit.Action.WRITE, "admin: phone booking", user=request.user,
                    appointment=appointment, fields=audit.VISIT_NOTES,
                )  # fmt: skip
                messages.success(
                    request,
                    f"Booked {appointment.contact_name} for "
                    f"{local(appointment.starts_at):%A, %B %-d at %H:%M}.",
                )
                day = local(appointment.starts_at).date()
                return redirect(f"{reverse('admin:bookings_appointment_day')}?day={day}")
    else:
        form = PhoneBookingForm(
            initial={"day": _day_from(request, "day")}, admin_site=model_admin.admin_site
        )
    return TemplateResponse(
        request,
        "admin/bookings/appointment/phone_booking.html",
        _context(
            request,
            model_admin,
            "Book a phone-in client",
            form=form,
            client_fields=[form["person"]],
            new_client_fields=[form[name] for name in ContactForm.CONTACT_FIELDS],
            visit_fields=[form[name] for name in PhoneBookingForm.VISIT_ORDER],
            alternatives=alternatives,
            media=model_admin.media + form.media,
        ),
    )


# Export


class ExportForm(forms.Form):
    first_day = forms.DateField(
        label="From", widget=forms.DateInput(attrs={"type": "date"}), help_text="Toronto date."
    )
    last_day = forms.DateField(
        label="To (inclusive)",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Toronto date.",
    )

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_day"), cleaned.get("last_day")
        for name, day in (("first_day", first), ("last_day", last)):
            if day and not clock.handles(day):
                self.add_error(
                    name,
                    f"Choose a date from {clock.FIRST_DAY.year} to {clock.LAST_DAY.year}.",
                )
                cleaned[name] = None
        first, last = cleaned.get("first_day"), cleaned.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", "The end date must be on or after the start date.")
        return cleaned


def export_csv(request, model_admin: admin.ModelAdmin):
    _require_view(request, model_admin)
    if "first_day" not in request.GET:
        first = today().replace(day=1)
        form = ExportForm(initial={"first_day": first, "last_day": _month_end(first)})
    else:
        form = ExportForm(request.GET)
        if form.is_valid():
            return _csv_response(
                form.cleaned_data["first_day"], form.cleaned_data["last_day"], request.user
            )
    return TemplateResponse(
        request,
        "admin/bookings/appointment/export.html",
        _context(request, model_admin, "Export appointments", form=form),
    )


def _csv_response(first: date, last: date, user) -> HttpResponse:
    """The visits between the two days, one row each. The file names who was seen when and for
    what, so each visit in it is logged as exported; it holds none of the health history, so a
    lock-box has nothing to withhold from it."""
    filename = f"stillwaters-appointments-{first}-to-{last}.csv"
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    writer = csv.writer(response)
    writer.writerow(_COLUMNS)
    appointments = list(schedule.appointments_between(first, last))
    purpose = f"appointments CSV export, {first} to {last}"
    audit.record_many(
        audit.entry(audit.Action.EXPORT, purpose, user=user, appointment=a, fields=_EXPORTED)
        for a in appointments
    )
    for appointment in appointments:
        starts = local(appointment.starts_at)
        ends = local(appointment.ends_at)
        writer.writerow(
            [
                starts.date().isoformat(),
                f"{starts:%H:%M}",
                f"{ends:%H:%M}",
                _cell(appointment.contact_name),
                _cell(appointment.option.service.name),
                appointment.option.minutes,
                _cell(appointment.area.name),
                appointment.get_status_display(),
                f"{appointment.price:.2f}",
            ]
        )
    return response


_COLUMNS = ["date", "start", "end", "client", "service", "minutes", "area", "status", "price"]
_EXPORTED = "visit: " + ", ".join(_COLUMNS)


def _cell(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def _month_end(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
