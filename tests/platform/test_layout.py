"""The layout docs/architecture.md describes: bookings' top level only gathers its sub-packages,
and migrations hold schema, not content."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENTRY_FILES = {"__init__.py", "admin.py", "apps.py", "forms.py", "models.py", "urls.py", "views.py"}
SUB_PACKAGES = {
    "backoffice",
    "billing",
    "clients",
    "clinical",
    "mileage",
    "notifications",
    "privacy",
    "scheduling",
}


def test_bookings_top_level_holds_only_entry_files_and_sub_packages():
    top = ROOT / "bookings"
    modules = {path.name for path in top.glob("*.py")}
    packages = {path.parent.name for path in top.glob("*/__init__.py")}

    assert modules == ENTRY_FILES
    assert packages >= SUB_PACKAGES
    # Django's own places: commands, migrations, template tags.
    assert packages - SUB_PACKAGES <= {"management", "migrations", "templatetags"}


def test_no_migration_is_longer_than_two_hundred_lines():
    long = {
        str(path.relative_to(ROOT)): lines
        for path in ROOT.glob("*/migrations/0*.py")
        if (lines := len(path.read_text().splitlines())) > 200
    }
    assert long == {}
