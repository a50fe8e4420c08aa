from django import forms
from django.core.files.uploadedfile import UploadedFile

from . import images
from .models import ArticleImage, PainArea, TherapistProfile


class PainFinderForm(forms.Form):
    area = forms.ChoiceField(
        label="Where do you feel the pain?",
        error_messages={
            "invalid_choice": "Choose one of the places in the list.",
            "required": "Choose where you feel the pain.",
        },
    )

    def __init__(self, *args, areas: list[PainArea], **kwargs):
        super().__init__(*args, **kwargs)
        # The places come from the referred-pain rows, already loaded (and cached) by the view.
        self.areas_by_slug = {area.slug: area for area in areas}
        self.fields["area"].choices = [("", "Choose a place")] + [
            (area.slug, area.name) for area in areas
        ]

    def clean_area(self) -> PainArea:
        return self.areas_by_slug[self.cleaned_data["area"]]

    def names_unknown_place(self) -> bool:
        """A place nobody offered, as an old or altered link can name; not a missing choice."""
        return self.has_error("area", "invalid_choice")


def _prepared(value, *, max_width: int):
    """A newly uploaded picture made fit to publish; a kept or cleared one as it is."""
    if isinstance(value, UploadedFile):
        return images.prepare(value, max_width=max_width)
    return value


class AsksAgainForADroppedUpload(forms.ModelForm):
    """A browser never keeps a chosen file in a form sent back with a problem, so a picture
    chosen along with a mistake elsewhere would be silently lost: say so by the file field."""

    upload_field: str

    def _post_clean(self):
        super()._post_clean()
        chosen = self.add_prefix(self.upload_field) in self.files
        if chosen and self.errors and self.upload_field not in self.errors:
            self.add_error(
                self.upload_field,
                "Choose the picture again: it is not kept while the form has a problem to put "
                "right.",
            )


class TherapistProfileForm(AsksAgainForADroppedUpload):
    upload_field = "photo"

    class Meta:
        model = TherapistProfile
        fields = ["full_name", "registration_number", "approach", "training", "photo", "photo_alt"]

    def clean_photo(self):
        return _prepared(self.cleaned_data.get("photo"), max_width=images.PORTRAIT_WIDTH)


class ArticleImageForm(AsksAgainForADroppedUpload):
    upload_field = "image"

    class Meta:
        model = ArticleImage
        fields = ["image", "alt", "caption", "position"]

    def clean_image(self):
        return _prepared(self.cleaned_data.get("image"), max_width=images.ARTICLE_WIDTH)
