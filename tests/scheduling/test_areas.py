import pytest

from bookings.models import AreaRule, PostalPrefix
from bookings.scheduling.areas import area_for_postal_code, normalise_postal_code
from content.models import ServiceArea
from tests.factories import PostalPrefixFactory, ServiceAreaFactory


@pytest.mark.parametrize(
    "raw",
    ["L6Y 0A1", "l6y0a1", " l6y0a1 ", "L6Y-0A1", "l6y - 0a1", "L 6 Y 0 A 1", "L6Y\t0A1"],
)
def test_postal_code_is_normalised_from_any_case_and_spacing(raw):
    assert normalise_postal_code(raw) == "L6Y 0A1"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "L6Y",
        "L6Y 0A",
        "L6Y 0A12",
        "90210",
        "6LY 0A1",  # digit first
        "W6Y 0A1",  # W never starts a postal code
        "Z6Y 0A1",  # nor Z
        "D6Y 0A1",  # D, F, I, O, Q and U are never used
        "L6F 0A1",
        "L6Y 0I1",
        "L6O 0A1",
        "L6Y 0Q1",
        "U6Y 0A1",
        "L6Y_0A1",
        "L٦Y 0A1",  # an Arabic-Indic six is a digit to \d, not to Canada Post
    ],
)
def test_non_canadian_shapes_are_refused_with_an_example(raw):
    with pytest.raises(ValueError, match="L6Y 0A1"):
        normalise_postal_code(raw)


def test_w_and_z_are_allowed_after_the_first_letter():
    assert normalise_postal_code("k1w 2z3") == "K1W 2Z3"


@pytest.fixture
def brampton(db):
    area = ServiceAreaFactory(name="Test Brampton")
    PostalPrefixFactory(area=area, fsa="X9Y")
    return area


def test_area_is_found_by_the_forward_sortation_area(brampton):
    assert area_for_postal_code("x9y 1a1") == brampton
    assert area_for_postal_code("X9Y-9Z9") == brampton


def test_postal_code_outside_every_area_has_no_area(brampton):
    assert area_for_postal_code("X9X 1A1") is None


def test_area_lookup_refuses_a_malformed_postal_code(brampton):
    with pytest.raises(ValueError):
        area_for_postal_code("X9Y")


def test_area_lookup_brings_the_areas_booking_rule_and_is_then_cached(
    brampton, django_assert_num_queries
):
    AreaRule.objects.create(area=brampton, visit_weekdays=[3], travel_fee=20)
    with django_assert_num_queries(2):  # the areas with their rules, and the prefixes
        area = area_for_postal_code("X9Y 1A1")
        assert AreaRule.of(area).visit_weekdays == [3]
    with django_assert_num_queries(0):
        assert AreaRule.of(area_for_postal_code("X9Y 2B2")).travel_fee == 20


def test_an_area_without_a_rule_is_read_as_having_none_without_another_query(
    brampton, django_assert_num_queries
):
    area_for_postal_code("X9Y 1A1")
    with django_assert_num_queries(0):
        assert AreaRule.of(area_for_postal_code("X9Y 1A1")) is None


def test_a_prefix_or_rule_saved_is_looked_up_at_once(brampton):
    assert area_for_postal_code("X8Z 1A1") is None
    PostalPrefix.objects.create(area=brampton, fsa="X8Z")
    assert area_for_postal_code("X8Z 1A1") == brampton
    AreaRule.objects.create(area=brampton, travel_fee=15)
    assert AreaRule.of(area_for_postal_code("X8Z 1A1")).travel_fee == 15
    PostalPrefix.objects.filter(fsa="X8Z").get().delete()
    assert area_for_postal_code("X8Z 1A1") is None


def test_an_area_loaded_without_its_rule_reads_it_once(brampton, django_assert_num_queries):
    AreaRule.objects.create(area=brampton, minimum_minutes=60)
    area = ServiceArea.objects.get(pk=brampton.pk)
    with django_assert_num_queries(1):
        assert AreaRule.of(area).minimum_minutes == 60
        assert AreaRule.of(area).minimum_minutes == 60


@pytest.fixture
def region(bookable_site):
    """The bookable site's areas and five more, with FSAs as the starter content gives them."""
    for name, fsas in [
        ("Oakville", "L6J"),
        ("Caledon", "L7E"),
        ("Orangeville", "L9W"),
        ("Milton", "L9T"),
        ("Halton", "L7R L7G"),
    ]:
        area = ServiceAreaFactory(name=name, slug=name.lower())
        for fsa in fsas.split():
            PostalPrefixFactory(area=area, fsa=fsa)


@pytest.mark.parametrize(
    ("postal_code", "slug"),
    [
        ("L6Y 0A1", "brampton"),
        ("M5V 3L9", "toronto"),
        ("M9N 1A1", "toronto"),  # Weston is Toronto, not Etobicoke
        ("M9C 1A1", "etobicoke"),
        ("L5B 1A1", "mississauga"),
        ("L6J 1A1", "oakville"),
        ("L7E 1A1", "caledon"),
        ("L9W 1A1", "orangeville"),
        ("L9T 1A1", "milton"),
        ("L7R 1A1", "halton"),  # Burlington
        ("L7G 1A1", "halton"),  # Georgetown
        ("N1G 1A1", "guelph"),
    ],
)
def test_starter_prefixes_place_postal_codes_in_their_areas(region, postal_code, slug):
    assert area_for_postal_code(postal_code).slug == slug


def test_every_starter_area_covers_some_postal_codes(bookable_site):
    assert ServiceArea.objects.exists()
    assert not ServiceArea.objects.filter(postal_prefixes__isnull=True).exists()
