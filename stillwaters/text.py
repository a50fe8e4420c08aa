"""Single-line text: a field shown as one line (a name, an address, a phone number) refuses a
line break, since one typed there can only be a mistake or an attempt to add headers to the
emails the practice sends; and every email header is built as one line whatever it holds."""

import re

from django import forms
from django.core.exceptions import ValidationError

# What a browser can send that a reader or an email header takes as a new line.
LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")


def refuse_line_breaks(value: str) -> None:
    if isinstance(value, str) and LINE_BREAKS.search(value):
        raise ValidationError(
            "Keep this on one line: it has a line break, which this field cannot take.",
            code="line_break",
        )


def one_line(text: str) -> str:
    """`text` for an email header: line breaks become spaces (data saved before they were
    refused may hold one)."""
    return " ".join(LINE_BREAKS.sub(" ", text).split())


class SingleLineFields:
    """Form mixin: every text field shown on one line (not a textarea) refuses line breaks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea):
                field.validators.append(refuse_line_breaks)
