"""The mileage logbook page in Taylor's admin, and its CSV: a month's or a year's trips."""

import csv
from datetime import date, timedelta

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path

from stillwaters import clock

from .logbook import logbook

COLUMNS = ["Date", "Departure", "From", "To", "Purpose", "Kilometres", "Estimated"]


def urls(model_admin: admin.ModelAdmin) -> list:
    wrap = model_admin.admin_site.admin_view
    extra = {"model_admin": model_admin}
    return [path("mileage/", wrap(mileage), extra, name="bookings_appointment_mileage")]


class PeriodForm(forms.Form):
    month = forms.RegexField(
        regex=r"^\d{4}-(0[1-9]|1[0-2])$", required=False, label="Month",
        widget=forms.TextInput(attrs={"type": "month"}),
        error_messages={"invalid": "Choose a month, like 2026-11."},
    )  # fmt: skip
    year = forms.IntegerField(
        required=False, label="Or a whole year", min_value=clock.FIRST_DAY.year,
        max_value=clock.LAST_DAY.year,
    )  # fmt: skip

    def period(self) -> tuple[date, date]:
        """The days asked for: the year if one is given, else the month (this month)."""
        chosen = getattr(self, "cleaned_data", {})
        if chosen.get("year"):
            year = chosen["year"]
            return date(year, 1, 1), date(year, 12, 31)
        month = chosen.get("month") or f"{clock.today():%Y-%m}"
        first = date.fromisoformat(f"{month}-01")
        next_month = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
        return first, next_month - timedelta(days=1)


def mileage(request, model_admin: admin.ModelAdmin):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    form = PeriodForm(request.GET or None)
    book = logbook(*form.period()) if not form.is_bound or form.is_valid() else None
    if book is not None and request.GET.get("format") == "csv":
        return _csv(book)
    return TemplateResponse(
        request,
        "admin/bookings/appointment/mileage.html",
        {**model_admin.admin_site.each_context(request), "opts": model_admin.model._meta,
         "title": "Mileage log", "form": form, "book": book},
    )  # fmt: skip


def _csv(book) -> HttpResponse:
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": (
                f'attachment; filename="stillwaters-mileage-{book.first}-to-{book.last}.csv"'
            )
        },
    )
    writer = csv.writer(response)
    writer.writerow(COLUMNS)
    for trip in book.trips:
        writer.writerow(
            [
                trip.day.isoformat(),
                f"{trip.departs_at:%H:%M}" if trip.departs_at else "",
                trip.origin,
                trip.destination,
                trip.purpose,
                f"{trip.km:.1f}",
                "yes" if trip.km_estimated else "",
            ]
        )
    writer.writerow(["Total", "", "", "", "Business kilometres", f"{book.total_km:.1f}", ""])
    return response
