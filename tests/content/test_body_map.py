"""The pain finder's body map and referred-pain diagrams: what the page links, draws and says."""

from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError

from content import body_map
from content.models import PainArea, ReferredPainRow
from tests.factories import PainAreaFactory, ReferredPainRowFactory, ReferredPainTableFactory

pytestmark = pytest.mark.django_db

# The places as the starter content puts them on the figure: side, across %, down %.
PLACES = {
    "Temple": ("front", 42, 5, ""),
    "Back of the eye": ("front", 56, 7, "behind the eye"),
    "Side of the neck": ("front", 45, 13, ""),
    "Between the shoulder blades": ("back", 50, 24, "between the shoulder blades"),
    "Upper arm": ("front", 20, 30, ""),
    "Shoulder blade": ("back", 37, 25, ""),
    "Elbow": ("", None, None, ""),  # not drawn yet: still in the list
}


@pytest.fixture
def places(db):
    return {
        name: PainAreaFactory(
            name=name, position=position, chart_view=view, chart_x=x, chart_y=y, felt=felt
        )
        for position, (name, (view, x, y, felt)) in enumerate(PLACES.items(), start=1)
    }


@pytest.fixture
def muscles(places):
    table = ReferredPainTableFactory(caption="Where muscles send pain", slug="where")
    trapezius = ReferredPainRowFactory(
        table=table, muscle="Upper trapezius", sensation="A band of tension", position=1,
        trigger_point="at the top of the shoulder", trigger_view="back", trigger_x=38,
        trigger_y=17,
        pain_areas=[places[name] for name in
                    ("Temple", "Back of the eye", "Side of the neck",
                     "Between the shoulder blades")],
    )  # fmt: skip
    infraspinatus = ReferredPainRowFactory(
        table=table, muscle="Infraspinatus", sensation="A deep, burning ache", position=2,
        trigger_view="back", trigger_x=36, trigger_y=25,
        pain_areas=[places["Upper arm"], places["Shoulder blade"], places["Elbow"]],
    )  # fmt: skip
    supinator = ReferredPainRowFactory(
        table=table, muscle="Supinator", sensation="An ache at the elbow", position=3,
        pain_areas=[places["Elbow"]],
    )  # fmt: skip
    return {"trapezius": trapezius, "infraspinatus": infraspinatus, "supinator": supinator}


