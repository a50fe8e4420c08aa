"""The starter files in content/starter/ load into an empty site once, and never undo staff edits.

The test database still holds what the old data migrations created, so every test starts by
emptying the starter tables and the ledger: the loader must bring a really empty site to life.
Expected values are read from the files themselves, so editing the files never breaks a test.
"""

import re
import shutil
import tomllib
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from bookings.models import (
    AreaRule,
    BookingOption,
    BookingPolicy,
    DrivingTime,
    PostalPrefix,
    ReminderOffset,
    WorkingHours,
)
from bookings.scheduling.starter import load_practice
from content.models import (
    Article,
    ComparisonRow,
    ComparisonTable,
    Faq,
    PainArea,
    ReferredPainRow,
    ReferredPainTable,
    Service,
    ServiceArea,
    StarterItem,
)
from content.starter_loader import PRACTICE_FILE, STARTER_DIR, StarterDataError, load_content
from tests.support import TORONTO

pytestmark = pytest.mark.django_db

NOW = datetime.combine(date(2026, 12, 1), time(9), tzinfo=TORONTO)  # a Tuesday
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
STARTER_MODELS = [
    BookingOption, PostalPrefix, DrivingTime, WorkingHours, ReminderOffset, BookingPolicy, Faq,
    ReferredPainRow,
    ComparisonRow, ReferredPainTable, ComparisonTable, Article, PainArea, Service, ServiceArea,
    StarterItem,
]  # fmt: skip


def pages(kind: str) -> list[tuple[dict, str]]:
    """Each page's front matter and body, read without the loader."""
    found = []
    for path in sorted((STARTER_DIR / kind).glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("+++\n", 2)
        found.append((tomllib.loads(front), body.strip() + "\n"))
    return found


ARTICLES = pages("articles")
SERVICES = pages("services")
AREAS = pages("areas")
TABLES = tomllib.loads((STARTER_DIR / "tables.toml").read_text(encoding="utf-8"))
PRACTICE = tomllib.loads(PRACTICE_FILE.read_text(encoding="utf-8"))


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in STARTER_MODELS}


def load():
    return load_content(), load_practice()


def created(reports) -> int:
    return sum(report.total("created") for report in reports)


@pytest.fixture
def empty_site(db):
    """No starter data and an empty ledger, as on a site whose data migrations are no-ops."""
    for model in STARTER_MODELS:
        model.objects.all().delete()
    assert not any(counts().values())


@pytest.fixture
def loaded(empty_site):
    call_command("load_starter_content", stdout=StringIO())


def test_a_fresh_load_creates_the_content_the_files_hold(empty_site):
    out = StringIO()
    call_command("load_starter_content", stdout=out)
    assert set(Article.objects.values_list("slug", flat=True)) == {m["slug"] for m, _ in ARTICLES}
    assert Faq.objects.count() == sum(len(meta.get("faqs", [])) for meta, _ in ARTICLES)
    assert set(Service.objects.values_list("slug", flat=True)) == {m["slug"] for m, _ in SERVICES}
    assert set(ServiceArea.objects.values_list("slug", flat=True)) == {m["slug"] for m, _ in AREAS}
    assert PainArea.objects.count() == len(TABLES["pain_areas"])
    assert ReferredPainTable.objects.count() == len(TABLES["referred_pain_tables"])
    assert ReferredPainRow.objects.count() == sum(
        len(table["rows"]) for table in TABLES["referred_pain_tables"]
    )
    assert ComparisonTable.objects.count() == len(TABLES["comparison_tables"])
    assert ComparisonRow.objects.count() == sum(
        len(table["rows"]) for table in TABLES["comparison_tables"]
    )
    assert f"article: {len(ARTICLES)} created, 0 already there, 0 skipped" in out.getvalue()


