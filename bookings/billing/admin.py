"""Admin for insurance receipts: read-only, with the printable page and the PDF a click away.

Receipts are issued only through billing/receipts.py, and a receipt once issued is never
changed or deleted: admin offers no add, change or delete, here or in the appointment's inline.
A wrong receipt is replaced by the "correct" action (`receipts.correct_receipt`): a new receipt
drawn from the records as they are now, the old one kept and printed as void.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from bookings.privacy import audit
from stillwaters import display
from stillwaters.admin_base import DateHierarchyGuardMixin, ReadOnlyAdminMixin

from . import documents, pdf, receipts
from .models import Receipt, ReceiptClassification


def _documents(receipt: Receipt) -> str:
    return format_html(
        '<a href="{}">Printable receipt</a> · <a href="{}">Download PDF</a>',
        reverse("admin:bookings_receipt_print", args=[receipt.pk]),
        reverse("admin:bookings_receipt_pdf", args=[receipt.pk]),
    )


def _log(receipt: Receipt, request, action: str, purpose: str) -> None:
    audit.record(action, purpose, user=request.user, receipt=receipt, fields=audit.RECEIPT)


def _standing(receipt: Receipt) -> str:
    if receipt.is_void:
        return f"Void: replaced by receipt {receipt.replaced_by.number}"
    if receipt.replaces_id:
        return f"Valid; replaces receipt {receipt.replaces.number}"
    return "Valid"


class CorrectionForm(forms.Form):
    payment_method = forms.ChoiceField(
        choices=[("", "As on the receipt being replaced"), *Receipt.PaymentMethod.choices],
        required=False,
        label="How did the client pay?",
    )


@admin.register(ReceiptClassification)
class ReceiptClassificationAdmin(admin.ModelAdmin):
    """The therapist's switch between a massage therapy receipt and a plain one, per service."""

    list_display = ["name", "is_massage_therapy"]
    list_editable = ["is_massage_therapy"]
    fields = ["name", "is_massage_therapy"]
    readonly_fields = ["name"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Receipt)
class ReceiptAdmin(DateHierarchyGuardMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "number",
        "issued_at",
        "client_name",
        "service_name",
        "total_paid",
        "void",
        "pdf_link",
    ]
    list_display_links = ["number"]
    search_fields = ["number__exact", "client_name", "appointment__client__email"]
    date_hierarchy = "issued_at"
    list_select_related = ["replaced_by"]
    fieldsets = [
        (None, {"fields": ["documents", "standing", "number", "issued_at", "appointment_link"]}),
        (
            "As printed",
            {
                "fields": [
                    "client_name",
                    "service_name",
                    "is_massage_therapy",
                    "visit_starts_at",
                    "minutes",
                    "fee",
                    "hst_number",
                    "hst_amount",
                    "travel_fee",
                    "travel_fee_hst",
                    "total",
                    "payment_method",
                    "practice_name",
                    "practice_address",
                    "therapist_name",
                    "registration_number",
                    "signature",
                ]
            },
        ),
    ]
    readonly_fields = ["documents", "standing", "appointment_link"]
    actions = ["correct"]

    def has_correct_permission(self, request) -> bool:
        return request.user.has_perm("bookings.add_receipt")

    @admin.action(
        description="Correct selected receipts: issue replacements, void these",
        permissions=["correct"],
    )
    def correct(self, request, queryset):
        form = CorrectionForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return TemplateResponse(
                request,
                "admin/bookings/receipt/correct.html",
                {
                    **self.admin_site.each_context(request),
                    "title": "Correct receipts",
                    "opts": self.model._meta,
                    "form": form,
                    "receipts": queryset,
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        method = form.cleaned_data["payment_method"] or None
        for receipt in queryset.order_by("number"):
            try:
                corrected = receipts.correct_receipt(receipt, payment_method=method)
            except receipts.ReceiptRefused as refused:
                messages.error(request, f"Receipt {receipt.number}: {refused}")
                continue
            self.log_addition(request, corrected, f"Replaces receipt {receipt.number}")
            messages.success(
                request,
                f"Receipt {corrected.number} issued; receipt {receipt.number} is void. "
                "The client is emailed the new one.",
            )
        return None

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("replaced_by", "replaces")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            _log(obj, request, audit.Action.READ, "admin: receipt page")
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description="total", ordering="total")
    def total_paid(self, obj: Receipt) -> str:
        return display.dollars(obj.total)

    @admin.display(boolean=True, description="void")
    def void(self, obj: Receipt) -> bool:
        return obj.is_void

    @admin.display(description="PDF")
    def pdf_link(self, obj: Receipt) -> str:
        url = reverse("admin:bookings_receipt_pdf", args=[obj.pk])
        return format_html('<a href="{}">PDF {}</a>', url, obj.number)

    @admin.display(description="receipt")
    def documents(self, obj: Receipt) -> str:
        return _documents(obj)

    @admin.display(description="status")
    def standing(self, obj: Receipt) -> str:
        return _standing(obj)

    @admin.display(description="appointment")
    def appointment_link(self, obj: Receipt) -> str:
        url = reverse("admin:bookings_appointment_change", args=[obj.appointment_id])
        return format_html('<a href="{}">{}</a>', url, obj.appointment)

    def get_urls(self):
        own = [
            path(
                "<int:receipt_id>/print/",
                self.admin_site.admin_view(self.print_view),
                name="bookings_receipt_print",
            ),
            path(
                "<int:receipt_id>/pdf/",
                self.admin_site.admin_view(self.pdf_view),
                name="bookings_receipt_pdf",
            ),
        ]
        return own + super().get_urls()

    def print_view(self, request, receipt_id: int):
        receipt = self._viewable(request, receipt_id)
        _log(receipt, request, audit.Action.PRINT, "admin: printable receipt")
        context = documents.receipt_context(receipt)
        context["pdf_url"] = reverse("admin:bookings_receipt_pdf", args=[receipt.pk])
        context["admin_url"] = reverse("admin:bookings_receipt_change", args=[receipt.pk])
        return TemplateResponse(request, "bookings/receipt.html", context)

    def pdf_view(self, request, receipt_id: int):
        receipt = self._viewable(request, receipt_id)
        _log(receipt, request, audit.Action.PRINT, "admin: receipt PDF")
        response = HttpResponse(pdf.receipt_pdf(receipt), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{pdf.receipt_filename(receipt)}"'
        return response

    def _viewable(self, request, receipt_id: int) -> Receipt:
        receipt = get_object_or_404(
            Receipt.objects.select_related("replaced_by", "replaces"), pk=receipt_id
        )
        if not self.has_view_permission(request, receipt):
            raise PermissionDenied
        return receipt


class ReceiptInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The appointment's receipts, newest first, each with its printable page and PDF."""

    model = Receipt
    fk_name = "appointment"
    extra = 0
    fields = ["number", "issued_at", "payment_method", "total_paid", "standing", "documents"]
    readonly_fields = fields
    ordering = ["-number"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("replaced_by", "replaces")

    @admin.display(description="status")
    def standing(self, obj: Receipt) -> str:
        return _standing(obj)

    @admin.display(description="receipt")
    def documents(self, obj: Receipt) -> str:
        return _documents(obj)

    @admin.display(description="total")
    def total_paid(self, obj: Receipt) -> str:
        return display.dollars(obj.total)
