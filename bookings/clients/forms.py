"""The account pages' forms."""

from django import forms

from stillwaters import clock
from stillwaters.text import SingleLineFields

from .models import Person


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="Your email",
        max_length=254,
        error_messages={
            "required": "Enter the email you booked with.",
            "invalid": "Enter an email address like name@example.com.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class PersonForm(SingleLineFields, forms.ModelForm):
    """Someone joining the household: a name, a date of birth and how they are related."""

    class Meta:
        model = Person
        fields = ["name", "date_of_birth", "relation"]
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"})}
        error_messages = {
            "name": {"required": "Enter their full name."},
            "date_of_birth": {"invalid": "Enter the date as YYYY-MM-DD, for example 2015-04-30."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_of_birth"].required = True
        self.fields["date_of_birth"].error_messages["required"] = (
            "Enter their date of birth: Taylor needs it to know when a guardian must consent."
        )
        self.fields["name"].label = "Full name"
        self.fields["relation"].choices = [
            ("", "Choose how they are related to you"),
            *(c for c in Person.Relation.choices if c[0] != Person.Relation.ACCOUNT_HOLDER),
        ]
        self.fields["relation"].error_messages["required"] = "Choose how they are related to you."

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = clock.today()
        if born > today:
            raise forms.ValidationError("A date of birth cannot be in the future.")
        if born.year < today.year - 120:
            raise forms.ValidationError("Check the year: that is more than 120 years ago.")
        return born


class RecordRequestForm(forms.Form):
    note = forms.CharField(
        label="Anything in particular? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Please shorten this to at most %(limit_value)d characters."},
    )


class CorrectionForm(SingleLineFields, forms.Form):
    item = forms.CharField(
        label="What is wrong",
        max_length=300,
        help_text="Which record, and which part of it: for example, my health history of May 3.",
        error_messages={"required": "Say which part of the record is wrong."},
    )
    asked_for = forms.CharField(
        label="What it should say",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what the record should say instead."},
    )


class DisagreementForm(forms.Form):
    statement = forms.CharField(
        label="Your statement of disagreement",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write your statement to file it."},
    )
