"""Whole public pages served from the cache to everyone they are the same for (content/cache.py
`whole_page`)."""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache as django_cache
from django.test import RequestFactory

from content import cache
from content.models import Article
from tests.factories import PainAreaFactory, ReferredPainRowFactory
from tests.support import sign_in_staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    django_cache.clear()


def test_a_page_is_rendered_once_then_served_as_it_was(client, article, django_assert_num_queries):
    first = client.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        again = client.get(article.get_absolute_url())
    assert again.content == first.content
    # The middleware still gives the cached page its headers.
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert again["Content-Type"] == "text/html; charset=utf-8"


class CountingCache:
    """Django's cache, counting the reads."""

    def __init__(self, real):
        self.real, self.reads = real, []

    def get(self, key, default=None):
        self.reads.append(key)
        return self.real.get(key, default)

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_a_page_served_again_by_the_same_process_costs_one_read_of_the_generation(
    client, article, monkeypatch
):
    ReferredPainRowFactory(pain_areas=[PainAreaFactory(slug="hip")])
    pages = [article.get_absolute_url(), "/trigger-points/?area=hip"]
    first = [client.get(page).content for page in pages]
    counting = CountingCache(django_cache)
    monkeypatch.setattr(cache, "cache", counting)
    for page, content in zip(pages, first, strict=True):
        counting.reads.clear()
        assert client.get(page).content == content
        assert counting.reads == ["content:generation"]


def test_a_staff_save_shows_at_once(client, article):
    client.get(article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(title="Renamed")  # no signal: still cached
    assert b"Renamed" not in client.get(article.get_absolute_url()).content
    article.refresh_from_db()
    article.save()  # as staff save in admin
    assert b"Renamed" in client.get(article.get_absolute_url()).content


def test_signed_in_staff_get_the_page_rendered_for_them(client, article, admin_user):
    client.get(article.get_absolute_url())
    sign_in_staff(client, admin_user)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    # A draft is a 404 for everyone else, but staff preview it; the cached copy is not theirs.
    assert b"Draft preview" in client.get(article.get_absolute_url()).content


def test_a_waiting_message_is_shown_and_that_page_is_not_kept(client, article):
    request = RequestFactory().get("/")
    waiting = CookieStorage(request)._encode([Message(constants.SUCCESS, "You are signed out.")])
    client.cookies["messages"] = waiting
    assert b"You are signed out." in client.get("/").content
    del client.cookies["messages"]
    assert b"You are signed out." not in client.get("/").content


class Kept:
    """The cache, noting the keys of the pages it is given to keep."""

    def __init__(self):
        self.pages = []

    def __getattr__(self, name):
        return getattr(django_cache, name)

    def set(self, key, value, timeout):
        if isinstance(value, bytes):
            self.pages.append(key)
        django_cache.set(key, value, timeout)


@pytest.fixture
def kept(monkeypatch):
    kept = Kept()
    monkeypatch.setattr(cache, "cache", kept)
    return kept


def test_a_page_asked_with_any_other_parameter_is_rendered_each_time(client, article, kept):
    client.get("/learn/?utm_source=newsletter")
    client.get("/learn/?utm_source=another")
    assert kept.pages == []
    client.get("/learn/")
    assert len(kept.pages) == 1


def test_the_pain_finder_keeps_the_places_that_exist_and_only_those(
    client, kept, django_assert_num_queries
):
    hip = PainAreaFactory(name="Hip", slug="hip")
    ReferredPainRowFactory(pain_areas=[hip])
    client.get("/trigger-points/", {"area": "hip"})
    with django_assert_num_queries(0):
        client.get("/trigger-points/", {"area": "hip"})
    assert len(kept.pages) == 1
    for made_up in ("hip2", "elbow", "x" * 40):
        assert client.get("/trigger-points/", {"area": made_up}).status_code == 200
    assert len(kept.pages) == 1


def test_a_changed_template_is_a_new_code_version(tmp_path, settings):
    settings.BASE_DIR = tmp_path
    template = tmp_path / "templates" / "page.html"
    template.parent.mkdir()
    template.write_text("one")
    before = cache._code_version.__wrapped__()
    template.write_text("two, longer")
    assert cache._code_version.__wrapped__() != before
