"""Pictures staff upload, made fit to publish: really an image, upright, no larger than the page
shows it, compressed, and without the camera's metadata (a phone photo's EXIF can hold the GPS
position of Taylor's home)."""

import io
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import slugify
from PIL import Image, ImageOps, UnidentifiedImageError

PORTRAIT_WIDTH = 800
ARTICLE_WIDTH = 1200
# A 24-megapixel phone photo fits; decoding much more would take hundreds of megabytes of memory
# on a small server, and an image claiming more is often a decompression bomb.
MAX_PIXELS = 25_000_000
FORMATS = {"JPEG", "PNG", "WEBP"}
WEBP_QUALITY = 80

NOT_AN_IMAGE = "This file is not a picture we can read. Upload a JPEG, PNG or WebP image."
TOO_LARGE = (
    "This picture is {megapixels} megapixels; the most we accept is 25. Export it smaller "
    "(for example 2000 pixels wide) and upload it again."
)


def prepare(upload, *, max_width: int) -> SimpleUploadedFile:
    """The upload as a WebP file at most `max_width` pixels wide, turned upright as the camera
    recorded and with no metadata; raises ValidationError for anything that is not a picture
    we accept."""
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in FORMATS:
                raise ValidationError(NOT_AN_IMAGE, code="invalid_image")
            pixels = probe.width * probe.height
            if pixels > MAX_PIXELS:
                raise ValidationError(
                    TOO_LARGE.format(megapixels=round(pixels / 1_000_000)), code="too_large"
                )
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            picture = _upright_and_sized(image, max_width)
            colour_profile = image.info.get("icc_profile")
    except Image.DecompressionBombError as error:
        raise ValidationError(TOO_LARGE.format(megapixels="over 100"), code="too_large") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        # verify() and load() report a broken or truncated file with any of these.
        raise ValidationError(NOT_AN_IMAGE, code="invalid_image") from error
    output = io.BytesIO()
    # Saved without `exif` or `xmp`, so none of the camera's metadata is carried over; the
    # colour profile is kept, since it holds nothing personal and the colours depend on it.
    picture.save(
        output,
        "WEBP",
        quality=WEBP_QUALITY,
        method=6,
        icc_profile=colour_profile,
    )
    return SimpleUploadedFile(_name_for(upload), output.getvalue(), content_type="image/webp")


def _upright_and_sized(image: Image.Image, max_width: int) -> Image.Image:
    # A JPEG can be decoded at a half, a quarter or an eighth of its size: a phone photo then
    # takes a few megabytes, not seventy. Both sides stay at least `max_width`, so the picture
    # is still wide enough whichever way it turns upright.
    image.draft(None, (max_width, max_width))
    image.load()
    upright = ImageOps.exif_transpose(image)
    picture = upright.convert("RGBA" if upright.has_transparency_data else "RGB")
    if picture.width > max_width:
        height = round(picture.height * max_width / picture.width)
        picture = picture.resize((max_width, height), Image.Resampling.LANCZOS)
    return picture


def _name_for(upload) -> str:
    stem = slugify(Path(getattr(upload, "name", "") or "picture").stem) or "picture"
    return f"{stem[:60]}.webp"
