"""Who the RMT is: the profile Taylor fills in admin, shown on the home page, in the footer, in
the search engines' data and on the About page, and hidden wherever it is empty."""

import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from PIL import ExifTags, Image

from content.models import TherapistProfile
from stillwaters.roles import EDITOR, THERAPIST
from tests.content.test_images import camera_jpeg
from tests.support import login_in_group

pytestmark = pytest.mark.django_db

MEMBERSHIP = (
    "Registered Massage Therapist, member of the College of Massage Therapists of Ontario, "
    "registration no. R4417"
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def stored_photo(settings):
    """The name of a picture already in the media folder."""
    (settings.MEDIA_ROOT / "about").mkdir()
    Image.new("RGB", (80, 120)).save(settings.MEDIA_ROOT / "about" / "taylor.webp")
    return "about/taylor.webp"


@pytest.fixture
def profile(db):
    return TherapistProfile.objects.create(
        full_name="Taylor Jordan Reid",
        registration_number="R4417",
        approach="I start with a conversation.\n\nThen we work on what matters to you.",
        training="Diploma in massage therapy.",
    )


def photo_upload(name="IMG_2041.JPG"):
    return SimpleUploadedFile(name, camera_jpeg(), content_type="image/jpeg")


def _json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def _business(html: str) -> dict:
    return next(d for d in _json_ld(html) if d["@type"] == "HealthAndBeautyBusiness")


def _parts(html: str) -> tuple[str, str]:
    """The page's main content (without the header's logo and the footer), and the footer."""
    main = html[html.index("<main") : html.index("</main>")]
    return main, html[html.index("<footer") :]


# The model


def test_a_photo_needs_its_description(stored_photo):
    profile = TherapistProfile(full_name="Taylor Reid", photo=stored_photo)
    with pytest.raises(ValidationError) as raised:
        profile.full_clean()
    assert raised.value.message_dict == {
        "photo_alt": ["Describe the photo in a few words for people who cannot see it."]
    }
    profile.photo_alt = "Taylor beside his massage table"
    profile.full_clean()


def test_the_database_refuses_a_photo_without_a_description(stored_photo):
    with pytest.raises(IntegrityError):
        TherapistProfile.objects.create(photo=stored_photo)


def test_there_is_only_ever_one_profile(profile):
    with pytest.raises(IntegrityError):
        TherapistProfile.objects.create(full_name="Someone else")


def test_the_membership_is_stated_only_with_a_registration_number():
    assert TherapistProfile(full_name="Taylor Reid").membership == ""
    assert TherapistProfile(registration_number="R4417").membership == MEMBERSHIP


# Where it shows


def test_nothing_of_the_profile_shows_while_it_is_empty(client, bookable_site):
    html = client.get("/").content.decode()
    for text in ("registration no.", "College of Massage Therapists", "Registration"):
        assert text not in html
    assert "employee" not in _business(html)
    TherapistProfile.objects.create()
    html = client.get("/").content.decode()
    assert "registration no." not in html and "employee" not in _business(html)


def test_the_home_page_and_every_footer_name_the_rmt_and_registration(client, bookable_site):
    TherapistProfile.objects.create(full_name="Taylor Jordan Reid", registration_number="R4417")
    identity = f"<strong>Taylor Jordan Reid</strong>, {MEMBERSHIP}"
    page, footer = _parts(client.get("/").content.decode())
    assert identity in page and identity in footer
    _, services_footer = _parts(client.get("/services/").content.decode())
    assert identity in services_footer


def test_a_name_without_a_number_shows_no_registration_label(client, bookable_site):
    TherapistProfile.objects.create(full_name="Taylor Jordan Reid")
    html = client.get("/").content.decode()
    assert "<strong>Taylor Jordan Reid</strong>, Registered Massage Therapist</p>" in html
    assert "registration no." not in html and "College of Massage Therapists" not in html
    employee = _business(html)["employee"]
    assert employee["name"] == "Taylor Jordan Reid"
    assert "hasCredential" not in employee and "memberOf" not in employee


def test_local_business_data_names_the_rmt_and_the_college_registration(client, bookable_site):
    TherapistProfile.objects.create(full_name="Taylor Jordan Reid", registration_number="R4417")
    for path in ("/", "/areas/"):
        employee = _business(client.get(path).content.decode())["employee"]
        college = {
            "@type": "Organization",
            "name": "College of Massage Therapists of Ontario",
            "url": "https://www.cmto.com/",
        }
        assert employee == {
            "@type": "Person",
            "name": "Taylor Jordan Reid",
            "jobTitle": "Registered Massage Therapist",
            "url": "http://127.0.0.1:8000/about/",
            "memberOf": college,
            "hasCredential": {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": "license",
                "name": "Registered Massage Therapist, Ontario",
                "identifier": "R4417",
                "recognizedBy": college,
            },
        }


def test_saving_the_profile_shows_at_once_on_cached_pages(client, bookable_site, profile):
    assert "Taylor Jordan Reid" in client.get("/").content.decode()
    profile.full_name = "Taylor J. Reid"
    profile.save()
    assert "Taylor J. Reid" in client.get("/").content.decode()


def test_the_home_page_reads_the_profile_once_per_content_change(
    client, bookable_site, profile, django_assert_num_queries
):
    # Services and their options, the areas, the articles, and the profile; then nothing
    # until staff next save content.
    with django_assert_num_queries(5):
        client.get("/")
    with django_assert_num_queries(0):
        assert "Taylor Jordan Reid" in client.get("/").content.decode()


def test_an_empty_profile_is_cached_too(client, bookable_site, django_assert_num_queries):
    client.get("/")
    with django_assert_num_queries(0):
        client.get("/")


# The About page


def test_the_about_page_says_little_while_the_profile_is_empty(client, bookable_site):
    response = client.get("/about/")
    assert response.status_code == 200
    html = _parts(response.content.decode())[0]
    assert '<h1 id="about-title">About Taylor</h1>' in html
    assert "Registered Massage Therapist, treating clients in their own homes" in html
    assert "<h2" not in html and "<img" not in html and "registration no." not in html


def test_the_about_page_shows_the_approach_training_and_identity(client, bookable_site, profile):
    html = _parts(client.get("/about/").content.decode())[0]
    assert '<h1 id="about-title">About Taylor Jordan Reid</h1>' in html
    assert f'<p class="lead">{MEMBERSHIP}</p>' in html
    assert "<h2>How Taylor works</h2>" in html
    assert "<p>I start with a conversation.</p>" in html
    assert "<p>Then we work on what matters to you.</p>" in html
    assert "<h2>Training</h2>" in html and "<p>Diploma in massage therapy.</p>" in html
    assert "<img" not in html


def test_the_about_page_shows_the_photo_with_its_size_and_description(
    client, bookable_site, profile
):
    profile.photo = photo_upload()
    profile.photo_alt = "Taylor beside his massage table"
    profile.save()
    html = _parts(client.get("/about/").content.decode())[0]
    image = re.search(r"<img [^>]*>", html).group(0)
    assert f'src="/media/{profile.photo.name}"' in image
    assert 'alt="Taylor beside his massage table"' in image
    assert f'width="{profile.photo_width}" height="{profile.photo_height}"' in image
    # It is the first thing seen, so it must not wait for a scroll.
    assert "loading=" not in image


def test_the_about_page_is_linked_from_home_and_footer_and_in_the_sitemap(client, bookable_site):
    page, footer = _parts(client.get("/").content.decode())
    assert 'href="/about/"' in page and 'href="/about/"' in footer
    assert "<loc>http://testserver/about/</loc>" in client.get("/sitemap.xml").content.decode()


# The admin


def _profile_form(**fields) -> dict:
    return {
        "full_name": "Taylor Jordan Reid",
        "registration_number": "R4417",
        "approach": "",
        "training": "",
        "photo_alt": "",
        **fields,
    }


def test_staff_add_the_profile_and_the_photo_is_resized_and_stripped(admin_client, bookable_site):
    response = admin_client.post(
        "/admin/content/therapistprofile/add/",
        _profile_form(photo=photo_upload(), photo_alt="Taylor beside his massage table"),
    )
    assert response.status_code == 302
    profile = TherapistProfile.objects.get()
    assert profile.photo.name.endswith(".webp")
    assert (profile.photo_width, profile.photo_height) == (800, 1200)
    with Image.open(profile.photo.path) as stored:
        assert stored.size == (800, 1200)
        assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)


