"""Admin for what can be booked and when: options, driving times, hours, holidays worked, time
off, the policy."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages

from content.admin import ServiceAdmin, ServiceAreaAdmin
from content.models import TherapistProfile
from stillwaters import clock
from stillwaters.admin_base import DateHierarchyGuardMixin, QueryInitialGuardMixin

from . import holidays
from .models import (
    RUSH_HOUR_BANDS,
    Appointment,
    AreaRule,
    BookingOption,
    BookingPolicy,
    DrivingTime,
    HolidayOpening,
    PostalPrefix,
    TimeOff,
    WorkingHours,
)


@admin.register(BookingOption)
class BookingOptionAdmin(admin.ModelAdmin):
    list_display = ["service", "minutes", "price", "setup_minutes", "teardown_minutes", "is_active"]
    list_filter = ["is_active", "service"]
    list_editable = ["price", "setup_minutes", "teardown_minutes", "is_active"]

    def has_delete_permission(self, request, obj=None):
        # An option a visit was booked with cannot be deleted (the visit keeps it); untick
        # "is active" instead. Hiding the button spares Taylor the "cannot delete" page.
        if obj is not None and Appointment.objects.filter(option=obj).exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(DrivingTime)
class DrivingTimeAdmin(admin.ModelAdmin):
    list_display = ["from_area", "to_area", "minutes", "peak_minutes", "km"]
    list_filter = ["from_area", "to_area"]
    list_editable = ["minutes", "peak_minutes", "km"]
    list_per_page = 200


def weekdays_field(label: str, help_text: str, *, required: bool) -> forms.Field:
    """Weekdays as ticks, stored as a list of numbers (Monday is 0)."""
    return forms.TypedMultipleChoiceField(
        label=label,
        choices=WorkingHours.Weekday.choices,
        coerce=int,
        required=required,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


@admin.register(WorkingHours)
class WorkingHoursAdmin(admin.ModelAdmin):
    list_display = ["weekday", "starts", "ends", "home_area"]
    list_display_links = ["weekday"]
    list_editable = ["starts", "ends", "home_area"]
    list_filter = ["weekday"]


class HolidayOpeningForm(forms.ModelForm):
    class Meta:
        model = HolidayOpening
        fields = ["day", "note"]

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day not in holidays.statutory_holidays(day, day):
            raise forms.ValidationError(
                f"{day:%B} {day.day}, {day.year} is not a statutory holiday in Ontario: it is "
                "bookable already in your usual hours. Choose a holiday from the list below."
            )
        return day


@admin.register(HolidayOpening)
class HolidayOpeningAdmin(admin.ModelAdmin):
    """The statutory holidays are closed unless one is added here; the list page shows the
    coming year's holidays and which are open."""

    form = HolidayOpeningForm
    list_display = ["day", "holiday", "note"]
    change_list_template = "admin/bookings/holidayopening/change_list.html"

    @admin.display(description="holiday")
    def holiday(self, obj: HolidayOpening) -> str:
        return holidays.statutory_holidays(obj.day, obj.day).get(obj.day, "")

    def changelist_view(self, request, extra_context=None):
        today = clock.today()
        coming = holidays.statutory_holidays(today, today + timedelta(days=365))
        opened = set(HolidayOpening.objects.filter(day__in=coming).values_list("day", flat=True))
        extra_context = {
            **(extra_context or {}),
            "coming_holidays": [(day, name, day in opened) for day, name in coming.items()],
        }
        return super().changelist_view(request, extra_context)


class TimeOffForm(forms.ModelForm):
    """Time off over booked visits is saved only once Taylor confirms; the visits stay booked."""

    confirm_overlap = forms.BooleanField(
        required=False, label="Save anyway; I will contact these clients myself"
    )

    class Meta:
        model = TimeOff
        fields = ["starts_at", "ends_at", "reason"]

    overlapping: list = []

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "The time off must end after it starts.")
        elif starts and ends:
            self.overlapping = list(
                Appointment.objects.live().overlapping(starts, ends).order_by("starts_at", "pk")
            )
            if self.overlapping and not cleaned.get("confirm_overlap"):
                raise forms.ValidationError(
                    "This time off overlaps booked visits, listed below. They stay booked: "
                    "tick “Save anyway” to save it, or change the times."
                )
        return cleaned


