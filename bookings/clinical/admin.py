"""Admin for health intake records with who has read them, and the health parts of the appointment
and client pages.

Only staff who may view intakes (the Therapist group; superusers) see any of it. Every page that
shows what a record says logs the read first (intake.record_intake_read); lists show at most how
many red flags a record has, never which. Records are never added, changed or deleted here: a
client's review adds a new one, and Ontario requires them kept ten years after the last visit.
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.db.models import JSONField, OuterRef, Subquery
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat
from django.utils.html import format_html

from bookings.privacy import audit
from bookings.privacy.models import AuditEntry
from stillwaters import clock
from stillwaters.admin_base import DateHierarchyGuardMixin, ReadOnlyAdminMixin

from . import intake, notes
from .models import (
    EquipmentServiceRecord,
    HealthIntake,
    SensitiveAreaClassification,
    TreatmentNote,
)

VIEW_INTAKE = "bookings.view_healthintake"


class NarrowedListIsLogged:
    """For the admin lists of health records. Paging and sorting only rearrange a list; anything
    else narrows it by what the records say (a search, or a filter such as
    ?medications__icontains=warfarin), which reveals whose record matches: a read of each record
    listed, logged by `log_listed`. `health_fields` limits that to lookups on those fields."""

    health_fields: tuple[str, ...] | None = None  # None: every narrowing counts
    _NAVIGATION = {"p", "o", "_changelist_filters", "e"}

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        narrowed = sorted(
            key
            for key in set(request.GET) - self._NAVIGATION
            if self.health_fields is None or key.split("__")[0] in self.health_fields
        )
        changelist = getattr(response, "context_data", {}).get("cl") if narrowed else None
        if changelist is not None:
            self.log_listed(request, changelist.result_list, ", ".join(narrowed))
        return response


class AccessLogInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AuditEntry
    fields = ["accessed_at", "username", "action", "purpose"]
    readonly_fields = fields
    extra = 0
    verbose_name_plural = "who has read this record"


@admin.register(HealthIntake)
class HealthIntakeAdmin(
    NarrowedListIsLogged, DateHierarchyGuardMixin, ReadOnlyAdminMixin, admin.ModelAdmin
):
    list_display = ["submitted_at", "person", "source", "red_flag_count"]
    list_filter = ["source"]
    search_fields = ["person__name", "person__account__email"]
    list_select_related = ["person"]
    date_hierarchy = "submitted_at"
    fieldsets = [
        (None, {"fields": ["person", "submitted_at", "source", "given_with"]}),
        ("Red flags", {"fields": ["red_flag_list", "contraindication_details"]}),
        (
            "Health history",
            {
                "fields": [
                    "areas_of_concern",
                    "goals",
                    "health_conditions",
                    "medications",
                    "allergies",
                ]
            },
        ),
        ("Emergency contact", {"fields": ["emergency_contact_name", "emergency_contact_phone"]}),
        ("Consent", {"fields": ["consent_to_treatment", "consent_to_privacy"]}),
    ]
    readonly_fields = [field for _, options in fieldsets for field in options["fields"]]
    inlines = [AccessLogInline]

    @admin.display(description="red flags")
    def red_flag_count(self, obj: HealthIntake) -> str:
        return _flag_count(obj.contraindications)

    @admin.display(description="red flags")
    def red_flag_list(self, obj: HealthIntake) -> str:
        return "; ".join(obj.red_flags) or "None ticked"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            intake.record_intake_read(obj, request.user, "admin: health intake record")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def log_listed(self, request, records, purpose: str) -> None:
        for record in records:
            intake.record_intake_read(record, request.user, f"admin: intake list by {purpose}")


class AppointmentHealthMixin:
    """For AppointmentAdmin: a red-flag column in the list, and the visit's health history at the
    top of its page (a logged read)."""

    def get_queryset(self, request):
        flags = (
            HealthIntake.objects.filter(
                person=OuterRef("person"),
                submitted_at__lte=OuterRef("starts_at"),
                source__in=HealthIntake.VERIFIED_SOURCES,
            )
            .order_by("-submitted_at")
            .values("contraindications")[:1]
        )
        return (
            super()
            .get_queryset(request)
            .annotate(intake_flags=Subquery(flags, output_field=JSONField()))
        )

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        return (
            shown
            if request.user.has_perm(VIEW_INTAKE)
            else [name for name in shown if name != "red_flags"]
        )

    @admin.display(description="red flags")
    def red_flags(self, obj) -> str:
        if obj.intake_flags is None:
            return "No verified health history"
        return _flag_count(obj.intake_flags)

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "health_history"]

    def get_fieldsets(self, request, obj=None):
        others = [
            (name, {**options, "fields": [f for f in options["fields"] if f != "health_history"]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        return [("Health history", {"fields": ["health_history"]}), *others]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and request.user.has_perm(VIEW_INTAKE):
            record = intake.intake_for_visit(obj)
            if record is not None:
                intake.record_intake_read(record, request.user, "admin: appointment page")
            obj.shown_intake = record
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description="health history")
    def health_history(self, obj) -> str:
        if not hasattr(obj, "shown_intake"):
            return "Not shown: your account may not read health records."
        record = obj.shown_intake
        if record is None:
            return format_html(
                '<strong class="red-flag">No verified health history for {}.</strong> '
                "Take one with the client before treating.{}",
                obj.person,
                _unverified_note(obj),
            )
        return render_to_string(
            "admin/bookings/healthintake/_panel.html",
            {
                "intake": record,
                "person": obj.person,
                "guardian": obj.guardian_consent_by,
                "needs_review": record.submitted_at < obj.starts_at - intake.REVIEW_AFTER,
                "url": reverse("admin:bookings_healthintake_change", args=[record.pk]),
            },
        )

    class Media:
        css = {"all": ["css/intake-admin.css"]}


class ClientRecordsMixin:
    """For ClientAdmin: no delete while the client's health records must be kept, and why."""

    def has_delete_permission(self, request, obj=None):
        if obj is not None and intake.records_must_be_kept(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "health_records"]

    @admin.display(description="health records")
    def health_records(self, obj) -> str:
        kept_until = intake.records_kept_until(obj) if obj.pk else None
        if kept_until is None:
            return "None on file."
        url = reverse("admin:bookings_healthintake_changelist") + "?" + urlencode({"q": obj.email})
        day = dateformat.format(kept_until, "F j, Y")
        if kept_until <= clock.today():
            return format_html(
                '<a href="{}">Health history records</a> were kept until {}; that has passed.',
                url,
                day,
            )
        return format_html(
            '<a href="{}">Health history records</a> are kept until {}, ten years after the last '
            "visit, as Ontario requires; this client cannot be deleted before then.",
            url,
            day,
        )


