"""Taylor's side of privacy: the audit log, per person and per record; record requests, each
with its deadline, recorded by hand when it came by phone or letter, extended once with a
notice, answered with the record package; corrections, the lock-box, breaches and retention."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from bookings.clients.models import Person
from stillwaters import clock
from stillwaters.admin_base import (
    AutocompleteGuardMixin,
    DateHierarchyGuardMixin,
    QueryInitialGuardMixin,
    ReadOnlyAdminMixin,
)
from stillwaters.text import SingleLineFields

from . import breaches, corrections, disclosures, lockbox, requests, retention
from .models import (
    LONGEST_EXTENSION,
    AuditEntry,
    CorrectionRequest,
    DestroyedRecord,
    LockBoxInstruction,
    PrivacyBreach,
    RecordRequest,
)

ANSWER_PERMISSION = "bookings.change_recordrequest"
DISCLOSE_PERMISSION = "bookings.view_healthintake"

# Where each kind of record an entry names is shown to Taylor.
_RECORD_PAGES = (
    ("intake", "admin:bookings_healthintake_change", lambda e: e.intake_id),
    ("note", "admin:bookings_appointment_note", lambda e: e.note.appointment_id),
    ("receipt", "admin:bookings_receipt_change", lambda e: e.receipt_id),
    ("record_request", "admin:bookings_recordrequest_change", lambda e: e.record_request_id),
    ("appointment", "admin:bookings_appointment_change", lambda e: e.appointment_id),
)


def audit_log_url(**record) -> str:
    """The audit log narrowed to one person or one record, e.g. audit_log_url(person=p)."""
    ((field, value),) = record.items()
    return f"{reverse('admin:bookings_auditentry_changelist')}?{field}__id__exact={value.pk}"


@admin.register(AuditEntry)
class AuditEntryAdmin(DateHierarchyGuardMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Written by the app only: nobody adds, edits or deletes an entry, superusers included.
    Each person's and each record's page links here, narrowed to it."""

    list_display = [
        "accessed_at", "username", "action", "whose", "record", "fields", "purpose",
        "disclosed_to",
    ]  # fmt: skip
    list_filter = ["action"]
    search_fields = ["username", "person__name", "purpose", "disclosed_to"]
    date_hierarchy = "accessed_at"
    list_select_related = ["person", "note"]

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "disclose/<int:person_id>/",
                wrap(self.disclose_view),
                name="bookings_person_disclose",
            ),
            *super().get_urls(),
        ]

    def disclose_view(self, request, person_id: int):
        """A copy of a person's record for someone else, lock-box items withheld; logged."""
        if not request.user.has_perm(DISCLOSE_PERMISSION):
            raise PermissionDenied
        person = get_object_or_404(Person.objects.select_related("account"), pk=person_id)
        form = DisclosureForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            copy = disclosures.copy_for(person, user=request.user, **form.cleaned_data)
            response = HttpResponse(copy.pdf, content_type="application/pdf")
            response["Content-Disposition"] = (
                f'attachment; filename="stillwaters-record-{person.pk}-copy.pdf"'
            )
            response["Cache-Control"] = "no-store"
            return response
        locked = lockbox.locked_items([person.pk]).get(person.pk, set())
        return TemplateResponse(
            request,
            "admin/bookings/auditentry/disclose.html",
            {**self.admin_site.each_context(request), "opts": self.opts,
             "title": f"A copy of {person.name}'s record for someone else", "person": person,
             "form": form, "withheld": [label for value, label in
                                        LockBoxInstruction.Item.choices if value in locked],
             "log_url": audit_log_url(person=person)},
        )  # fmt: skip

    @admin.display(description="whose", ordering="person__name")
    def whose(self, obj: AuditEntry) -> str:
        if obj.person_id is None:
            return "—"
        return format_html(
            '<a href="{}" title="Everything logged about {}">{}</a>',
            audit_log_url(person=obj.person), obj.person, obj.person,
        )  # fmt: skip

    @admin.display(description="record")
    def record(self, obj: AuditEntry) -> str:
        for field, page, page_id in _RECORD_PAGES:
            if getattr(obj, f"{field}_id") is not None:
                url = reverse(page, args=[page_id(obj)])
                return format_html('<a href="{}">{}</a>', url, obj.record_name)
        return obj.record_name


