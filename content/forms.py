from django import forms

from .models import PainArea


class PainFinderForm(forms.Form):
    area = forms.ModelChoiceField(
        queryset=PainArea.objects.none(),
        to_field_name="slug",
        label="Where do you feel the pain?",
        empty_label="Choose a place",
        error_messages={
            "invalid_choice": "Choose one of the places in the list.",
            "required": "Choose where you feel the pain.",
        },
    )

    def __init__(self, *args, areas: list[PainArea], **kwargs):
        super().__init__(*args, **kwargs)
        # The choices come from the referred-pain rows, already loaded by the view.
        field = self.fields["area"]
        field.queryset = PainArea.objects.filter(pk__in=[a.pk for a in areas])
        field.choices = [("", field.empty_label)] + [(a.slug, a.name) for a in areas]