def test_a_fresh_load_creates_the_practice_the_files_hold(empty_site):
    load()
    options = BookingOption.objects.values_list(
        "service__slug", "minutes", "price", "setup_minutes", "teardown_minutes"
    )
    assert set(options) == {
        (option["service"], option["minutes"], Decimal(option["price"]),
         option.get("setup_minutes", PRACTICE["setup_minutes"]),
         option.get("teardown_minutes", PRACTICE["teardown_minutes"]))
        for option in PRACTICE["options"]
    }  # fmt: skip
    assert set(PostalPrefix.objects.values_list("area__slug", "fsa")) == {
        (area, fsa) for area, fsas in PRACTICE["postal_prefixes"].items() for fsa in fsas
    }
    assert set(DrivingTime.objects.values_list("from_area__slug", "to_area__slug", "minutes")) == {
        (one, other, entry["minutes"])
        for entry in PRACTICE["driving_minutes"]
        for one, other in (entry["areas"], reversed(entry["areas"]))
    }
    assert set(WorkingHours.objects.values_list("weekday", "starts", "ends")) == {
        (WEEKDAYS.index(entry["weekday"]), entry["starts"], entry["ends"])
        for entry in PRACTICE["working_hours"]
    }
    assert set(ReminderOffset.objects.values_list("minutes_before", flat=True)) == set(
        PRACTICE["reminder_minutes_before"]
    )
    rules = AreaRule.objects.values_list(
        "area__slug", "visit_weekdays", "minimum_minutes", "travel_fee"
    )
    assert set((slug, tuple(days), minimum, fee) for slug, days, minimum, fee in rules) == {
        (rule["area"], tuple(sorted(WEEKDAYS.index(day) for day in rule["weekdays"])),
         rule["minimum_minutes"], Decimal(rule["travel_fee"]))
        for rule in PRACTICE["area_rules"]
    }  # fmt: skip
    policy = BookingPolicy.objects.select_related("home_area").get()
    as_loaded = {name: getattr(policy, name) for name in PRACTICE["policy"]}
    assert {**as_loaded, "home_area": policy.home_area.slug} == PRACTICE["policy"]


def test_article_bodies_and_faq_entries_are_the_files_text(loaded):
    for meta, body in ARTICLES:
        article = Article.objects.get(slug=meta["slug"])
        assert (article.title, article.summary, article.body) == (
            meta["title"], meta["summary"], body
        )  # fmt: skip
        faqs = list(article.faqs.values_list("question", "answer", "position"))
        assert faqs == [
            (faq["question"], faq["answer"], position)
            for position, faq in enumerate(meta.get("faqs", []), start=1)
        ]


def test_every_article_is_published_and_renders_at_its_url(loaded, client):
    for meta, _ in ARTICLES:
        article = Article.objects.get(slug=meta["slug"])
        assert article.status == Article.Status.PUBLISHED
        assert article.published_at == meta["published_at"]
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200, article.slug
        assert article.title in response.content.decode()


def test_every_service_and_area_page_renders(loaded, client):
    for meta, _ in SERVICES + AREAS:
        model = Service if "is_massage_therapy" in meta else ServiceArea
        response = client.get(model.objects.get(slug=meta["slug"]).get_absolute_url())
        assert response.status_code == 200, meta["slug"]


def test_the_pain_finder_lists_the_places_the_tables_name(loaded, client):
    named = {slug for table in TABLES["referred_pain_tables"] for row in table["rows"]
             for slug in row["pain_areas"]}  # fmt: skip
    html = client.get("/trigger-points/").content.decode()
    for area in TABLES["pain_areas"]:
        if area["slug"] in named:
            assert f'<option value="{area["slug"]}">{area["name"]}</option>' in html


def test_the_starter_places_are_all_on_the_map_and_every_muscle_has_its_diagram(loaded, client):
    html = client.get("/trigger-points/").content.decode()
    for area in TABLES["pain_areas"]:
        assert f'aria-label="{area["name"]}"' in html
    for row in ReferredPainRow.objects.all():
        assert row.has_diagram and row.trigger_point, row.muscle
    html = client.get("/trigger-points/", {"area": "between-the-shoulder-blades"}).content.decode()
    assert "Pain felt between the shoulder blades</h2>" in html


def test_every_service_has_options(loaded):
    for meta, _ in SERVICES:
        assert BookingOption.objects.filter(service__slug=meta["slug"], is_active=True).exists()


def test_the_site_is_bookable_in_brampton_on_the_next_working_day(loaded, client, time_machine):
    time_machine.move_to(NOW, tick=False)
    assert "L6Y" in PRACTICE["postal_prefixes"]["brampton"]
    massage = {meta["slug"] for meta, _ in SERVICES if meta["is_massage_therapy"]}
    service = next(o["service"] for o in PRACTICE["options"]
                   if o["service"] in massage and o["minutes"] == 60)  # fmt: skip
    working = {WEEKDAYS.index(entry["weekday"]) for entry in PRACTICE["working_hours"]}
    day = next(
        NOW.date() + timedelta(days=n)
        for n in range(1, 8)
        if (NOW.date() + timedelta(days=n)).weekday() in working
    )
    response = client.get(
        "/book/slots",
        {"service": service, "length": 60, "postal_code": "L6Y 0A1", "start": day, "end": day},
    )
    assert response.status_code == 200, response.content
    slots = [datetime.fromisoformat(start) for start in response.json()["slots"]]
    assert slots
    assert {start.astimezone(TORONTO).date() for start in slots} == {day}


