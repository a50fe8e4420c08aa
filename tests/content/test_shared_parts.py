"""The header and footer every page shares, rendered once per content generation in each
process (content/templatetags/site.py, shared_part): the right link marked current, and
never an old rendering after a save or after the cache is emptied."""

import re

import pytest
from django.core.cache import cache

from content.models import TherapistProfile

pytestmark = pytest.mark.django_db


def _current_links(html: str) -> list[str]:
    header = html[html.index("<header") : html.index("</header>")]
    return re.findall(r'<a[^>]*aria-current="page"[^>]*>([^<]+)</a>', header)


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/", []),
        ("/learn/", ["Learn"]),
        ("/trigger-points/", ["Trigger points"]),
        ("/services/", ["Services"]),
        ("/areas/", ["Areas"]),
        ("/about/", ["About"]),
        ("/book/", ["Book"]),
        ("/account/sign-in/", ["My visits"]),
        ("/privacy/", []),
    ],
)
def test_the_header_marks_the_section_of_each_page(client, bookable_site, path, current):
    client.get("/services/")  # another section's header rendered first must not be reused
    assert _current_links(client.get(path).content.decode()) == current


def test_pages_under_a_section_mark_it_too(client, bookable_site):
    service = bookable_site.services["swedish-massage"]
    assert _current_links(client.get(service.get_absolute_url()).content.decode()) == ["Services"]
    area = bookable_site.areas["brampton"]
    assert _current_links(client.get(area.get_absolute_url()).content.decode()) == ["Areas"]


def test_a_profile_saved_shows_at_once_in_the_footer_of_a_page_rendered_each_time(
    client, bookable_site
):
    client.get("/account/sign-in/")
    TherapistProfile.objects.create(full_name="Taylor Jordan Reid", registration_number="R4417")
    assert "<strong>Taylor Jordan Reid</strong>" in client.get("/account/sign-in/").content.decode()


def test_after_the_cache_is_emptied_the_footer_is_rendered_again(client, bookable_site):
    profile = TherapistProfile.objects.create(full_name="Taylor Jordan Reid")
    assert "Taylor Jordan Reid" in client.get("/account/sign-in/").content.decode()
    TherapistProfile.objects.filter(pk=profile.pk).update(full_name="Taylor J. Reid")  # no signal
    cache.clear()
    assert "Taylor J. Reid" in client.get("/account/sign-in/").content.decode()
