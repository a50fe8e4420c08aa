"""The pain finder's body map and each muscle's referred-pain diagram, worked out from data.

A place (`PainArea`) and a trigger point (`ReferredPainRow`) are put on a figure by the same
numbers Taylor's body chart uses: the side of the body, then percent of the figure's width and
height. Both drawings show the front and back figures side by side, each figure 100 units wide
and 200 tall, so a place an editor adds or moves in admin appears where it belongs on both
without touching a template.
"""

from dataclasses import dataclass

from .models import PainArea, ReferredPainRow

# Where each figure starts across the drawing; the back sits beside the front.
OFFSETS = {PainArea.ChartView.FRONT: 0, PainArea.ChartView.BACK: 90}


@dataclass(frozen=True)
class Spot:
    """A point in the drawing's units."""

    x: int
    y: int


def _spot(view: str, x: int, y: int) -> Spot:
    return Spot(OFFSETS[view] + x, y * 2)


def is_placed(area: PainArea) -> bool:
    return bool(area.chart_view) and None not in (area.chart_x, area.chart_y)


@dataclass(frozen=True)
class Region:
    area: PainArea
    spot: Spot
    chosen: bool


def regions(areas: list[PainArea], chosen: PainArea | None) -> list[Region]:
    """The map's links: every place that has a spot on the figure. The others are still in
    the list beside it, so nothing an editor adds is out of reach."""
    return [
        Region(area, _spot(area.chart_view, area.chart_x, area.chart_y), area == chosen)
        for area in areas
        if is_placed(area)
    ]


def join_places(areas: list[PainArea]) -> str:
    """Where the pain is felt, as one phrase: "in the temple, behind the eye and between the
    shoulder blades"; "in the upper arm and the shoulder blade"."""
    phrases = []
    for area in areas:
        phrase = area.felt_where
        # "in the upper arm and the shoulder blade" reads better than "and in the".
        if phrases and phrase.startswith("in ") and phrases[-1].startswith("in "):
            phrase = phrase.removeprefix("in ")
        phrases.append(phrase)
    if len(phrases) <= 1:
        return "".join(phrases)
    return f"{', '.join(phrases[:-1])} and {phrases[-1]}"


def also_felt(row: ReferredPainRow, chosen: PainArea) -> str:
    """ "Also felt in the upper arm and the shoulder blade.", or "" when the chosen place is the
    only one this muscle sends pain to."""
    others = [area for area in row.pain_areas.all() if area != chosen]
    return f"Also felt {join_places(others)}." if others else ""


@dataclass(frozen=True)
class Felt:
    area: PainArea
    spot: Spot
    chosen: bool


@dataclass(frozen=True)
class Diagram:
    trigger: Spot
    felt: list[Felt]
    description: str


def diagram(
    row: ReferredPainRow, places: list[PainArea], chosen: PainArea | None = None
) -> Diagram | None:
    """The muscle's picture: its trigger point and the places it sends pain to (`places`, read
    with the row), with the same said in words for anyone who cannot see it. None until an
    editor places the point."""
    if not row.has_diagram:
        return None
    drawn = [area for area in places if is_placed(area)]
    view = PainArea.ChartView(row.trigger_view).label.lower()
    where = f"{row.trigger_point}, on the {view}" if row.trigger_point else f"on the {view}"
    description = f"{row.muscle}: the trigger point is {where} of the body"
    if drawn:
        description += f"; the pain it sends is felt {join_places(drawn)}"
    return Diagram(
        trigger=_spot(row.trigger_view, row.trigger_x, row.trigger_y),
        felt=[
            Felt(area, _spot(area.chart_view, area.chart_x, area.chart_y), area == chosen)
            for area in drawn
        ],
        description=description + ".",
    )


@dataclass(frozen=True)
class Result:
    row: ReferredPainRow
    diagram: Diagram | None
    also_felt: str


def results(rows: list[ReferredPainRow], chosen: PainArea) -> list[Result]:
    return [
        Result(row, diagram(row, list(row.pain_areas.all()), chosen), also_felt(row, chosen))
        for row in rows
    ]