def test_loading_twice_creates_nothing_the_second_time(loaded):
    before = counts()
    reports = load()
    assert created(reports) == 0
    assert counts() == before


def test_a_price_taylor_changed_stays_changed_after_a_reload(loaded):
    first = PRACTICE["options"][0]
    option = BookingOption.objects.get(service__slug=first["service"], minutes=first["minutes"])
    option.price = Decimal(first["price"]) + 15
    option.save()
    load()
    option.refresh_from_db()
    assert option.price == Decimal(first["price"]) + 15


def test_an_option_taylor_deleted_is_not_brought_back(loaded):
    first = PRACTICE["options"][0]
    BookingOption.objects.get(service__slug=first["service"], minutes=first["minutes"]).delete()
    load()
    assert not BookingOption.objects.filter(
        service__slug=first["service"], minutes=first["minutes"]
    ).exists()


def test_the_booking_policy_taylor_changed_is_not_reset_by_a_reload(loaded):
    policy = BookingPolicy.objects.get()
    policy.minimum_notice_hours = PRACTICE["policy"]["minimum_notice_hours"] + 12
    policy.save()
    load()
    policy.refresh_from_db()
    assert policy.minimum_notice_hours == PRACTICE["policy"]["minimum_notice_hours"] + 12


def test_an_article_an_editor_deleted_is_not_brought_back_with_its_faq_entries(loaded):
    meta, _ = max(ARTICLES, key=lambda page: len(page[0].get("faqs", [])))
    Article.objects.get(slug=meta["slug"]).delete()
    faqs = Faq.objects.count()
    load()
    assert not Article.objects.filter(slug=meta["slug"]).exists()
    assert Faq.objects.count() == faqs


def test_an_item_missing_from_the_ledger_but_in_the_database_is_not_duplicated(loaded):
    # Working hours have no unique key in the database, so only the loader can keep them single.
    hours = PRACTICE["working_hours"][0]
    key = f"bookings.working-hours:{hours['weekday']}:{hours['starts']:%H:%M}-{hours['ends']:%H:%M}"
    before = counts()
    StarterItem.objects.get(key=key).delete()
    reports = load()
    assert created(reports) == 0
    assert counts() == before
    assert StarterItem.objects.filter(key=key).exists()


def test_a_site_filled_by_the_old_migrations_keeps_its_edits_and_gets_a_full_ledger(loaded):
    ledger = StarterItem.objects.count()
    StarterItem.objects.all().delete()
    meta, _ = ARTICLES[0]
    Article.objects.filter(slug=meta["slug"]).update(title="Taylor's own title")
    before = counts()
    reports = load()
    assert created(reports) == 0
    assert counts() == {**before, "StarterItem": ledger}
    assert Article.objects.get(slug=meta["slug"]).title == "Taylor's own title"
    assert sum(report.total("already there") for report in reports) == ledger


@pytest.fixture
def starter_copy(tmp_path):
    directory = tmp_path / "starter"
    shutil.copytree(STARTER_DIR, directory)
    return directory


def test_a_bad_price_is_refused_naming_the_file_and_field(empty_site, starter_copy):
    path = starter_copy / "practice.toml"
    first = PRACTICE["options"][0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f'price = "{first["price"]}"', 'price = "14x"', 1))
    with pytest.raises(StarterDataError) as refused:
        load_practice(path)
    assert f"{path}, options[0]: price:" in str(refused.value)
    assert not any(counts().values())


def test_a_negative_travel_fee_is_refused_naming_the_file_and_field(empty_site, starter_copy):
    path = starter_copy / "practice.toml"
    first = PRACTICE["area_rules"][0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f'travel_fee = "{first["travel_fee"]}"', 'travel_fee = "-5"', 1))
    with pytest.raises(StarterDataError) as refused:
        load_practice(path)
    assert f"{path}, area_rules[0]: travel_fee: A travel fee cannot be negative" in str(
        refused.value
    )
    assert not any(counts().values())


def test_an_article_without_a_title_is_refused_naming_the_file_and_field(empty_site, starter_copy):
    meta, _ = ARTICLES[0]
    path = starter_copy / "articles" / f"{meta['slug']}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title = .*\n", "", text, count=1, flags=re.MULTILINE))
    with pytest.raises(StarterDataError) as refused:
        load_content(starter_copy)
    assert str(refused.value) == f"{path}: title: missing"
    assert not any(counts().values())