class Elements(HTMLParser):
    """Each element's attributes and text, in document order, as a client's browser reads them."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[dict] = []
        self._open: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, **dict(attrs), "text": ""}
        self.found.append(element)
        if tag not in ("circle", "path", "use", "input", "link", "meta", "br", "img"):
            self._open.append(element)

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        for element in self._open:
            element["text"] += data

    def where(self, tag: str, css_class: str = "") -> list[dict]:
        return [
            e
            for e in self.found
            if e["tag"] == tag and css_class in (e.get("class") or "").split() + [""]
        ]


def finder(client, **query) -> Elements:
    response = client.get("/trigger-points/", query)
    assert response.status_code == 200
    return Elements(response.content.decode())


# The sentences


def test_a_place_is_felt_in_the_place_unless_it_says_otherwise(places):
    assert places["Temple"].felt_where == "in the temple"
    assert places["Side of the neck"].felt_where == "in the side of the neck"
    assert places["Between the shoulder blades"].felt_where == "between the shoulder blades"


def test_places_join_as_a_phrase_without_repeating_in_the(places):
    named = [places[name] for name in ("Upper arm", "Shoulder blade")]
    assert body_map.join_places(named) == "in the upper arm and the shoulder blade"
    named = [places[name] for name in ("Temple", "Back of the eye", "Side of the neck")]
    assert (
        body_map.join_places(named) == "in the temple, behind the eye and in the side of the neck"
    )


def test_also_felt_is_a_sentence_without_the_chosen_place_or_a_stray_comma(places, muscles):
    chosen = places["Elbow"]
    assert body_map.also_felt(muscles["infraspinatus"], chosen) == (
        "Also felt in the upper arm and the shoulder blade."
    )
    assert body_map.also_felt(muscles["supinator"], chosen) == ""


def test_the_heading_and_title_name_the_place_as_a_sentence_does(client, muscles):
    html = client.get("/trigger-points/", {"area": "between-the-shoulder-blades"}).content.decode()
    assert "Pain felt between the shoulder blades</h2>" in html
    assert "<title>Pain felt between the shoulder blades: trigger points to check" in html
    assert "to the between" not in html
    assert "Also felt in the temple, behind the eye and in the side of the neck." in html
    assert ",</p>" not in html and ", </p>" not in html


# The map


def test_each_drawn_place_is_a_named_link_to_its_muscles_on_its_side_of_the_figure(client, muscles):
    page = finder(client)
    regions = {link["aria-label"]: link for link in page.where("a", "region")}
    assert set(regions) == set(PLACES) - {"Elbow"}
    for name, link in regions.items():
        slug = PainArea.objects.get(name=name).slug
        assert link["href"] == f"/trigger-points/?area={slug}#results"
        assert link["text"].strip() == name  # its <title>, the tooltip a mouse shows
    spots = {(c["cx"], c["cy"]) for c in page.where("circle")}
    assert ("42", "10") in spots  # the front figure, down doubled: the figure is 200 tall
    assert ("140", "48") in spots  # between the shoulder blades, on the back figure at 90


def test_a_place_without_a_spot_is_still_in_the_list(client, muscles):
    page = finder(client)
    assert "Elbow" in [option["text"] for option in page.where("option")]
    assert "Elbow" not in [link["aria-label"] for link in page.where("a", "region")]


def test_the_chosen_place_is_marked_on_the_map(client, muscles):
    chosen = [
        link for link in finder(client, area="temple").where("a", "region")
        if "is-chosen" in link["class"]
    ]  # fmt: skip
    assert [(link["aria-label"], link["aria-current"]) for link in chosen] == [("Temple", "true")]


def test_a_place_an_editor_moves_moves_on_the_map(client, muscles, places):
    PainArea.objects.filter(pk=places["Temple"].pk).update(chart_view="back", chart_x=60)
    body_map_regions = body_map.regions(list(PainArea.objects.all()), None)
    (temple,) = [region for region in body_map_regions if region.area.name == "Temple"]
    assert temple.spot == body_map.Spot(150, 10)


def test_the_regions_can_be_focused_with_a_visible_outline(settings):
    rules = (settings.BASE_DIR / "static" / "css" / "pain-finder.css").read_text(encoding="utf-8")
    assert ".body-map .region:focus-visible circle { stroke: #b35c00; stroke-width: 3; }" in rules


# The results


def test_each_muscle_has_its_diagram_with_the_same_said_in_words(client, muscles):
    page = finder(client, area="temple")
    (svg,) = [e for e in page.where("svg") if e.get("role") == "img"]
    (title,) = [e for e in page.where("title") if e.get("id") == svg["aria-labelledby"]]
    assert title["text"] == (
        "Upper trapezius: the trigger point is at the top of the shoulder, on the back of the "
        "body; the pain it sends is felt in the temple, behind the eye, in the side of the neck "
        "and between the shoulder blades."
    )
    triggers = page.where("circle", "trigger")
    assert [(c["cx"], c["cy"]) for c in triggers] == [("128", "34")]
    felt = page.where("circle", "felt")
    assert len(felt) == 4
    assert [c["cx"] for c in felt if "is-chosen" in c["class"]] == ["42"]


def test_a_diagram_shades_only_the_places_on_the_figure(muscles, places):
    row = muscles["infraspinatus"]
    diagram = body_map.diagram(row, list(row.pain_areas.all()), places["Elbow"])
    assert [felt.area.name for felt in diagram.felt] == ["Upper arm", "Shoulder blade"]
    assert diagram.description == (
        "Infraspinatus: the trigger point is on the back of the body; the pain it sends is felt "
        "in the upper arm and the shoulder blade."
    )


def test_a_muscle_without_a_trigger_point_is_listed_without_a_diagram(client, muscles):
    page = finder(client, area="elbow")
    assert [h["text"] for h in page.where("h3")] == ["Infraspinatus", "Supinator"]
    assert len(page.where("circle", "trigger")) == 1


def test_the_booking_link_carries_the_service_and_the_place(client, muscles):
    (book,) = [a for a in finder(client, area="temple").where("a") if a["text"] == (
        "Book trigger point release")]  # fmt: skip
    assert book["href"] == "/book/?service=trigger-point-release&concern=temple"


def test_an_unknown_place_says_so_plainly(client, muscles):
    response = client.get("/trigger-points/", {"area": "knee"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "That place is not one the finder knows." in html
    assert "is-chosen" not in html


def test_the_finder_with_a_place_chosen_costs_five_queries(
    client, muscles, django_assert_num_queries
):
    # The places, the muscles with their tables and articles, their places, and the footer's
    # areas and therapist profile (its RMT's registration, issue 14); the map and the diagrams
    # are drawn from those, costing nothing more.
    with django_assert_num_queries(5):
        client.get("/trigger-points/", {"area": "temple"})
    with django_assert_num_queries(0):
        client.get("/trigger-points/", {"area": "temple"})


# The data


def test_a_trigger_point_needs_its_side_across_and_down_together(muscles):
    row = muscles["supinator"]
    row.trigger_x = 40
    with pytest.raises(ValidationError, match="together"):
        row.full_clean()


def test_a_trigger_point_off_the_figure_is_refused_by_the_database(muscles):
    from django.db import IntegrityError, transaction

    with transaction.atomic(), pytest.raises(IntegrityError):
        ReferredPainRow.objects.filter(pk=muscles["supinator"].pk).update(
            trigger_view="back", trigger_x=120, trigger_y=30
        )
