"""Taylor's treatment note pages, inside the admin: the note with its body chart, signing a
consent or refusal on the phone, withdrawal, amendments, and the printable record. Only staff
who may change treatment notes (the Therapist role) reach any of them; every page that shows or
saves a note is logged (notes.log_note). Rules live in notes.py."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from bookings.clients.models import Client
from bookings.privacy import audit
from bookings.scheduling.models import Appointment
from content.models import PainArea
from stillwaters.text import SingleLineFields

from . import intake, notes, record
from .models import TreatmentConsent, TreatmentNote

NOTE_PERMISSION = "bookings.change_treatmentnote"


def note_urls(model_admin: admin.ModelAdmin) -> list:
    wrap = model_admin.admin_site.admin_view
    extra = {"model_admin": model_admin}
    return [
        path("<int:pk>/note/", wrap(note_page), extra, name="bookings_appointment_note"),
        path("<int:pk>/note/sign/", wrap(sign_page), extra, name="bookings_appointment_sign"),
        path(
            "<int:pk>/note/withdraw/<int:consent_id>/",
            wrap(withdraw_consent),
            extra,
            name="bookings_appointment_withdraw",
        ),
        path("<int:pk>/note/amend/", wrap(amend_note), extra, name="bookings_appointment_amend"),
        path("<int:pk>/record/", wrap(visit_record), extra, name="bookings_appointment_record"),
        path("<int:pk>/record.pdf", wrap(visit_record_pdf), extra, name="bookings_appointment_pdf"),
    ]


def client_record_urls(model_admin: admin.ModelAdmin) -> list:
    wrap = model_admin.admin_site.admin_view
    extra = {"model_admin": model_admin}
    return [
        path("<int:pk>/record/", wrap(client_record), extra, name="bookings_client_record"),
        path("<int:pk>/record.pdf", wrap(client_record_pdf), extra, name="bookings_client_pdf"),
    ]


class NoteForm(forms.ModelForm):
    verbal_consent = forms.BooleanField(
        label="The client gave verbal consent to this treatment plan today.", required=False
    )

    class Meta:
        model = TreatmentNote
        fields = list(notes.NOTE_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in notes.NOTE_FIELDS
            if name != "pressure"
        }


class ChartForm(forms.Form):
    """The body chart as checkboxes and findings: what the SVG figure draws, and what Taylor
    ticks with or without JavaScript."""

    def __init__(self, *args, regions: list[notes.Region], **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = regions
        for region in regions:
            pk = region.area.pk
            self.fields[f"assessed_{pk}"] = forms.BooleanField(
                label="Assessed", required=False, initial=region.assessed
            )
            self.fields[f"treated_{pk}"] = forms.BooleanField(
                label="Treated", required=False, initial=region.treated
            )
            self.fields[f"finding_{pk}"] = forms.CharField(
                label=f"Finding, {region.area.name.lower()}",
                required=False,
                max_length=200,
                initial=region.mark.finding if region.mark else "",
            )

    def marks(self) -> dict[int, notes.MarkInput]:
        data = self.cleaned_data
        chosen = {}
        for region in self.regions:
            pk = region.area.pk
            mark = notes.MarkInput(
                assessed=data[f"assessed_{pk}"],
                treated=data[f"treated_{pk}"],
                finding=data[f"finding_{pk}"].strip(),
            )
            if mark.assessed or mark.treated or mark.finding:
                chosen[pk] = mark
        return chosen

    def rows(self):
        for region in self.regions:
            pk = region.area.pk
            yield {
                "region": region,
                "assessed": self[f"assessed_{pk}"],
                "treated": self[f"treated_{pk}"],
                "finding": self[f"finding_{pk}"],
            }


class SignForm(SingleLineFields, forms.Form):
    kind = forms.ChoiceField(
        label="What the client signs",
        choices=TreatmentConsent.Kind.choices,
        widget=forms.RadioSelect,
        initial=TreatmentConsent.Kind.CONSENT,
    )
    pain_area = forms.ModelChoiceField(
        queryset=PainArea.objects.none(),
        label="Area",
        required=False,
        empty_label="No particular area",
    )
    what = forms.CharField(
        label="Treatment",
        max_length=300,
        help_text="What will be done there, or what the client refuses.",
        error_messages={"required": "Say what the treatment is, or what was refused."},
    )
    explanation = forms.CharField(
        label="Explanation given",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why, how, and that the client may withdraw at any time.",
    )
    signature = forms.CharField(required=False, widget=forms.HiddenInput, max_length=400_000)
    typed_name = forms.CharField(
        label="Or the client types their full name",
        max_length=120,
        required=False,
        help_text="Where drawing is not possible.",
    )
    typed_is_signature = forms.BooleanField(
        label="The client confirms the typed name is their signature.", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pain_area"].queryset = PainArea.objects.order_by("position", "name")

    def clean(self):
        cleaned = super().clean()
        typed_only = cleaned.get("typed_name") and not cleaned.get("signature")
        if typed_only and not cleaned.get("typed_is_signature"):
            self.add_error("typed_is_signature", "Tick to confirm the typed name is signed.")
        if not cleaned.get("signature") and not cleaned.get("typed_name"):
            self.add_error(None, "The client must sign: draw the signature, or type their name.")
        return cleaned


class AmendmentForm(forms.Form):
    text = forms.CharField(
        label="Amendment", max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(label="Reason", max_length=300)


def _appointment(request, pk: int) -> Appointment:
    if not request.user.has_perm(NOTE_PERMISSION):
        raise PermissionDenied
    return get_object_or_404(
        Appointment.objects.select_related("person__account", "option__service", "area"), pk=pk
    )


def _context(request, model_admin, appointment, title, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": Appointment._meta,
        "appointment": appointment,
        "title": title,
        # The figure's two halves: the front at x 0, the back beside it at x 120.
        "sides": [("front", 0), ("back", 120)],
        **extra,
    }


@never_cache
@sensitive_post_parameters()
def note_page(request, pk: int, model_admin):
    appointment = _appointment(request, pk)
    note = notes.note_for(appointment)
    history = intake.intake_for_visit(appointment)
    regions = notes.chart_regions(note, history)
    if request.method == "POST" and not note.is_final:
        form = NoteForm(request.POST, instance=note)
        chart = ChartForm(request.POST, regions=regions)
        if form.is_valid() and chart.is_valid():
            fields = {name: form.cleaned_data[name] for name in notes.NOTE_FIELDS}
            try:
                notes.save_draft(
                    note,
                    fields=fields,
                    marks=chart.marks(),
                    verbal_consent=form.cleaned_data["verbal_consent"],
                    user=request.user,
                )
                if request.POST.get("action") == "finalise":
                    notes.finalise(note, user=request.user)
                    messages.success(request, "Note finalised, signed and locked.")
                else:
                    messages.success(request, "Draft saved.")
                return redirect("admin:bookings_appointment_note", pk=pk)
            except notes.NoteRefused as refused:
                form.add_error(None, str(refused))
    else:
        form = NoteForm(
            instance=note, initial={"verbal_consent": note.verbal_consent_at is not None}
        )
        chart = ChartForm(regions=regions)
        notes.log_note(note, request.user, audit.Action.READ, "treatment note page")
    if history is not None:
        intake.record_intake_read(history, request.user, "treatment note page")
    return TemplateResponse(
        request,
        "admin/bookings/note/note.html",
        _context(
            request,
            model_admin,
            appointment,
            f"Treatment note: {appointment.contact_name}",
            note=note,
            form=form,
            chart=chart,
            history=history,
            previous=notes.previous_note(note),
            consents=list(note.consents.select_related("pain_area")),
            amendments=list(note.amendments.all()),
            amendment_form=AmendmentForm(),
            problems=[] if note.is_final else notes.problems_before_finalising(note),
            late=note.is_final and notes.is_late(note),
        ),
    )


@never_cache
@sensitive_post_parameters()
def sign_page(request, pk: int, model_admin):
    appointment = _appointment(request, pk)
    note = notes.note_for(appointment)
    if note.is_final:
        messages.error(request, "This note is finalised. Add an amendment instead.")
        return redirect("admin:bookings_appointment_note", pk=pk)
    form = SignForm(request.POST or None, initial={"pain_area": request.GET.get("area")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notes.record_signed(
                note,
                kind=data["kind"],
                pain_area=data["pain_area"],
                what=data["what"],
                explanation=data["explanation"],
                signature=data["signature"],
                typed_name=data["typed_name"] if not data["signature"] else "",
                user=request.user,
            )
            messages.success(request, "Signed and recorded with this visit's note.")
            return redirect("admin:bookings_appointment_note", pk=pk)
        except notes.NoteRefused as refused:
            form.add_error(None, str(refused))
    return TemplateResponse(
        request,
        "admin/bookings/note/sign.html",
        _context(request, model_admin, appointment, "Written consent or refusal", form=form),
    )


def withdraw_consent(request, pk: int, consent_id: int, model_admin):
    appointment = _appointment(request, pk)
    if request.method != "POST":
        return redirect("admin:bookings_appointment_note", pk=pk)
    consent = get_object_or_404(TreatmentConsent, pk=consent_id, note__appointment=appointment)
    try:
        notes.withdraw(consent, user=request.user)
        messages.success(request, "Consent withdrawn and recorded. Stop treating that area.")
    except notes.NoteRefused as refused:
        messages.error(request, str(refused))
    return redirect("admin:bookings_appointment_note", pk=pk)


def amend_note(request, pk: int, model_admin):
    appointment = _appointment(request, pk)
    note = notes.note_for(appointment)
    form = AmendmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notes.amend(note, user=request.user, **form.cleaned_data)
            messages.success(request, "Amendment added; the original stays as it was.")
        except notes.NoteRefused as refused:
            messages.error(request, str(refused))
        return redirect("admin:bookings_appointment_note", pk=pk)
    if request.method == "POST":
        errors = " ".join(error for errs in form.errors.values() for error in errs)
        messages.error(request, f"The amendment was not added: {errors}")
    return redirect("admin:bookings_appointment_note", pk=pk)


@never_cache
def visit_record(request, pk: int, model_admin):
    appointment = _appointment(request, pk)
    return TemplateResponse(
        request,
        "admin/bookings/note/record.html",
        _context(
            request,
            model_admin,
            appointment,
            f"Clinical record: {appointment.contact_name}",
            record=record.for_visits([appointment], request.user),
            pdf_url=request.path.rstrip("/") + ".pdf",
        ),
    )


@never_cache
def visit_record_pdf(request, pk: int, model_admin):
    appointment = _appointment(request, pk)
    data = record.pdf(record.for_visits([appointment], request.user))
    return _pdf_response(data, f"stillwaters-record-visit-{appointment.pk}.pdf")


def _client(request, pk: int) -> Client:
    if not request.user.has_perm(NOTE_PERMISSION):
        raise PermissionDenied
    return get_object_or_404(Client, pk=pk)


@never_cache
def client_record(request, pk: int, model_admin):
    client = _client(request, pk)
    return TemplateResponse(
        request,
        "admin/bookings/note/record.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": Client._meta,
            "title": f"Clinical record: {client.name}",
            "record": record.for_account(client, request.user),
            "pdf_url": request.path.rstrip("/") + ".pdf",
        },
    )


@never_cache
def client_record_pdf(request, pk: int, model_admin):
    client = _client(request, pk)
    data = record.pdf(record.for_account(client, request.user))
    return _pdf_response(data, f"stillwaters-record-client-{client.pk}.pdf")


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
