"""The pictures drawn for the articles, each placed at the end of the section that explains it.

Article bodies are staff-written Markdown, so a picture is tied to a section by its heading's
id, with a fallback or two. If an editor renames every heading a picture could follow, the
picture is left out; the page never breaks.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Figure:
    template: str
    # Heading ids in order of preference: the first one the body has gets the picture.
    after: tuple[str, ...]


FIGURES = [
    Figure(
        "content/figures/pain_cycle.html",
        after=("how-one-forms", "what-a-trigger-point-is", "how-myofascial-release-works"),
    ),
    Figure(
        "content/figures/ball_against_wall.html",
        after=("shoulders-and-upper-back-a-tennis-ball-against-a-wall",),
    ),
    Figure(
        "content/figures/ball_under_glutes.html",
        after=("glutes-and-hips-on-a-chair-or-the-floor",),
    ),
]


def placed(heading_ids: list[str]) -> dict[str, SafeString]:
    """The pictures for a body with these headings, by the id of the heading each follows."""
    present = set(heading_ids)
    pictures: dict[str, SafeString] = {}
    for figure in FIGURES:
        heading = next((h for h in figure.after if h in present), None)
        if heading is not None:
            pictures[heading] = pictures.get(heading, SafeString()) + render_to_string(
                figure.template
            )
    return pictures
