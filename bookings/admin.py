from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from .models import (
    Appointment,
    BookingOption,
    BookingPolicy,
    Client,
    DrivingTime,
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
    list_filter = ["from_area"]
    list_editable = ["minutes"]
    list_per_page = 200


@admin.register(WorkingHours)
class WorkingHoursAdmin(admin.ModelAdmin):
    list_display = ["weekday", "starts", "ends"]
    list_filter = ["weekday"]


@admin.register(TimeOff)
class TimeOffAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "ends_at", "reason"]
    date_hierarchy = "starts_at"


@admin.register(BookingPolicy)
class BookingPolicyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not BookingPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class AppointmentInline(admin.TabularInline):
    model = Appointment
    extra = 0
    fields = ["starts_at", "option", "status", "price"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "phone", "city", "postal_code"]
    search_fields = ["name", "email", "phone", "postal_code"]
    inlines = [AppointmentInline]


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "client", "option", "area", "status", "price"]
    list_filter = ["status", "area", "option__service"]
    search_fields = ["client__name", "client__email", "client__phone", "client__postal_code"]
    date_hierarchy = "starts_at"
    list_select_related = ["client", "option__service", "area"]
    # Times and prices change only through the booking rules (bookings/booking.py), so the
    # admin cannot create an overlap the database would refuse.
    readonly_fields = ["client", "option", "price", "starts_at", "ends_at", "area", "created_at"]

    def has_add_permission(self, request):
        return False


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
    search_fields = ["appointment__client__name", "appointment__client__email"]
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
