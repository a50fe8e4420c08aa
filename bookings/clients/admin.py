"""Admin for households and the people in them, and held bookings.

Held bookings are listed as holds, never as visits, and never show what was typed with them:
until the email is confirmed nobody knows whose answers those are.
"""

from django.contrib import admin

from bookings.scheduling.models import BookingHold
from stillwaters.admin_base import DateHierarchyGuardMixin, ReadOnlyAdminMixin

from .models import Person


class PersonInline(admin.TabularInline):
    model = Person
    fields = ["name", "date_of_birth", "relation"]
    extra = 0
    verbose_name_plural = "people in this household"

    def has_delete_permission(self, request, obj=None):
        return False  # a person's visits and health records stay theirs


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "relation", "date_of_birth", "account"]
    search_fields = ["name", "account__name", "account__email"]
    list_select_related = ["account"]
    autocomplete_fields = ["account"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BookingHold)
class BookingHoldAdmin(DateHierarchyGuardMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["starts_at", "option", "area", "status", "expires_at", "appointment"]
    list_filter = ["status"]
    list_select_related = ["option__service", "area", "appointment"]
    date_hierarchy = "starts_at"
    fields = ["starts_at", "ends_at", "option", "area", "status", "created_at", "expires_at",
              "appointment"]  # fmt: skip
    readonly_fields = fields
