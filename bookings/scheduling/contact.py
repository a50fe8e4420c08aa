"""Who a visit is for and where it happens, as typed in a form: the public details step and
Taylor's phone-in booking share these fields and their rules (one phone rule, one postal-code
rule)."""

import phonenumbers
from django import forms

from bookings.clients.household import ClientDetails
from stillwaters.display import EXTENSION
from stillwaters.text import SingleLineFields

from . import areas

PHONE_FORMAT_HELP = "Enter a phone number with its area code, like 905-555-0142."
# Long enough for "+1 (416) 555-0199 extension 12345" as people type it.
PHONE_INPUT_LENGTH = 40


def phone_number(raw: str) -> str:
    """A number Taylor can call, as stored: E.164 (+19055550142), with any extension after
    ";ext=" (+14165550199;ext=12, as in a tel: URI), or a ValidationError saying how to write
    it. Without a country code it is read as Canadian. E.164 alone has no extension, and a
    client's "ext 12" or "x12" is what reaches them at work, so it is kept."""
    try:
        number = phonenumbers.parse(raw, "CA")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise forms.ValidationError(
            f"{PHONE_FORMAT_HELP} A number outside North America starts with + and its "
            "country code."
        )
    stored = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return f"{stored}{EXTENSION}{number.extension}" if number.extension else stored


class PhoneInput(forms.TextInput):
    input_type = "tel"


class PostalCodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("label", "Postal code of the home Taylor will visit")
        kwargs.setdefault("help_text", "For example L6Y 0A1.")
        super().__init__(**kwargs)
        self.error_messages["required"] = "Enter the postal code of the home Taylor will visit."
        self.error_messages["max_length"] = "A postal code has six characters, like L6Y 0A1."

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        try:
            return areas.normalise_postal_code(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class ContactForm(SingleLineFields, forms.Form):
    """The client's name, email, phone and the home's address, with their browser hints."""

    CONTACT_FIELDS = (
        "name",
        "email",
        "phone",
        "address",
        "unit",
        "city",
        "postal_code",
        "access_notes",
    )
    # Fields a form may make optional (the phone-in form, where an existing client is picked).
    REQUIRED_CONTACT_FIELDS = ("name", "email", "phone", "address", "city", "postal_code")

    name = forms.CharField(label="Full name", max_length=120)
    email = forms.EmailField(label="Email", max_length=254)
    phone = forms.CharField(label="Phone", max_length=PHONE_INPUT_LENGTH, widget=PhoneInput)
    address = forms.CharField(label="Street address", max_length=200)
    unit = forms.CharField(label="Unit or apartment", max_length=20, required=False)
    city = forms.CharField(label="City or town", max_length=80)
    postal_code = PostalCodeField()
    access_notes = forms.CharField(
        label="Access and parking",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Buzzer code, stairs, where to park, pets in the home.",
    )

    AUTOCOMPLETE = {
        "name": "name",
        "email": "email",
        "phone": "tel",
        "address": "address-line1",
        "unit": "address-line2",
        "city": "address-level2",
        "postal_code": "postal-code",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, hint in self.AUTOCOMPLETE.items():
            self.fields[name].widget.attrs["autocomplete"] = hint
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address like name@example.com."
        )

    def clean_phone(self):
        raw = self.cleaned_data["phone"]
        return phone_number(raw) if raw else raw

    def client_details(self) -> ClientDetails:
        return ClientDetails(**{name: self.cleaned_data[name] for name in self.CONTACT_FIELDS})
