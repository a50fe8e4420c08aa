"""Admin for reminders: the offsets Taylor sets, and every reminder's state, read-only; and the
emails that could not be sent."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from stillwaters import display
from stillwaters.admin_base import DateHierarchyGuardMixin, ReadOnlyAdminMixin

from .models import FailedNotification, Reminder, ReminderOffset


@admin.register(ReminderOffset)
class ReminderOffsetAdmin(admin.ModelAdmin):
    """Changes apply to visits booked, moved or confirmed later; planned ones keep theirs."""

    list_display = ["__str__", "is_active"]
    list_editable = ["is_active"]


@admin.display(description="when", ordering="minutes_before")
def _when(obj: Reminder) -> str:
    return display.before(obj.minutes_before)


class OffsetFilter(admin.SimpleListFilter):
    """The offsets reminders were planned with, read as "1 day before" rather than 1440."""

    title = "when"
    parameter_name = "minutes_before"

    def lookups(self, request, model_admin):
        offsets = model_admin.get_queryset(request).values_list("minutes_before", flat=True)
        return [(str(m), display.before(m)) for m in sorted(set(offsets), reverse=True)]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        # A hand-typed value that is no number of minutes lists nothing rather than failing.
        if not (value.isascii() and value.isdigit() and len(value) <= 9):
            return queryset.none()
        return queryset.filter(minutes_before=int(value))


class ReminderInline(ReadOnlyAdminMixin, admin.TabularInline):
    """An appointment's reminders, as the dispatch left them."""

    model = Reminder
    extra = 0
    fields = [_when, "due_at", "status", "attempts", "sent_at", "last_error"]
    readonly_fields = fields


@admin.register(Reminder)
class ReminderAdmin(DateHierarchyGuardMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Reminders are written only by the booking service and the dispatch (reminders.py)."""

    list_display = [
        "due_at",
        "appointment_link",
        _when,
        "status",
        "attempts",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", OffsetFilter]
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


@admin.register(FailedNotification)
class FailedNotificationAdmin(DateHierarchyGuardMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Emails given up on, for Taylor to follow up by phone; written by the email tasks only."""

    list_display = ["failed_at", "task", "arguments", "error", "attempts"]
    list_filter = ["task", "error"]
    date_hierarchy = "failed_at"