def _unverified_note(appointment) -> str:
    """A pointer to a history given before emails were confirmed, which may not be theirs."""
    earlier = HealthIntake.objects.filter(
        person_id=appointment.person_id, source=HealthIntake.Source.UNVERIFIED
    ).first()
    if earlier is None:
        return ""
    url = reverse("admin:bookings_healthintake_change", args=[earlier.pk])
    return format_html(
        ' <a href="{}">An unverified history from {}</a> is on file: anyone could type any '
        "email when it was given, so confirm it with the client.",
        url,
        dateformat.format(clock.local(earlier.submitted_at), "F j, Y"),
    )


def _flag_count(flags: list[str]) -> str:
    if not flags:
        return "—"
    return format_html(
        '<strong class="red-flag">{} red flag{}</strong>',
        len(flags),
        "" if len(flags) == 1 else "s",
    )


@admin.register(SensitiveAreaClassification)
class SensitiveAreaClassificationAdmin(admin.ModelAdmin):
    list_display = ["name", "is_sensitive"]
    list_editable = ["is_sensitive"]
    fields = ["name", "is_sensitive"]
    readonly_fields = ["name"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TreatmentNote)
class TreatmentNoteAdmin(
    NarrowedListIsLogged, DateHierarchyGuardMixin, ReadOnlyAdminMixin, admin.ModelAdmin
):
    """The notes, listed; each opens on its own page, where drafts are written and finalised."""

    health_fields = (
        "subjective", "assessment", "treatment", "pressure", "plan", "referrals", "marks",
        "consents", "amendments",
    )  # fmt: skip

    def log_listed(self, request, records, purpose: str) -> None:
        for note in records:
            notes.log_note(note, request.user, audit.Action.READ, f"admin: note list by {purpose}")

    list_display = ["visit", "person", "status", "finalised_at"]
    list_filter = ["status"]
    list_select_related = ["appointment__person"]
    date_hierarchy = "finalised_at"
    search_fields = ["appointment__person__name"]

    @admin.display(description="visit", ordering="appointment__starts_at")
    def visit(self, obj: TreatmentNote) -> str:
        url = reverse("admin:bookings_appointment_note", args=[obj.appointment_id])
        when = dateformat.format(clock.local(obj.appointment.starts_at), "Y-m-d H:i")
        return format_html('<a href="{}">{}</a>', url, when)

    @admin.display(description="person")
    def person(self, obj: TreatmentNote) -> str:
        return obj.appointment.person.name

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("bookings.change_treatmentnote")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        note = self.get_object(request, object_id)
        if note is None or not self.has_view_permission(request, note):
            return super().change_view(request, object_id, form_url, extra_context)
        return redirect("admin:bookings_appointment_note", pk=note.appointment_id)


@admin.register(EquipmentServiceRecord)
class EquipmentServiceRecordAdmin(admin.ModelAdmin):
    list_display = ["serviced_on", "item", "description", "work_done", "serviced_by"]
    list_filter = ["item"]
    date_hierarchy = "serviced_on"
