"""Admin for the day's work: appointments with their actions and health panel, and clients."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from bookings.billing.admin import ReceiptInline
from bookings.billing.models import Receipt
from bookings.clients.admin import PersonInline
from bookings.clients.models import Client
from bookings.clinical import views as clinical_views
from bookings.clinical.admin import (
    AppointmentHealthMixin,
    ClientRecordsMixin,
    NarrowedListIsLogged,
)
from bookings.mileage import views as mileage_views
from bookings.notifications.admin import ReminderInline
from bookings.notifications.tasks import send_appointment_email
from bookings.privacy import audit
from bookings.scheduling import booking, contact, outcomes, pricing, tokens
from bookings.scheduling.models import Appointment
from stillwaters import display
from stillwaters.admin_base import DateHierarchyGuardMixin, ReadOnlyAdminMixin
from stillwaters.clock import local
from stillwaters.text import SingleLineFields

from . import views, visit_actions


class AppointmentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Appointment
    extra = 0
    fields = ["starts_at", "name", "option", "status", "cost"]
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "option__service")

    @admin.display(description="name")
    def name(self, obj: Appointment) -> str:
        return visit_name(obj)

    @admin.display(description="price")
    def cost(self, obj: Appointment) -> str:
        return visit_cost(obj)


class ClientForm(SingleLineFields, forms.ModelForm):
    def clean_phone(self):
        return contact.phone_number(self.cleaned_data["phone"])


class AppointmentForm(SingleLineFields, forms.ModelForm):
    def clean_contact_phone(self):
        return contact.phone_number(self.cleaned_data["contact_phone"])


def _phone_link(number: str) -> str:
    return format_html('<a href="{}">{}</a>', display.phone_to_dial(number), display.phone(number))


@admin.register(Client)
class ClientAdmin(ClientRecordsMixin, admin.ModelAdmin):
    form = ClientForm
    list_display = ["name", "email", "phone_number", "city", "postal_code"]
    search_fields = ["name", "email", "phone", "postal_code"]
    inlines = [PersonInline, AppointmentInline]

    def has_delete_permission(self, request, obj=None):
        # Every account holds its account holder, whose records are protected: deleting one
        # always ends in "cannot delete". Expired records go by destroy_expired_records.
        return False

    def get_urls(self):
        return clinical_views.client_record_urls(self) + super().get_urls()

    @admin.display(description="phone", ordering="phone")
    def phone_number(self, obj: Client) -> str:
        return _phone_link(obj.phone)


@admin.register(Appointment)
class AppointmentAdmin(
    NarrowedListIsLogged, DateHierarchyGuardMixin, AppointmentHealthMixin, admin.ModelAdmin
):
    form = AppointmentForm
    # One column per thing Taylor scans for, narrow enough beside the sidebar and filters at
    # 1366 px: the name once (with whom it treats when that is someone else), the phone under it.
    list_display = ["when", "who", "red_flags", "treatment", "area", "status", "cost"]
    list_display_links = ["when"]
    list_filter = ["status", ("starts_at", admin.DateFieldListFilter), "area", "option__service"]
    search_fields = [
        "contact_name",
        "contact_phone",
        "person__name",
        "client__name",
        "client__email",
        "client__phone",
        "client__postal_code",
        "postal_code",
    ]
    date_hierarchy = "starts_at"
    list_select_related = ["client", "person", "option__service", "area"]
    # Times, prices and statuses change only through the booking rules (scheduling/booking.py)
    # and the actions below, so the admin cannot create an overlap the database would refuse
    # or change a visit without the client hearing of it. The visit's address is shown as
    # booked: its area, and so the drives around it, were chosen from its postal code. The
    # visit's name and phone stay editable, so Taylor can correct them (receipts print the name)
    # without changing the client record, which a booking never changes either.
    # The price and travel fee are shown together, as the client pays them, in "cost".
    exclude = ["price", "travel_fee"]
    readonly_fields = [
        "client",
        "person",
        "guardian_consent_by",
        "guardian_consent_at",
        "option",
        "starts_at",
        "ends_at",
        "area",
        "status",
        "cancellation_reason",
        "cost",
        "created_at",
        "address",
        "unit",
        "city",
        "postal_code",
        "access_notes",
        "audit_log",
    ]
    actions = ["confirm", "cancel", "mark_completed", "mark_no_show", "new_manage_link"]
    inlines = [ReminderInline, ReceiptInline]
    change_list_template = "admin/bookings/appointment/change_list.html"
    change_form_template = "admin/bookings/appointment/change_form.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # A visit is cancelled, never deleted: its record, reminders and receipts stay.
        return False

    def get_urls(self):
        return [
            *views.appointment_urls(self),
            *clinical_views.note_urls(self),
            *mileage_views.urls(self),
            *super().get_urls(),
        ]

    # A filter such as ?notes__icontains=pregnant finds visits by what the client wrote.
    health_fields = ("notes", "access_notes")

    def log_listed(self, request, records, purpose: str) -> None:
        audit.record_many(
            audit.entry(
                audit.Action.READ,
                f"admin: visit list by {purpose}",
                user=request.user,
                appointment=visit,
                fields=audit.VISIT_NOTES,
            )  # fmt: skip
            for visit in records
        )

    @admin.display(description="when", ordering="starts_at")
    def when(self, obj: Appointment) -> str:
        starts = local(obj.starts_at)
        return format_html(
            '<time datetime="{}">{}</time>', starts.isoformat(), f"{starts:%a %b %-d, %H:%M}"
        )

    @admin.display(description="client", ordering="contact_name")
    def who(self, obj: Appointment) -> str:
        return format_html("{}<br>{}", visit_name(obj), _phone_link(obj.contact_phone))

    @admin.display(description="treatment", ordering="option__service__name")
    def treatment(self, obj: Appointment) -> str:
        return str(obj.option)

    @admin.display(description="price", ordering="price")
    def cost(self, obj: Appointment) -> str:
        return visit_cost(obj)

    @admin.display(description="audit log")
    def audit_log(self, obj: Appointment) -> str:
        url = reverse("admin:bookings_auditentry_changelist")
        return format_html(
            '<a href="{}?appointment__id__exact={}">Who has seen this visit</a>', url, obj.pk
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            audit.record(
                audit.Action.READ, "admin: appointment page", user=request.user,
                appointment=obj, fields=audit.VISIT_NOTES,
            )  # fmt: skip
            if self.has_change_permission(request, obj):
                context["outcome_steps"] = visit_actions.offered(
                    obj, has_receipt=obj.receipts.exists()
                )
                context["payment_methods"] = Receipt.PaymentMethod.choices
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            audit.record(
                audit.Action.WRITE, "admin: appointment page", user=request.user,
                appointment=obj, fields=", ".join(form.changed_data),
            )  # fmt: skip

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

    @admin.action(
        description="Send a new manage link (the link sent before stops working)",
        permissions=["change"],
    )
    def new_manage_link(self, request, queryset):
        """Revoke each open visit's manage link; a visit still on gets the new one by email."""
        open_visits = list(queryset.filter(ends_at__gt=timezone.now()))
        emailed = 0
        for appointment in open_visits:
            tokens.revoke_manage_links(appointment)
            if appointment.status != Appointment.Status.CANCELLED:
                send_appointment_email.delay(appointment.pk, "booked", client_only=True)
                emailed += 1
            self.log_change(request, appointment, "Manage link revoked.")
        messages.success(
            request,
            f"Revoked {len(open_visits)} manage link{'s' if len(open_visits) != 1 else ''}: "
            f"the old link no longer opens the visit. {emailed} client"
            f"{'s' if emailed != 1 else ''} emailed a new one. Links of visits already over "
            "had stopped working.",
        )

    @admin.action(description="Mark selected visits as no-show", permissions=["change"])
    def mark_no_show(self, request, queryset):
        self._each(request, queryset, outcomes.record_no_show, "No-show", "marked no-show")

    @admin.action(
        description="Mark selected visits completed and issue receipts", permissions=["change"]
    )
    def mark_completed(self, request, queryset):
        form = views.PaymentMethodForm(request.POST if "apply" in request.POST else None)
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
                "appointments": queryset.select_related(
                    "client", "option__service", "treatment_note"
                ),
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


def visit_name(appointment: Appointment) -> str:
    """The name on the visit, and the person treated only when it is someone else (a parent
    booking for a child): the two are the same name for most visits."""
    treated = appointment.person.name
    if treated.casefold() == appointment.contact_name.casefold():
        return appointment.contact_name
    return f"{appointment.contact_name}, for {treated}"


def visit_cost(appointment: Appointment) -> str:
    """What the client pays, "$165", with the travel fee in it named: insurers pay the rest."""
    price = pricing.of_visit(appointment)
    if not price.travel_fee:
        return display.dollars(price.total)
    return f"{display.dollars(price.total)} with {display.dollars(price.travel_fee)} travel"


def _when(appointment: Appointment) -> str:
    return f"{local(appointment.starts_at):%b %-d %H:%M}"