def test_a_photo_without_a_description_is_refused_keeping_what_was_typed(
    admin_client, bookable_site
):
    response = admin_client.post(
        "/admin/content/therapistprofile/add/", _profile_form(photo=photo_upload())
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Describe the photo in a few words for people who cannot see it." in html
    assert 'value="Taylor Jordan Reid"' in html
    assert not TherapistProfile.objects.exists()
    # The browser shows the file field empty again, so the page says the photo needs choosing.
    assert "Choose the picture again: it is not kept while the form has a problem" in html


def test_a_form_without_a_chosen_photo_does_not_ask_for_one_again(admin_client, bookable_site):
    response = admin_client.post(
        "/admin/content/therapistprofile/add/", _profile_form(registration_number="x" * 300)
    )
    assert response.status_code == 200
    assert "Choose the picture again" not in response.content.decode()


def test_the_one_profile_offers_no_save_and_add_another(admin_client, profile):
    html = admin_client.get(f"/admin/content/therapistprofile/{profile.pk}/change/").content
    assert b'name="_addanother"' not in html
    assert b'name="_continue"' in html


def test_a_renamed_text_file_gets_a_message_not_an_error_page(admin_client, bookable_site):
    fake = SimpleUploadedFile("taylor.jpg", b"just some words", content_type="image/jpeg")
    response = admin_client.post(
        "/admin/content/therapistprofile/add/", _profile_form(photo=fake, photo_alt="Taylor")
    )
    assert response.status_code == 200
    assert not TherapistProfile.objects.exists()
    assert "Upload a valid image" in response.content.decode()


def test_a_huge_picture_gets_a_message_not_an_error_page(admin_client, bookable_site):
    output = io.BytesIO()
    Image.new("1", (8000, 6000)).save(output, "PNG")
    huge = SimpleUploadedFile("taylor.png", output.getvalue(), content_type="image/png")
    response = admin_client.post(
        "/admin/content/therapistprofile/add/", _profile_form(photo=huge, photo_alt="Taylor")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "This picture is 48 megapixels; the most we accept is 25." in html


def test_the_one_profile_is_changed_never_added_twice_nor_deleted(admin_client, profile):
    assert admin_client.get("/admin/content/therapistprofile/").url == (
        f"/admin/content/therapistprofile/{profile.pk}/change/"
    )
    change_url = f"/admin/content/therapistprofile/{profile.pk}/change/"
    assert admin_client.get("/admin/content/therapistprofile/add/").url == change_url
    sent = admin_client.post("/admin/content/therapistprofile/add/", _profile_form())
    assert sent.url == change_url and TherapistProfile.objects.count() == 1
    delete_url = f"/admin/content/therapistprofile/{profile.pk}/delete/"
    assert admin_client.get(delete_url).status_code == 403
    assert TherapistProfile.objects.filter(pk=profile.pk).exists()
    response = admin_client.post(
        f"/admin/content/therapistprofile/{profile.pk}/change/",
        _profile_form(registration_number="R5000", training="Diploma, 2019."),
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.registration_number, profile.training) == ("R5000", "Diploma, 2019.")


def test_with_no_profile_yet_the_admin_list_opens_the_add_form(admin_client, db):
    assert admin_client.get("/admin/content/therapistprofile/").url == (
        "/admin/content/therapistprofile/add/"
    )


@pytest.mark.parametrize("role", [EDITOR, THERAPIST])
def test_editors_and_the_therapist_can_keep_the_profile_up(client, profile, role):
    login_in_group(client, "staff", role)
    response = client.post(
        f"/admin/content/therapistprofile/{profile.pk}/change/",
        _profile_form(full_name="Taylor J. Reid"),
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.full_name == "Taylor J. Reid"
