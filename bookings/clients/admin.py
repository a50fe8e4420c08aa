"""Admin for households and the people in them, and held bookings.

Held bookings are listed as holds, never as visits, and never show what was typed with them:
until the email is confirmed nobody knows whose answers those are.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from bookings.scheduling.models import BookingHold
from stillwaters.admin_base import (
    AutocompleteGuardMixin,
    DateHierarchyGuardMixin,
    ReadOnlyAdminMixin,
)

from .models import Person


class PersonInline(admin.TabularInline):
    model = Person
    fields = ["name", "date_of_birth", "relation", "privacy"]
    readonly_fields = ["privacy"]
    extra = 0
    verbose_name_plural = "people in this household"

    @admin.display(description="privacy")
    def privacy(self, obj: Person) -> str:
        if obj.pk is None:
            return ""
        return format_html(
            '<a href="{}?person__id__exact={}">Audit log</a> · '
            '<a href="{}">Copy for someone else</a>',
            reverse("admin:bookings_auditentry_changelist"), obj.pk,
            reverse("admin:bookings_person_disclose", args=[obj.pk]),
        )  # fmt: skip

    def has_delete_permission(self, request, obj=None):
        return False  # a person's visits and health records stay theirs


@admin.register(Person)
class PersonAdmin(AutocompleteGuardMixin, admin.ModelAdmin):
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
