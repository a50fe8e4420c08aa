"""Browser checks: axe-core for WCAG 2.1 AA, and the Nu HTML checker for valid markup."""

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def axe_violations(page) -> list[dict]:
    page.evaluate(AXE_JS.read_text())
    result = page.evaluate("options => axe.run(document, options)", WCAG_AA)
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["html"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]


def html_errors(pages: dict[str, str], tmp_path: Path) -> list[str]:
    """Nu checker errors for each page's HTML, checked in one run of the checker."""
    files = []
    for index, (name, html) in enumerate(pages.items()):
        path = tmp_path / f"{index:02d}-{name.strip('/').replace('/', '_') or 'home'}.html"
        path.write_text(html)
        files.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "gnu", *files],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    return [line for line in result.stderr.splitlines() + result.stdout.splitlines() if line]


def fill_first_visit_details(page, *, name: str, email: str, phone: str, **extra) -> None:
    """Go through the details steps as a first-time client does (contact and address, then a
    health history) to the review, and tick its consent. `extra` fills more fields by their
    label, on whichever of the two pages asks them."""

    def fill_extra():
        for label, value in extra.items():
            if page.get_by_label(label).count():
                page.get_by_label(label).fill(value)

    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_role("group", name="Contact", exact=True).get_by_label("Phone").fill(phone)
    page.get_by_label("Street address").fill("40 Queen Street West")
    page.get_by_label("City or town").fill("Brampton")
    fill_extra()
    page.get_by_role("button", name="Continue", exact=True).click()
    page.get_by_label("What would you like treated, and where?").fill("Tight lower back.")
    page.get_by_label("Emergency contact's name").fill("Kim Client")
    page.get_by_label("Emergency contact's phone").fill("905-555-0177")
    fill_extra()
    page.get_by_role("button", name="Continue to review").click()
    page.get_by_label("I agree to all of the above.").check()


def sign_in_to_admin(page, url: str, user, password: str) -> None:
    """Open `url` (an admin page) and sign in as `user` as staff do: the password, then, where
    the login needs a second factor, the code the authenticator app shows (an app is enrolled
    for `user` if none is)."""
    from stillwaters import two_factor
    from tests.support import current_code

    enrolment = None
    if two_factor.requires_second_factor(user):
        enrolment = two_factor.enrolment_of(user) or two_factor.enrol(user)
    page.goto(url)
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    if enrolment is not None:
        page.get_by_label("6-digit code").fill(current_code(enrolment.device))
        page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def accessible(page):
    """Assert the page currently loaded has no WCAG 2.1 AA violation that axe can find."""

    def check(label: str):
        violations = axe_violations(page)
        assert violations == [], f"{label}: {violations}"

    return check


@pytest.fixture
def education_site(bookable_site):
    """The bookable site and what staff wrote to teach clients about trigger points: an article
    with a referred-pain table, a comparison table and an FAQ entry, and the places the pain
    finder offers."""
    from types import SimpleNamespace

    from tests.factories import (
        ArticleFactory,
        ComparisonRowFactory,
        ComparisonTableFactory,
        FaqFactory,
        PainAreaFactory,
        ReferredPainRowFactory,
        ReferredPainTableFactory,
    )

    article = ArticleFactory(
        title="Myofascial release and trigger points",
        slug="myofascial-release-trigger-points",
        summary="What trigger points are and why a tight spot in one muscle is felt elsewhere.",
        body=(
            "## What a trigger point is\n\nA small, tight spot in a muscle that can send pain "
            "to another part of the body.\n\n[[table:common-referred-pain]]\n\n"
            "## Trigger point or soreness?\n\n[[table:trigger-point-vs-soreness]]\n"
        ),
    )
    places = {
        name: PainAreaFactory(name=name, position=position)
        for position, name in enumerate(["Temple", "Low back", "Groin", "Buttock"], start=1)
    }
    table = ReferredPainTableFactory(
        caption="Common trigger points and where they refer pain",
        slug="common-referred-pain",
        article=article,
    )
    ReferredPainRowFactory(
        table=table, muscle="Upper trapezius", sensation="A band of tension around the head",
        body_region="head-neck", pain_areas=[places["Temple"]], position=1,
    )  # fmt: skip
    ReferredPainRowFactory(
        table=table, muscle="Quadratus lumborum", sensation="A deep ache on straightening up",
        body_region="low-back-hip", position=2,
        pain_areas=[places["Low back"], places["Groin"], places["Buttock"]],
    )  # fmt: skip
    comparison = ComparisonTableFactory(
        caption="Trigger point pain or general muscle soreness?",
        slug="trigger-point-vs-soreness",
        first_heading="Trigger point pain",
        second_heading="General muscle soreness",
    )
    ComparisonRowFactory(
        table=comparison, characteristic="Sensation",
        first="A sharp pain focused on one spot.", second="A dull ache across a whole muscle.",
    )  # fmt: skip
    FaqFactory(
        article=article,
        question="Will myofascial release hurt?",
        answer="You will feel it, but it should never be sharp.\n\nTell Taylor to ease off.",
    )
    return SimpleNamespace(article=article, places=places, **vars(bookable_site))
