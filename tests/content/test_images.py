"""content/images.py: what an upload becomes before it is published, and what is refused."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from content import images

RED, BLUE = (220, 0, 0), (0, 0, 220)


def camera_jpeg(width=3000, height=2000, *, orientation=6) -> bytes:
    """A photo as a phone saves it: stored sideways with an EXIF orientation, the GPS position
    where it was taken, and the camera's make. The stored top-left corner is red."""
    picture = Image.new("RGB", (width, height), BLUE)
    picture.paste(RED, (0, 0, width // 4, height // 4))
    exif = picture.getexif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "PhoneCo"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (43.0, 41.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (79.0, 45.0, 30.0)
    output = io.BytesIO()
    picture.save(output, "JPEG", exif=exif, quality=95)
    return output.getvalue()


def upload(data: bytes, name="IMG_2041.JPG") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def opened(prepared) -> Image.Image:
    prepared.seek(0)
    return Image.open(io.BytesIO(prepared.read()))


def test_a_phone_photo_is_turned_upright_resized_and_saved_as_webp():
    prepared = images.prepare(upload(camera_jpeg()), max_width=800)
    picture = opened(prepared)
    assert picture.format == "WEBP"
    assert prepared.name == "img_2041.webp"
    # Stored 3000 × 2000 and turned a quarter clockwise, it stands 2000 × 3000: 800 × 1200.
    assert picture.size == (800, 1200)
    # The red corner that was stored top left is now top right, as the camera meant it.
    assert picture.convert("RGB").getpixel((790, 10)) == pytest.approx(RED, abs=40)
    assert picture.convert("RGB").getpixel((10, 10)) == pytest.approx(BLUE, abs=40)


def test_the_camera_metadata_and_gps_position_are_not_published():
    data = camera_jpeg()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    prepared = images.prepare(upload(data), max_width=1200)
    raw = prepared.read()
    picture = opened(prepared)
    assert dict(picture.getexif()) == {}
    assert "exif" not in picture.info and "xmp" not in picture.info
    assert b"PhoneCo" not in raw and b"Exif" not in raw


def test_a_large_jpeg_is_decoded_at_a_reduced_scale(monkeypatch):
    data = camera_jpeg(4000, 3000)
    decoded = []
    real = Image.Image.load

    def load(image):
        decoded.append(image.size)
        return real(image)

    monkeypatch.setattr(Image.Image, "load", load)
    picture = opened(images.prepare(upload(data), max_width=800))
    # A quarter of 4000 × 3000 would leave 750 pixels, too few to turn and fill 800: a half.
    assert decoded[0] == (2000, 1500)
    assert picture.size == (800, 1067)


def test_a_picture_narrower_than_the_page_keeps_its_size():
    picture = opened(images.prepare(upload(camera_jpeg(600, 400, orientation=1)), max_width=1200))
    assert picture.size == (600, 400)


def test_a_transparent_png_keeps_its_transparency():
    output = io.BytesIO()
    Image.new("RGBA", (40, 30), (0, 0, 0, 0)).save(output, "PNG")
    picture = opened(images.prepare(upload(output.getvalue(), "diagram.png"), max_width=1200))
    assert picture.mode == "RGBA" and picture.getpixel((5, 5))[3] == 0


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"Dear Taylor, this is a letter, not a picture.", id="renamed-text"),
        pytest.param(camera_jpeg(400, 300)[:2000], id="truncated-jpeg"),
        pytest.param(b"GIF89a" + b"\0" * 40, id="gif"),
    ],
)
def test_what_is_not_a_readable_picture_gets_a_clear_message(data):
    with pytest.raises(ValidationError) as raised:
        images.prepare(upload(data, "portrait.jpg"), max_width=800)
    assert raised.value.messages == [images.NOT_AN_IMAGE]


def test_a_picture_over_the_pixel_limit_is_refused_before_it_is_decoded():
    # 48 megapixels of one-bit pixels: a small file that would decode to 140 MB in colour.
    output = io.BytesIO()
    Image.new("1", (8000, 6000)).save(output, "PNG")
    with pytest.raises(ValidationError) as raised:
        images.prepare(upload(output.getvalue(), "huge.png"), max_width=1200)
    assert raised.value.code == "too_large"
    assert "48 megapixels" in raised.value.messages[0]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_header_claiming(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b""))
        + _chunk(b"IEND", b"")
    )


def test_a_decompression_bomb_is_refused_with_a_message_not_an_error_page():
    # 40,000 × 40,000 pixels claimed in a few bytes: Pillow refuses it as a bomb on opening.
    with pytest.raises(ValidationError) as raised:
        images.prepare(upload(_png_header_claiming(40_000, 40_000), "bomb.png"), max_width=800)
    assert raised.value.code == "too_large"
    assert "over 100 megapixels" in raised.value.messages[0]
