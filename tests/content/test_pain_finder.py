"""'Where does it hurt?': clients pick a place and see the muscles that refer pain there."""

import pytest

from content.models import PainArea, ReferredPainRow
from tests.factories import PainAreaFactory, ReferredPainRowFactory, ReferredPainTableFactory

pytestmark = pytest.mark.django_db

# The places clients commonly point to, and muscles that refer pain there, as staff enter them.
COMMON_PLACES = [
    "Temple", "Back of the eye", "Side of the neck", "Base of the neck",
    "Between the shoulder blades", "Low back", "Hip", "Groin", "Buttock", "Thigh",
    "Front of the shoulder", "Arm and hand",
]  # fmt: skip
MUSCLES = {
    "Upper trapezius": [
        "Temple",
        "Back of the eye",
        "Side of the neck",
        "Between the shoulder blades",
    ],
    "Levator scapulae": ["Base of the neck"],
    "Infraspinatus (shoulder blade)": ["Front of the shoulder", "Arm and hand"],
    "Quadratus lumborum": ["Low back", "Hip", "Groin", "Buttock"],
    "Gluteus medius": ["Low back", "Buttock", "Thigh"],
}


@pytest.fixture
def common_places(db):
    places = {
        name: PainAreaFactory(name=name, position=position)
        for position, name in enumerate(COMMON_PLACES, start=1)
    }
    table = ReferredPainTableFactory(caption="Common trigger points and where they refer pain")
    for position, (muscle, names) in enumerate(MUSCLES.items(), start=1):
        ReferredPainRowFactory(
            table=table, muscle=muscle, position=position,
            pain_areas=[places[name] for name in names],
        )  # fmt: skip
    return places


def test_places_offered_come_from_the_referred_pain_rows(client, article):
    PainArea.objects.create(name="Test elbow", slug="test-elbow")  # no row mentions it
    html = client.get("/trigger-points/").content.decode()
    assert '<option value="test-temple">Test temple</option>' in html
    assert "test-elbow" not in html


def test_choosing_a_place_lists_its_muscles_with_sensation_article_and_booking_link(
    client, article
):
    html = client.get("/trigger-points/", {"area": "test-temple"}).content.decode()
    assert "Test trapezius" in html and "Tight band" in html
    assert "Test infraspinatus" not in html
    assert f'href="{article.get_absolute_url()}"' in html
    assert 'href="/book/?service=trigger-point-release&amp;concern=test-temple"' in html
    assert '<option value="test-temple" selected>' in html


def test_a_row_an_editor_adds_shows_up_in_the_finder(client, article):
    elbow = PainArea.objects.create(name="Test elbow", slug="test-elbow")
    row = ReferredPainRow.objects.create(
        table=article.referred_pain_tables.get(), muscle="Test supinator",
        sensation="Aching", body_region="arm",
    )  # fmt: skip
    row.pain_areas.set([elbow])
    html = client.get("/trigger-points/", {"area": "test-elbow"}).content.decode()
    assert "Test supinator" in html


def test_an_unknown_place_gets_a_clear_message_not_an_error(client, article):
    response = client.get("/trigger-points/", {"area": "<script>x</script>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose one of the places in the list." in html
    assert "<script>x</script>" not in html


def test_common_places_are_all_offered_and_groin_finds_quadratus_lumborum(client, common_places):
    html = client.get("/trigger-points/").content.decode()
    for place in COMMON_PLACES:
        assert f">{place}</option>" in html
    html = client.get("/trigger-points/", {"area": "groin"}).content.decode()
    assert "Quadratus lumborum" in html


def test_a_repeat_look_up_is_served_from_the_cache(client, article, django_assert_num_queries):
    client.get("/trigger-points/", {"area": "test-temple"})
    with django_assert_num_queries(0):
        html = client.get("/trigger-points/", {"area": "test-temple"}).content.decode()
    assert "Test trapezius" in html
