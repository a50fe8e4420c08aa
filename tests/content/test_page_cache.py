"""What clears the cached public pages: content saves and saves of the booking options, area rules
and postal code prefixes they show, nothing else;
and a page that does not exist takes no room in the cache."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache

from content import cache as page_cache
from tests.factories import (
    ArticleFactory,
    BookingOptionFactory,
    PainAreaFactory,
    PostalPrefixFactory,
    ReferredPainRowFactory,
)

pytestmark = pytest.mark.django_db


def test_a_content_save_moves_the_generation_on():
    before = page_cache.generation()
    ArticleFactory()
    assert page_cache.generation() > before


def test_a_booking_option_price_change_clears_the_service_pages():
    option = BookingOptionFactory(price=Decimal("120.00"))
    before = page_cache.generation()
    option.price = Decimal("125.00")
    option.save()
    assert page_cache.generation() > before


def test_the_generation_moves_on_again_when_the_save_commits(django_capture_on_commit_callbacks):
    """A page another request builds between a save and its commit reads the rows from before
    the save; it must not stay cached as the new generation's."""
    option = BookingOptionFactory(price=Decimal("120.00"))
    with django_capture_on_commit_callbacks(execute=False) as at_commit:
        option.price = Decimal("125.00")
        option.save()
        during = page_cache.generation()
        page_cache.cached("services", lambda: "built from the rows before the save")
    for callback in at_commit:
        callback()
    assert page_cache.generation() > during
    assert page_cache.cached("services", lambda: "built again") == "built again"


def test_a_postal_prefix_change_clears_the_pages():
    prefix = PostalPrefixFactory()
    before = page_cache.generation()
    prefix.delete()
    assert page_cache.generation() > before


def test_a_referred_pain_row_gaining_a_place_clears_the_pages():
    row = ReferredPainRowFactory()
    before = page_cache.generation()
    row.pain_areas.add(PainAreaFactory())
    assert page_cache.generation() > before


def test_a_many_to_many_change_outside_content_leaves_the_cache_alone():
    group = Group.objects.create(name="Someone's group")
    before = page_cache.generation()
    group.permissions.add(Permission.objects.first())
    assert page_cache.generation() == before


def test_unknown_article_slugs_are_not_cached(client):
    ArticleFactory(slug="real")
    client.get("/learn/real/")
    assert cache.get(page_cache.key_for("article:real")) is not None

    for number in range(20):
        assert client.get(f"/learn/made-up-{number}/").status_code == 404
        assert cache.get(page_cache.key_for(f"article:made-up-{number}")) is None


def test_what_a_process_keeps_is_bounded_and_emptied_when_full():
    memo = page_cache.ProcessMemo(2)
    memo.keep("a", 1)
    memo.keep("a", 99)  # kept once: the first value stands
    memo.keep("b", 2)
    assert (memo.get("a"), memo.get("b")) == (1, 2)
    memo.keep("c", 3)
    assert (memo.get("a"), memo.get("b"), memo.get("c")) == (None, None, 3)
