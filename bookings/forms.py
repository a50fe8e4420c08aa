"""The booking flow's forms. Each error says what is wrong and how to put it right."""

import re
from datetime import date, datetime, timedelta
from functools import cached_property

from django import forms

from bookings.clients import household
from bookings.clients.models import Client, Person
from bookings.clinical import intake
from bookings.clinical.models import HealthIntake
from bookings.scheduling import areas, pricing
from bookings.scheduling.contact import (
    PHONE_INPUT_LENGTH,
    ContactForm,
    PhoneInput,
    PostalCodeField,
    phone_number,
)
from bookings.scheduling.models import AreaRule, BookingOption, BookingPolicy
from content import selectors
from content.models import PainArea, Service, ServiceArea
from stillwaters import clock
from stillwaters.text import SingleLineFields

MAX_SLOT_RANGE_DAYS = 62


def offered_options(service: Service | None = None) -> list[BookingOption]:
    """The active booking options (of `service`, if given) by service, then length: read from
    the cached services (content.selectors.services), so listing them costs no query."""
    return [
        option
        for offered in selectors.services()
        if service is None or offered.pk == service.pk
        for option in offered.options.all()
    ]


class OptionChoiceField(forms.ChoiceField):
    """One of the booking options offered (`offer` sets them): its cleaned value is the option,
    found among those offered rather than queried again."""

    def __init__(self, **kwargs):
        super().__init__(choices=(), **kwargs)
        self.offered: dict[str, BookingOption] = {}

    def offer(self, options: list[BookingOption], travel_fee=pricing.NO_FEE) -> None:
        self.offered = {str(option.pk): option for option in options}
        self.choices = grouped_option_choices(options, travel_fee)

    def prepare_value(self, value):
        return value.pk if isinstance(value, BookingOption) else value

    def to_python(self, value) -> BookingOption | None:
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if value not in self.offered:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return self.offered[value]

    def validate(self, value) -> None:
        # Only "required": to_python has already refused anything not offered.
        forms.Field.validate(self, value)


def grouped_option_choices(options, travel_fee=pricing.NO_FEE) -> list:
    """Options grouped under their service, for a <select> with one <optgroup> per service;
    each priced with the area's `travel_fee` once the area is known."""
    groups: dict[str, list] = {}
    for option in options:
        price = pricing.Price(option.price, travel_fee)
        groups.setdefault(option.service.name, []).append(
            (option.pk, f"{option.service.name}, {option.minutes} minutes ({price})")
        )
    return [("", "Choose a treatment and length"), *groups.items()]


def error_summary(form: forms.Form, names=None) -> list[tuple[str, str]]:
    """The form's problems for the summary above it (of the fields `names`, else all): each
    as (the id of the field to link to, or "" for a hidden one or the whole form, message)."""
    found = []
    for name, messages in form.errors.items():
        if names is not None and name not in names:
            continue
        shown = name in form.fields and not form.fields[name].widget.is_hidden
        anchor = form[name].id_for_label if shown else ""
        found.extend((anchor, message) for message in messages)
    return found


def area_or_error(postal_code: str) -> ServiceArea:
    area = areas.area_for_postal_code(postal_code)
    if area is None:
        served = ", ".join(ServiceArea.objects.values_list("name", flat=True))
        raise forms.ValidationError(
            f"Sorry, {postal_code} is outside the areas Taylor travels to ({served}). "
            "Call or email if you are close to one of them."
        )
    return area


