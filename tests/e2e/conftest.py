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


@pytest.fixture
def accessible(page):
    """Assert the page currently loaded has no WCAG 2.1 AA violation that axe can find."""

    def check(label: str):
        violations = axe_violations(page)
        assert violations == [], f"{label}: {violations}"

    return check
