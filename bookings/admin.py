from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from . import admin_views, booking, outcomes, schedule
from .availability import TORONTO
from .intake_admin import AppointmentHealthMixin, ClientRecordsMixin
from .models import (
    Appointment,
    BookingOption,
    BookingPolicy,
    Client,
    DrivingTime,
    Receipt,
    Reminder,
    ReminderOffset,
    TimeOff,
    WorkingHours,
)


@admin.register(BookingOption)
class BookingOptionAdmin(admin.ModelAdmin):
    list_display = ["service", "minutes", "price", "is_active"]
    list_filter = ["is_active", "service"]
    list_editable = ["price", "is_active"]


@admin.register(DrivingTime)
class DrivingTimeAdmin(admin.ModelAdmin):
    list_display = ["from_area", "to_area", "minutes"]
    list_filter = ["from_area", "to_area"]
    list_editable = ["minutes"]
    list_per_page = 200


@admin.register(WorkingHours)
class WorkingHoursAdmin(admin.ModelAdmin):
    list_display = ["weekday", "starts", "ends"]
    list_display_links = ["weekday"]
    list_editable = ["starts", "ends"]
    list_filter = ["weekday"]


class TimeOffForm(forms.ModelForm):
    """Time off over booked visits is saved only once Taylor confirms; the visits stay booked."""

    confirm_overlap = forms.BooleanField(
        required=False, label="Save anyway; I will contact these clients myself"
    )

    class Meta:
        model = TimeOff
        fields = ["starts_at", "ends_at", "reason"]

    overlapping: list = []

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "The time off must end after it starts.")
        elif starts and ends:
            self.overlapping = schedule.live_visits_overlapping(starts, ends)
            if self.overlapping and not cleaned.get("confirm_overlap"):
                raise forms.ValidationError(
                    "This time off overlaps booked visits, listed below. They stay booked: "
                    "tick “Save anyway” to save it, or change the times."
                )
        return cleaned


@admin.register(TimeOff)
class TimeOffAdmin(admin.ModelAdmin):
    form = TimeOffForm
    fields = ["starts_at", "ends_at", "reason"]
    list_display = ["starts_at", "ends_at", "reason"]
    date_hierarchy = "starts_at"
    change_form_template = "admin/bookings/timeoff/change_form.html"


@admin.register(BookingPolicy)
class BookingPolicyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not BookingPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class AppointmentInline(admin.TabularInline):
    model = Appointment
    extra = 0
    fields = ["starts_at", "contact_name", "option", "status", "price"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Client)
class ClientAdmin(ClientRecordsMixin, admin.ModelAdmin):
    list_display = ["name", "email", "phone", "city", "postal_code"]
    search_fields = ["name", "email", "phone", "postal_code"]
    inlines = [AppointmentInline]