class VisitForm(forms.Form):
    """Step one: what treatment, and where."""

    option = OptionChoiceField(
        label="Treatment and length",
        error_messages={
            "required": "Choose a treatment and how long it should be.",
            "invalid_choice": "That treatment length is not offered; choose one from the list.",
        },
    )
    postal_code = PostalCodeField()

    def __init__(
        self, *args, service: Service | None = None, area: ServiceArea | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        options = offered_options(service)
        fee = pricing.travel_fee(area) if area is not None else pricing.NO_FEE
        self.fields["option"].offer(options, fee)
        # Named beside the insurance receipts line: their receipts are not massage therapy's.
        self.not_massage_therapy = sorted(
            {o.service.name for o in options if not o.service.is_massage_therapy}
        )

    def clean(self):
        cleaned = super().clean()
        postal_code = cleaned.get("postal_code")
        if postal_code:
            try:
                cleaned["area"] = area_or_error(postal_code)
            except forms.ValidationError as error:
                self.add_error("postal_code", error)
        option, area = cleaned.get("option"), cleaned.get("area")
        if option is not None and area is not None:
            rule = AreaRule.of(area)
            if rule is not None and rule.minimum_minutes and option.minutes < rule.minimum_minutes:
                self.add_error(
                    "option",
                    f"In {area.name} Taylor's visits are at least {rule.minimum_minutes} "
                    "minutes, since the drive there is long. Choose a longer treatment.",
                )
        return cleaned


_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


class DayField(forms.DateField):
    """A day as the date input sends it (YYYY-MM-DD). A date in that form that does not exist
    is named, since telling the client to use the form they used helps nobody."""

    widget = forms.DateInput(attrs={"type": "date"})

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Day")
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": "Enter the day as YYYY-MM-DD, for example 2026-12-01.",
                "required": "Choose a day.",
            },
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        match = _ISO_DAY.fullmatch(value.strip()) if isinstance(value, str) else None
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                raise forms.ValidationError(_no_such_day(year, month, day)) from None
        return super().to_python(value)


def _no_such_day(year: int, month: int, day: int) -> str:
    if year < 1:
        return f"{year:04d} is not a year; enter the day as YYYY-MM-DD, for example 2026-12-01."
    if not 1 <= month <= 12:
        return f"There is no month {month} in a year; months run from 01 to 12."
    name = date(year, month, 1).strftime("%B")
    if (month, day) == (2, 29):
        return f"There is no February 29, {year}: {year} is not a leap year."
    return f"There is no {name} {day}, {year}."


class DayForm(VisitForm):
    """Step two: the day whose free times to show."""

    day = DayField(required=False)

    def clean_day(self):
        day = self.cleaned_data.get("day")
        if day is None:
            return None
        return validate_bookable_day(day)


def validate_bookable_day(day: date) -> date:
    today = clock.today()
    if day < today:
        raise forms.ValidationError("That day has passed; choose today or a later day.")
    horizon = BookingPolicy.current().horizon_days
    if day > today + timedelta(days=horizon):
        raise forms.ValidationError(
            f"Bookings open {horizon} days ahead; choose a day before "
            f"{(today + timedelta(days=horizon + 1)):%B %-d, %Y}."
        )
    return day


def parse_start(value: str) -> datetime:
    """An ISO 8601 start time with its offset, as the times page submits it."""
    try:
        start = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise forms.ValidationError("Choose one of the times offered.") from None
    if start.tzinfo is None or not clock.handles(start.date()):
        raise forms.ValidationError("Choose one of the times offered.")
    return start


def _text(label: str, *, rows: int = 2, max_length: int = 2000, help_text: str = ""):
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        error_messages={"max_length": "Please shorten this to at most %(limit_value)d characters."},
    )