class DisclosureForm(SingleLineFields, forms.Form):
    recipient = forms.CharField(
        label="Who receives the copy",
        max_length=200,
        help_text="Name and role, e.g. Dr. Amira Lee, family physician.",
    )
    authority = forms.ChoiceField(
        label="On what authority",
        choices=[
            ("the client's written consent", "The client's written consent, kept on file"),
            ("required by law", "Required by law: a summons, a court order, the College"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Say on what authority the copy is given."},
    )


class ExtensionForm(forms.Form):
    days = forms.IntegerField(
        label="Extend by (days)", min_value=1, max_value=LONGEST_EXTENSION.days, initial=30
    )
    notice = forms.CharField(
        label="Notice to the client",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why more time is needed. The client is emailed this with the new date.",
    )


@admin.register(RecordRequest)
class RecordRequestAdmin(
    AutocompleteGuardMixin, QueryInitialGuardMixin, DateHierarchyGuardMixin, admin.ModelAdmin
):
    list_display = ["requested_at", "person", "channel", "deadline", "answered_at"]
    list_filter = ["channel", ("answered_at", admin.EmptyFieldListFilter)]
    list_select_related = ["person", "account"]
    date_hierarchy = "requested_at"
    autocomplete_fields = ["person"]
    fields = ["person", "channel", "requested_at", "note"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["status"]
        return [*self.fields, "status", "extended_to", "extension_notice", "answered_at"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.fields
        return [*self.fields, "status", "extended_to", "extension_notice", "answered_at"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return  # a request is never edited once recorded
        made = requests.make_request(
            obj.person, note=obj.note, channel=obj.channel, now=obj.requested_at
        )
        obj.pk = made.pk

    @admin.display(description="deadline")
    def deadline(self, obj: RecordRequest) -> str:
        if obj.is_answered:
            return "Answered"
        left = requests.days_left(obj)
        due = f"{obj.due_on:%b %-d, %Y}"
        if left < 0:
            return format_html('<strong class="note-due">{} (overdue)</strong>', due)
        return f"{due} ({left} day{'s' if left != 1 else ''} left)"

    @admin.display(description="status")
    def status(self, obj: RecordRequest) -> str:
        if obj.pk is None:
            return "Due 30 days after it was made."
        if obj.is_answered:
            return f"Answered {obj.answered_at:%b %-d, %Y}; the package is in the client's account."
        answer = format_html(
            'Due {}. <a class="button" href="{}">Produce the record package and answer</a>',
            f"{obj.due_on:%b %-d, %Y}",
            reverse("admin:bookings_recordrequest_answer", args=[obj.pk]),
        )
        if obj.extended_to is not None:
            return answer
        extend = reverse("admin:bookings_recordrequest_extend", args=[obj.pk])
        return format_html('{} <a class="button" href="{}">Extend the deadline</a>', answer, extend)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/answer/", wrap(self.answer_view), name="bookings_recordrequest_answer"),
            path("<int:pk>/extend/", wrap(self.extend_view), name="bookings_recordrequest_extend"),
            path(
                "<int:pk>/package.pdf", wrap(self.package_view), name="bookings_recordrequest_pdf"
            ),
            *super().get_urls(),
        ]

    def _request(self, request, pk: int) -> RecordRequest:
        if not request.user.has_perm(ANSWER_PERMISSION):
            raise PermissionDenied
        return get_object_or_404(RecordRequest.objects.select_related("person__account"), pk=pk)

    def answer_view(self, request, pk: int):
        record_request = self._request(request, pk)
        if request.method == "POST":
            requests.answer(record_request, user=request.user)
            messages.success(request, "The record package is ready in the client's account.")
            return redirect("admin:bookings_recordrequest_change", record_request.pk)
        return TemplateResponse(
            request,
            "admin/bookings/recordrequest/answer.html",
            {**self.admin_site.each_context(request), "opts": self.opts,
             "title": "Answer a record request", "record_request": record_request},
        )  # fmt: skip

    def extend_view(self, request, pk: int):
        record_request = self._request(request, pk)
        form = ExtensionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                requests.extend(record_request, **form.cleaned_data)
                messages.success(request, "Deadline extended; the client has been emailed.")
                return redirect("admin:bookings_recordrequest_change", record_request.pk)
            except requests.RequestRefused as refused:
                form.add_error(None, str(refused))
        return TemplateResponse(
            request,
            "admin/bookings/recordrequest/extend.html",
            {**self.admin_site.each_context(request), "opts": self.opts,
             "title": "Extend a record request's deadline", "record_request": record_request,
             "form": form},
        )  # fmt: skip

    def package_view(self, request, pk: int):
        record_request = self._request(request, pk)
        if not record_request.is_answered:
            raise PermissionDenied
        requests.log(record_request, request.user, "record package opened by the therapist")
        response = HttpResponse(bytes(record_request.package), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="stillwaters-record-{record_request.pk}.pdf"'
        )
        return response


@admin.register(PrivacyBreach)
class PrivacyBreachAdmin(
    AutocompleteGuardMixin, QueryInitialGuardMixin, DateHierarchyGuardMixin, admin.ModelAdmin
):
    list_display = [
        "discovered_on", "category", "people_affected", "clients_notified_on",
        "commissioner_notified_on",
    ]  # fmt: skip
    list_filter = ["category"]
    date_hierarchy = "discovered_on"
    autocomplete_fields = ["people"]
    change_list_template = "admin/bookings/privacybreach/change_list.html"

    def has_delete_permission(self, request, obj=None):
        return False  # the register is kept whole

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("statistics/", wrap(self.statistics_view), name="bookings_privacybreach_stats"),
            *super().get_urls(),
        ]

    def statistics_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        last_year = clock.today().year - 1
        try:
            year = int(request.GET.get("year", last_year))
        except ValueError:
            year = last_year
        year = min(max(year, clock.FIRST_DAY.year), clock.LAST_DAY.year)
        return TemplateResponse(
            request,
            "admin/bookings/privacybreach/statistics.html",
            {**self.admin_site.each_context(request), "opts": self.opts,
             "title": f"Privacy breaches found in {year}", "year": year,
             "rows": breaches.yearly_statistics(year)},
        )  # fmt: skip


@admin.register(DestroyedRecord)
class DestroyedRecordAdmin(DateHierarchyGuardMixin, admin.ModelAdmin):
    """Tombstones, and the list of records whose retention has ended, to destroy."""

    list_display = ["destroyed_at", "person_ref", "kept_until", "destroyed", "destroyed_by"]
    date_hierarchy = "destroyed_at"
    change_list_template = "admin/bookings/destroyedrecord/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("due/", wrap(self.due_view), name="bookings_destroyedrecord_due"),
            *super().get_urls(),
        ]

    def due_view(self, request):
        if not request.user.has_perm("bookings.add_destroyedrecord"):
            raise PermissionDenied
        if request.method == "POST":
            chosen = request.POST.get("person", "")
            person = get_object_or_404(Person, pk=int(chosen) if chosen.isdigit() else 0)
            try:
                retention.destroy(person, by=request.user.get_username())
                messages.success(request, "Destroyed; a tombstone without health details remains.")
            except ValueError as refused:
                messages.error(request, str(refused))
            return redirect("admin:bookings_destroyedrecord_due")
        return TemplateResponse(
            request,
            "admin/bookings/destroyedrecord/due.html",
            {**self.admin_site.each_context(request), "opts": self.opts,
             "title": "Records past their retention date", "expired": retention.past_retention()},
        )  # fmt: skip


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("corrected", "Correct the record"), ("refused", "Refuse, with reasons")],
        widget=forms.RadioSelect,
    )
    original = forms.CharField(
        label="The original text, as it stands",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    correction = forms.CharField(
        label="The corrected text",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(
        label="Reason", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(
    AutocompleteGuardMixin, QueryInitialGuardMixin, DateHierarchyGuardMixin, admin.ModelAdmin
):
    list_display = ["requested_at", "person", "item", "decision", "decided_at"]
    list_filter = ["decision"]
    list_select_related = ["person"]
    date_hierarchy = "requested_at"
    autocomplete_fields = ["person"]
    fields = ["person", "requested_at", "item", "asked_for"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            *self.fields, "decision", "original", "correction", "reason", "decided_at",
            "decided_by", "disagreement", "disagreement_at", "decide",
        ]  # fmt: skip

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj) or self.fields

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)

    @admin.display(description="decision")
    def decide(self, obj: CorrectionRequest) -> str:
        if obj.decision != CorrectionRequest.Decision.OPEN:
            return "Decided; it prints with the record."
        url = reverse("admin:bookings_correctionrequest_decide", args=[obj.pk])
        return format_html('<a class="button" href="{}">Correct or refuse</a>', url)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/decide/", wrap(self.decide_view), name="bookings_correctionrequest_decide"
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk: int):
        if not request.user.has_perm("bookings.change_correctionrequest"):
            raise PermissionDenied
        correction = get_object_or_404(CorrectionRequest.objects.select_related("person"), pk=pk)
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                corrections.decide(
                    correction, corrected=data["decision"] == "corrected", reason=data["reason"],
                    by=request.user.get_username(), original=data["original"],
                    correction=data["correction"],
                )  # fmt: skip
                messages.success(request, "Decided; it prints with the record from now on.")
                return redirect("admin:bookings_correctionrequest_change", correction.pk)
            except corrections.CorrectionRefused as refused:
                form.add_error(None, str(refused))
        return TemplateResponse(
            request,
            "admin/bookings/correctionrequest/decide.html",
            {**self.admin_site.each_context(request), "opts": self.opts,
             "title": "Correct or refuse", "correction": correction, "form": form},
        )  # fmt: skip


@admin.register(LockBoxInstruction)
class LockBoxInstructionAdmin(AutocompleteGuardMixin, QueryInitialGuardMixin, admin.ModelAdmin):
    """Instructions a client gave (from the account, or to Taylor by phone or letter)."""

    list_display = ["person", "item", "given_at", "withdrawn_at"]
    list_filter = ["item", ("withdrawn_at", admin.EmptyFieldListFilter)]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]
    fields = ["person", "item", "given_at", "withdrawn_at"]

    def has_delete_permission(self, request, obj=None):
        return False  # a withdrawn instruction stays on record, with its date