@admin.register(Appointment)
class AppointmentAdmin(AppointmentHealthMixin, admin.ModelAdmin):
    list_display = [
        "starts_at",
        "contact_name",
        "contact_phone",
        "client",
        "red_flags",
        "option",
        "area",
        "status",
        "price",
    ]
    list_filter = ["status", ("starts_at", admin.DateFieldListFilter), "area", "option__service"]
    search_fields = [
        "contact_name",
        "contact_phone",
        "client__name",
        "client__email",
        "client__phone",
        "client__postal_code",
        "postal_code",
    ]
    date_hierarchy = "starts_at"
    list_select_related = ["client", "option__service", "area"]
    # Times, prices and statuses change only through the booking rules (bookings/booking.py)
    # and the actions below, so the admin cannot create an overlap the database would refuse
    # or change a visit without the client hearing of it. The visit's address is shown as
    # booked: its area, and so the drives around it, were chosen from its postal code. The
    # visit's name and phone stay editable, so Taylor can correct them (receipts print the name)
    # without changing the client record, which a booking never changes either.
    readonly_fields = [
        "client",
        "option",
        "price",
        "starts_at",
        "ends_at",
        "area",
        "status",
        "created_at",
        "address",
        "unit",
        "city",
        "postal_code",
        "access_notes",
    ]
    actions = ["confirm", "cancel", "mark_completed", "mark_no_show"]
    change_list_template = "admin/bookings/appointment/change_list.html"

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        return admin_views.appointment_urls(self) + super().get_urls()

    @admin.action(
        description="Confirm selected requests (emails the client)", permissions=["change"]
    )
    def confirm(self, request, queryset):
        self._each(request, queryset, booking.confirm_appointment, "Confirmed", "confirmed")

    @admin.action(description="Cancel selected visits (emails the client)", permissions=["change"])
    def cancel(self, request, queryset):
        def cancel(appointment):
            return booking.cancel_appointment(appointment, by_therapist=True)

        self._each(request, queryset, cancel, "Cancelled by the therapist", "cancelled")

    @admin.action(description="Mark selected visits as no-show", permissions=["change"])
    def mark_no_show(self, request, queryset):
        self._each(request, queryset, outcomes.record_no_show, "No-show", "marked no-show")

    @admin.action(
        description="Mark selected visits completed and issue receipts", permissions=["change"]
    )
    def mark_completed(self, request, queryset):
        form = PaymentMethodForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            method = form.cleaned_data["payment_method"]

            def complete(appointment):
                return outcomes.complete_appointment(appointment, method)

            self._each(request, queryset, complete, "Completed, receipt issued", "completed")
            return None
        return TemplateResponse(
            request,
            "admin/bookings/appointment/mark_completed.html",
            {
                **self.admin_site.each_context(request),
                "title": "Mark visits completed",
                "opts": self.model._meta,
                "form": form,
                "appointments": queryset.select_related("client", "option__service"),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def _each(self, request, queryset, change, log_message: str, done: str) -> None:
        """Apply one service call per visit; a refusal is reported and the others still go."""
        changed = refused_count = 0
        for appointment in queryset.select_related("client").order_by("starts_at"):
            before = appointment.status
            try:
                result = change(appointment)
            except (booking.BookingRefused, outcomes.CannotRecord) as refused:
                refused_count += 1
                messages.error(
                    request, f"{_when(appointment)}, {appointment.contact_name}: {refused}"
                )
                continue
            # A visit completed earlier without a receipt gains one: that is a change too.
            if appointment.status != before or isinstance(result, Receipt):
                changed += 1
                self.log_change(request, appointment, log_message)
        if changed:
            messages.success(request, f"{changed} visit{'s' if changed != 1 else ''} {done}.")
        elif not refused_count:
            messages.info(request, f"Nothing changed: the visits chosen were already {done}.")


class PaymentMethodForm(forms.Form):
    payment_method = forms.ChoiceField(
        choices=Receipt.PaymentMethod.choices,
        label="How did the client pay?",
        error_messages={"required": "Choose how the client paid; the receipt shows it."},
    )


def _when(appointment: Appointment) -> str:
    return f"{appointment.starts_at.astimezone(TORONTO):%b %-d %H:%M}"


@admin.register(ReminderOffset)
class ReminderOffsetAdmin(admin.ModelAdmin):
    """Changes apply to visits booked, moved or confirmed later; planned ones keep theirs."""

    list_display = ["__str__", "minutes_before", "is_active"]
    list_editable = ["is_active"]


class ReminderInline(admin.TabularInline):
    model = Reminder
    extra = 0
    fields = ["minutes_before", "due_at", "status", "attempts", "sent_at", "last_error"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


# Reminders are written only by the booking service and the dispatch (bookings/reminders.py);
# admin shows them and changes nothing.
AppointmentAdmin.inlines = [*AppointmentAdmin.inlines, ReminderInline]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = [
        "due_at",
        "appointment_link",
        "minutes_before",
        "status",
        "attempts",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "minutes_before"]
    date_hierarchy = "due_at"
    search_fields = [
        "appointment__contact_name",
        "appointment__client__name",
        "appointment__client__email",
    ]
    list_select_related = ["appointment__client"]
    ordering = ["-due_at"]

    @admin.display(description="appointment", ordering="appointment__starts_at")
    def appointment_link(self, obj):
        url = reverse("admin:bookings_appointment_change", args=[obj.appointment_id])
        return format_html('<a href="{}">{}</a>', url, obj.appointment)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Health records and receipts have admin modules of their own.
from . import intake_admin, receipt_admin  # noqa: E402, F401

# Each visit lists its receipts, read-only, with the printable page and PDF of each.
AppointmentAdmin.inlines = [*AppointmentAdmin.inlines, receipt_admin.ReceiptInline]