class IntakeForm(SingleLineFields, forms.Form):
    """The health history: the booking flow's health step, and a signed-in client's update.

    Every field is optional here, and `check_intake` decides: a booking made without signing in
    always needs one (the form cannot know who is typing); a signed-in client whose person has
    a verified history from the last 12 months may leave it all blank. Anyone who starts it
    must finish it.
    """

    areas_of_concern = _text(
        "What would you like treated, and where?",
        help_text="For example: stiff neck and shoulders after desk work.",
    )
    goals = _text("What would you like from treatment?")
    health_conditions = _text(
        "Health conditions", help_text="Past and present, including injuries. Leave blank if none."
    )
    medications = _text("Medications", help_text="Leave blank if none.")
    allergies = _text(
        "Allergies", max_length=1000, help_text="Including to oils or lotions. Leave blank if none."
    )
    contraindications = forms.MultipleChoiceField(
        label="Do any of these apply to you?",
        required=False,
        choices=HealthIntake.Contraindication.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick all that apply; Taylor adapts the treatment to them.",
        error_messages={"invalid_choice": "Tick only the items listed."},
    )
    contraindication_details = _text("Anything more about what you ticked")
    emergency_contact_name = forms.CharField(
        label="Emergency contact's name", required=False, max_length=120
    )
    emergency_contact_phone = forms.CharField(
        label="Emergency contact's phone",
        required=False,
        max_length=PHONE_INPUT_LENGTH,
        widget=PhoneInput,
    )
    consent_to_treatment = forms.BooleanField(
        label=(
            "I consent to Taylor assessing me and treating me with massage therapy. I can ask to "
            "change or stop the treatment at any time."
        ),
        required=False,
    )
    consent_to_privacy = forms.BooleanField(
        label=(
            "I consent to my health information being collected, used and kept as the privacy "
            "notice describes."
        ),
        required=False,
    )

    # What a complete history must have, and what to say when it is missing.
    REQUIRED = {
        "areas_of_concern": "Tell Taylor what you would like treated, and where.",
        "emergency_contact_name": "Enter the name of someone Taylor can call in an emergency.",
        "emergency_contact_phone": "Enter your emergency contact's phone number.",
        "consent_to_treatment": (
            "Tick to consent to assessment and treatment; Taylor cannot treat you without it."
        ),
        "consent_to_privacy": (
            "Tick to consent to the privacy notice; Taylor must keep your health history."
        ),
    }

    # The questions themselves, apart from the consents given with them.
    QUESTIONS = (
        "areas_of_concern",
        "goals",
        "health_conditions",
        "medications",
        "allergies",
        "contraindications",
        "contraindication_details",
        "emergency_contact_name",
        "emergency_contact_phone",
    )

    def clean_emergency_contact_phone(self):
        raw = self.cleaned_data["emergency_contact_phone"]
        return phone_number(raw) if raw.strip() else ""

    def intake_given(self) -> bool:
        """Whether anything at all was typed or ticked in the health history's questions."""
        return any(name in self.errors or self.cleaned_data.get(name) for name in self.QUESTIONS)

    def check_intake(self, *, needed: bool) -> None:
        if needed or self.intake_given():
            for name, message in self.REQUIRED.items():
                asked = name in self.fields  # the booking flow asks the consents apart
                if asked and name not in self.errors and not self.cleaned_data.get(name):
                    self.add_error(name, message)

    def consents(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("consent_to_treatment", "consent_to_privacy")}

    def intake_details(self) -> intake.IntakeDetails | None:
        """The history to save with the booking, or None when it was left blank (on file)."""
        if not self.intake_given():
            return None
        data = self.cleaned_data
        return intake.IntakeDetails(
            **{name: data[name] for name in self.QUESTIONS if name != "contraindications"},
            contraindications=tuple(data["contraindications"]),
            **self.consents(),
        )


# The details pages in order, and what follows the last: the booking itself.
CONTACT, HEALTH, REVIEW, BOOK = "contact", "health", "review", "book"
STEPS = (CONTACT, HEALTH, REVIEW)


def submitted_step(posted) -> str:
    """The details page a POST came from. The review's confirm button is the review; a POST
    naming no page is the whole form at once (as it was before the steps were split), which
    is checked as far as the health history."""
    if "confirm" in posted:
        return REVIEW
    step = posted.get("step", "")
    return step if step in (CONTACT, HEALTH) else HEALTH