@admin.register(TimeOff)
class TimeOffAdmin(QueryInitialGuardMixin, DateHierarchyGuardMixin, admin.ModelAdmin):
    form = TimeOffForm
    fields = ["starts_at", "ends_at", "reason"]
    list_display = ["starts_at", "ends_at", "reason"]
    date_hierarchy = "starts_at"
    change_form_template = "admin/bookings/timeoff/change_form.html"


def _signed_unlike_the_site(policy: BookingPolicy) -> str:
    """Receipts and treatment notes are signed with the policy's name and registration number,
    while the site names the RMT from the therapist profile: say so when the two differ, since
    an insurer or the College could read both."""
    profile = TherapistProfile.objects.first()
    if profile is None or not profile.is_identified:
        return ""
    signed = (policy.therapist_name.strip(), policy.registration_number.strip())
    shown = (profile.full_name.strip(), profile.registration_number.strip())
    if all(shown) and signed != shown:
        return (
            f"Receipts and treatment notes are signed as {signed[0] or '(no name)'}, CMTO "
            f"registration no. {signed[1] or '(none)'}, but the site's therapist profile names "
            f"{shown[0]}, no. {shown[1]}. Make them the same, here or in the therapist profile."
        )
    return ""


class BookingPolicyForm(forms.ModelForm):
    rush_hour_weekdays = weekdays_field(
        "Rush hours on", "The days the rush hours below happen.", required=False
    )

    class Meta:
        model = BookingPolicy
        # The fields this form checks; the admin adds the policy's others.
        fields = [
            "rush_hour_weekdays", "morning_rush_starts", "morning_rush_ends",
            "afternoon_rush_starts", "afternoon_rush_ends",
        ]  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        for band in RUSH_HOUR_BANDS:
            starts, ends = cleaned.get(f"{band}_starts"), cleaned.get(f"{band}_ends")
            if (starts is None) != (ends is None):
                self.add_error(f"{band}_ends", "Give the rush hour a start and an end, or neither.")
            elif starts and ends <= starts:
                self.add_error(f"{band}_ends", "A rush hour ends after it starts, on the same day.")
        return cleaned


@admin.register(BookingPolicy)
class BookingPolicyAdmin(admin.ModelAdmin):
    form = BookingPolicyForm

    def change_view(self, request, object_id, form_url="", extra_context=None):
        policy = self.get_object(request, object_id)
        if request.method == "GET" and policy is not None:
            mismatch = _signed_unlike_the_site(policy)
            if mismatch:
                messages.warning(request, mismatch)
        return super().change_view(request, object_id, form_url, extra_context)

    def has_add_permission(self, request):
        return not BookingPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class BookingOptionInline(admin.TabularInline):
    """Shown only to staff with booking permissions; editors see the copy alone."""

    model = BookingOption
    extra = 0


class PostalPrefixInline(admin.TabularInline):
    model = PostalPrefix
    extra = 1


class AreaRuleForm(forms.ModelForm):
    visit_weekdays = weekdays_field(
        "Visits on",
        "Tick the weekdays Taylor visits this area; none ticked: any working day.",
        required=False,
    )

    class Meta:
        model = AreaRule
        fields = [
            "area",
            "visit_weekdays",
            "minimum_minutes",
            "only_next_to_another_visit",
            "travel_fee",
        ]


@admin.register(AreaRule)
class AreaRuleAdmin(admin.ModelAdmin):
    """Taylor's rules for far areas; the area pages themselves are the editors'."""

    form = AreaRuleForm
    list_display = [
        "area",
        "weekday_names",
        "minimum_minutes",
        "only_next_to_another_visit",
        "travel_fee",
    ]

    @admin.display(description="visits on")
    def weekday_names(self, obj: AreaRule) -> str:
        return obj.weekday_names or "Any working day"


# Content owns the service and area pages; their lengths, prices and postal codes are bookings'.
ServiceAdmin.inlines = [*ServiceAdmin.inlines, BookingOptionInline]
ServiceAreaAdmin.inlines = [*ServiceAreaAdmin.inlines, PostalPrefixInline]