class DetailsForm(IntakeForm, ContactForm, VisitForm):
    """Steps three to five: who the client is and where they live, their health history, and
    their consent on the review. Each page posts every answer given so far (the others as
    hidden fields), and `step` is the page posted: what a later page asks is not checked yet."""

    starts_at = forms.CharField(widget=forms.HiddenInput, max_length=40)
    # The pain finder place the client came from, if any: shown on the visit's body chart.
    concern = forms.CharField(widget=forms.HiddenInput, required=False, max_length=80)
    notes = forms.CharField(
        label="Anything Taylor should know before the visit",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # One tick for the statement on the review (bookings/_consent.html), which names each thing
    # agreed to: treatment, the health information kept, and the cancellation policy. Separate
    # boxes gave no more choice, since the visit cannot be booked without every one of them;
    # the record still stores the two consents the health history needs (consent_to_treatment,
    # consent_to_privacy). Consent before treating a sensitive area is asked apart, at the
    # visit (clinical/notes.py), as the College's standard wants it given for that treatment.
    consent = forms.BooleanField(label="I agree to all of the above.", required=False)
    # A honeypot: hidden from people by the stylesheet, filled in by form-filling robots.
    website = forms.CharField(label="Leave this field empty", required=False, max_length=200)

    TICKED_BY_THE_CLIENT_ONLY = ("consent", "website")
    CONSENT_MISSING = (
        "Tick the box to agree to the statement above; Taylor can only book the visit with "
        "your agreement."
    )

    def __init__(self, *args, step: str = HEALTH, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        del self.fields["consent_to_treatment"], self.fields["consent_to_privacy"]
        for name in ("name", "email", "phone", "address", "unit", "city"):
            self.fields[name].error_messages["required"] = (
                f"Enter your {self.fields[name].label.lower()}."
            )
            self.fields[name].error_messages["max_length"] = (
                f"Your {self.fields[name].label.lower()} is too long: at most "
                "%(limit_value)d characters."
            )
        self.fields["website"].widget.attrs.update(autocomplete="off", tabindex="-1")

    def clean_starts_at(self):
        return parse_start(self.cleaned_data["starts_at"])

    def clean_concern(self):
        """The place named, or none: an unknown or removed place is simply not carried."""
        slug = self.cleaned_data["concern"]
        return PainArea.objects.filter(slug=slug).first() if slug else None

    def reported_areas(self) -> list[PainArea]:
        area = self.cleaned_data.get("concern")
        return [area] if area else []

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError("This field must be left empty.")
        return ""

    def clean(self):
        cleaned = super().clean()
        if self.step != CONTACT:
            self.check_intake(needed=self.intake_is_needed(cleaned))
        if self.step == REVIEW and not cleaned.get("consent"):
            self.add_error("consent", self.CONSENT_MISSING)
        return cleaned

    def consents(self) -> dict:
        agreed = self.cleaned_data["consent"]
        return {"consent_to_treatment": agreed, "consent_to_privacy": agreed}

    # Only a signed-in client's person can have a history on file (AccountDetailsForm).
    health_on_file = None

    def intake_is_needed(self, cleaned: dict) -> bool:
        # Without signing in, nobody is known, so every email gets the same questions.
        return True

    def health_step_applies(self) -> bool:
        """Whether the health history page comes after the contact page: it is needed, or
        the client has started one (coming back to change it)."""
        return self.intake_is_needed(self.cleaned_data) or self.intake_given()

    def mark_needed_questions(self) -> None:
        """Show the questions a needed history must answer as required (the asterisk, and
        `required` for screen readers), once the page is drawn for a history that is needed;
        `check_intake` still decides, since the same questions may be left blank when the
        history on file stands."""
        if self.intake_is_needed(self.cleaned_data):
            for name in IntakeForm.REQUIRED:
                if name in self.fields:
                    self.fields[name].required = True

    @staticmethod
    def step_of(name: str) -> str:
        """The page that asks field `name`; errors not tied to a field are the first page's."""
        if name in IntakeForm.QUESTIONS:
            return HEALTH
        return REVIEW if name == "consent" else CONTACT

    def errors_on(self, step: str) -> list[tuple[str, str]]:
        """The problems to put right on page `step`: (the field's id, or "" for none, message)."""
        return error_summary(self, [name for name in self.errors if self.step_of(name) == step])

    def page_to_show(self, goto: str = "") -> str:
        """The page to answer this POST with: the one the client went back to, else the first
        page up to the one posted that has something to put right, else the next page."""
        if goto in (CONTACT, HEALTH):
            return goto
        posted = STEPS.index(self.step)
        for step in STEPS[: posted + 1]:
            if self.errors_on(step):
                return step
        if self.step == CONTACT:
            return HEALTH if self.health_step_applies() else REVIEW
        return REVIEW if self.step == HEALTH else BOOK

    def fields_kept_off(self, page: str) -> list:
        """The answers page `page` does not ask, posted along with it as hidden fields."""
        return [self[name] for name in self.fields if self.step_of(name) != page]


class AccountDetailsForm(DetailsForm):
    """The details step for a signed-in client: who in the household the visit is for, their
    contact and address pre-filled, the health history asked only when theirs is not recent,
    and a guardian's consent for a minor. The email is the account's."""

    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label="Who is the visit for?",
        empty_label=None,
        error_messages={"invalid_choice": "Choose someone in your household from the list."},
    )
    guardian_consent = forms.BooleanField(
        label="I am this person's parent or guardian, and I consent to their treatment.",
        required=False,
        help_text="Needed only for someone under 18.",
    )

    TICKED_BY_THE_CLIENT_ONLY = (*DetailsForm.TICKED_BY_THE_CLIENT_ONLY, "guardian_consent")

    @cached_property
    def health_on_file(self):
        """The person's recent history, which may stand for this booking; None if there is none."""
        return intake.recent_intake(self.cleaned_data.get("person"))

    def __init__(self, *args, account: Client, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account
        del self.fields["email"], self.fields["name"]
        self.fields["person"].queryset = account.people.order_by("created_at", "pk")

    def intake_is_needed(self, cleaned: dict) -> bool:
        return self.health_on_file is None

    @cached_property
    def has_minors(self) -> bool:
        """Whether anyone in the household is under 18 today: only then is the guardian's
        consent asked on the page (it can only be needed for a minor)."""
        today = clock.today()
        return any(household.is_minor(person, today) for person in self.fields["person"].queryset)

    def clean(self):
        cleaned = super().clean()
        person, starts_at = cleaned.get("person"), cleaned.get("starts_at")
        minor = person and starts_at and household.is_minor(person, starts_at.date())
        if minor and not cleaned.get("guardian_consent"):
            self.add_error(
                "guardian_consent",
                f"{person.name} is under {household.ADULT_AGE}: tick to give your consent "
                "as their parent or guardian.",
            )
        return cleaned

    def client_details(self) -> household.ClientDetails:
        data = self.cleaned_data
        return household.ClientDetails(
            name=data["person"].name,
            email=self.account.email,
            **{
                name: data[name]
                for name in ContactForm.CONTACT_FIELDS
                if name not in ("name", "email")
            },
        )


class SlotsQueryForm(forms.Form):
    """The /book/slots JSON endpoint's parameters; errors name the parameter."""

    service = forms.SlugField(max_length=100)
    length = forms.IntegerField(min_value=1, max_value=1000)
    postal_code = PostalCodeField()
    start = forms.DateField()
    end = forms.DateField()

    def clean(self):
        cleaned = super().clean()
        service, length = cleaned.get("service"), cleaned.get("length")
        if service and length:
            option = next(
                (o for o in offered_options() if o.service.slug == service and o.minutes == length),
                None,
            )
            if option is None:
                if service not in selectors.service_slugs():
                    self.add_error("service", "No service has that slug.")
                else:
                    self.add_error("length", f"{service} is not offered for {length} minutes.")
            cleaned["option"] = option
        if cleaned.get("postal_code"):
            try:
                cleaned["area"] = area_or_error(cleaned["postal_code"])
            except forms.ValidationError as error:
                self.add_error("postal_code", error)
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "end must be on or after start.")
            elif (end - start).days > MAX_SLOT_RANGE_DAYS:
                self.add_error("end", f"Ask for at most {MAX_SLOT_RANGE_DAYS} days at a time.")
        return cleaned


class DayChoiceForm(forms.Form):
    """The day whose free times the manage page lists for rescheduling."""

    day = DayField()

    def clean_day(self):
        return validate_bookable_day(self.cleaned_data["day"])


class NewStartForm(forms.Form):
    starts_at = forms.CharField(
        max_length=40, error_messages={"required": "Choose one of the free times listed."}
    )

    def clean_starts_at(self):
        return parse_start(self.cleaned_data["starts_at"])


CANCEL_REASON_LENGTH = 200


class CancelForm(SingleLineFields, forms.Form):
    """The manage page's second cancel step: an optional reason, for Taylor to read."""

    reason = forms.CharField(
        label="Reason (optional)",
        required=False,
        max_length=CANCEL_REASON_LENGTH,
        help_text="Taylor reads this; leave it blank if you prefer.",
        error_messages={
            "max_length": "Please shorten the reason to at most %(limit_value)d characters "
            "(it has %(show_value)d)."
        },
    )
