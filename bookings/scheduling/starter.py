"""The practice a new site starts with: booking options, postal prefixes, driving times,
working hours, reminder offsets and the booking policy, from content/starter/practice.toml.

The ledger rules are the starter content's (content/starter_loader.py): an item is created once,
or recorded as already there, and from then on Taylor's edits and deletions stand.
"""

from pathlib import Path

from django.db import transaction

from bookings.models import (
    AreaRule,
    BookingOption,
    BookingPolicy,
    DrivingTime,
    PostalPrefix,
    ReminderOffset,
    WorkingHours,
)
from content.models import Service, ServiceArea
from content.starter_loader import (
    PRACTICE_FILE,
    Ledger,
    StarterDataError,
    StarterReport,
    expect_keys,
    items,
    no_repeats,
    page_slugs,
    read_toml,
    validated,
)

WEEKDAYS = {label.lower(): day for day, label in WorkingHours.Weekday.choices}
POLICY_FIELDS = tuple(
    field.name
    for field in BookingPolicy._meta.concrete_fields
    if field.editable and not field.primary_key
)


def _options(data: dict, where: str, services: set[str]) -> list[tuple[str, BookingOption]]:
    """Each option, with the practice's set-up and tear-down minutes unless it names its own."""
    options = []
    at_home = {name: data.get(name, 0) for name in ("setup_minutes", "teardown_minutes")}
    for entry_where, entry in items(data, "options", where):
        values = expect_keys(entry, entry_where, ("service", "minutes", "price"), tuple(at_home))
        if values["service"] not in services:
            raise StarterDataError(
                f"{entry_where}: service: no services/{values['service']}.md beside {where}"
            )
        if not isinstance(values["price"], str):
            raise StarterDataError(
                f'{entry_where}: price: write the price as a string, for example "140"'
            )
        option = BookingOption(
            minutes=values["minutes"],
            price=values["price"],
            **{name: values.get(name, default) for name, default in at_home.items()},
        )
        options.append((values["service"], validated(option, entry_where, ("service",))))
    no_repeats(where, "options", [f"{slug}:{option.minutes}" for slug, option in options])
    return options


def _prefixes(data: dict, where: str, areas: set[str]) -> list[tuple[str, PostalPrefix]]:
    by_area = expect_keys(data["postal_prefixes"], f"{where}, postal_prefixes", (), tuple(areas))
    prefixes = []
    for slug in by_area:
        for code_where, code in items(by_area, slug, f"{where}, postal_prefixes"):
            prefixes.append((slug, validated(PostalPrefix(fsa=code), code_where, ("area",))))
    no_repeats(where, "postal_prefixes", [prefix.fsa for _, prefix in prefixes])
    return prefixes


def _driving(data: dict, where: str, areas: set[str]) -> list[tuple[str, str, DrivingTime]]:
    driving = []
    for entry_where, entry in items(data, "driving_minutes", where):
        values = expect_keys(entry, entry_where, ("areas", "minutes"), ("peak_minutes",))
        pair = values["areas"]
        known = isinstance(pair, list) and all(
            isinstance(slug, str) and slug in areas for slug in pair
        )
        if not (known and len(pair) == 2 and pair[0] != pair[1]):
            raise StarterDataError(
                f"{entry_where}: areas: expected two different area slugs, found {pair!r}"
            )
        time = validated(
            DrivingTime(minutes=values["minutes"], peak_minutes=values.get("peak_minutes")),
            entry_where,
            ("from_area", "to_area"),
        )
        driving.append((pair[0], pair[1], time))
    no_repeats(where, "driving_minutes", [":".join(sorted(pair)) for *pair, _ in driving])
    return driving


def _weekdays(names: list, where: str) -> list[int]:
    unknown = [day for day in names if day not in WEEKDAYS]
    if unknown:
        raise StarterDataError(
            f"{where}: weekdays: expected days from {', '.join(WEEKDAYS)}, found {unknown!r}"
        )
    return sorted(WEEKDAYS[day] for day in names)


def _hours(data: dict, where: str) -> list[WorkingHours]:
    hours = []
    for entry_where, entry in items(data, "working_hours", where):
        values = expect_keys(entry, entry_where, ("weekday", "starts", "ends"))
        if values["weekday"] not in WEEKDAYS:
            raise StarterDataError(
                f"{entry_where}: weekday: expected one of {', '.join(WEEKDAYS)}, "
                f"found {values['weekday']!r}"
            )
        hours.append(
            validated(
                WorkingHours(
                    weekday=WEEKDAYS[values["weekday"]],
                    starts=values["starts"],
                    ends=values["ends"],
                ),
                entry_where,
            )
        )
    no_repeats(where, "working_hours", [_hours_key(entry) for entry in hours])
    return hours


def _area_rules(data: dict, where: str, areas: set[str]) -> list[tuple[str, AreaRule]]:
    rules = []
    for entry_where, entry in items(data, "area_rules", where):
        values = expect_keys(
            entry, entry_where, ("area",), ("weekdays", "minimum_minutes", "travel_fee")
        )
        if values["area"] not in areas:
            raise StarterDataError(f"{entry_where}: area: no areas/{values['area']}.md")
        if not isinstance(values.get("travel_fee", ""), str):
            raise StarterDataError(
                f'{entry_where}: travel_fee: write the fee as a string, for example "20"'
            )
        rule = AreaRule(
            visit_weekdays=_weekdays(values.get("weekdays", []), entry_where),
            minimum_minutes=values.get("minimum_minutes"),
            travel_fee=values.get("travel_fee"),
        )
        rules.append((values["area"], validated(rule, entry_where, ("area",))))
    no_repeats(where, "area_rules", [slug for slug, _ in rules])
    return rules


def _hours_key(hours: WorkingHours) -> str:
    day = WorkingHours.Weekday(hours.weekday).label.lower()
    return f"bookings.working-hours:{day}:{hours.starts:%H:%M}-{hours.ends:%H:%M}"


def _reminder_offsets(data: dict, where: str) -> list[ReminderOffset]:
    offsets = [
        validated(ReminderOffset(minutes_before=minutes), item_where)
        for item_where, minutes in items(data, "reminder_minutes_before", where)
    ]
    no_repeats(where, "reminder_minutes_before", [str(o.minutes_before) for o in offsets])
    return offsets


def load_practice(path: Path = PRACTICE_FILE) -> StarterReport:
    """Create the starter options, prefixes, driving times, area rules, hours, reminder offsets
    and policy that are missing."""
    where = str(path)
    data = expect_keys(
        read_toml(path),
        where,
        (
            "options",
            "postal_prefixes",
            "driving_minutes",
            "working_hours",
            "reminder_minutes_before",
            "policy",
        ),
        ("setup_minutes", "teardown_minutes", "area_rules"),
    )
    area_slugs = page_slugs(path.parent / "areas")
    options = _options(data, where, page_slugs(path.parent / "services"))
    prefixes = _prefixes(data, where, area_slugs)
    driving = _driving(data, where, area_slugs)
    hours = _hours(data, where)
    rules = _area_rules(data, where, area_slugs) if "area_rules" in data else []
    offsets = _reminder_offsets(data, where)
    policy = dict(expect_keys(data["policy"], f"{where}, policy", (), POLICY_FIELDS))
    # The home base is named by its area's slug, as the areas are everywhere in this file.
    home_slug = policy.pop("home_area", None)
    if home_slug is not None and home_slug not in area_slugs:
        raise StarterDataError(f"{where}, policy: home_area: no areas/{home_slug}.md beside it")
    validated(BookingPolicy(**policy), f"{where}, policy")

    with transaction.atomic():
        ledger = Ledger()
        services = Service.objects.in_bulk(field_name="slug")
        areas = ServiceArea.objects.in_bulk(field_name="slug")

        existing = set(BookingOption.objects.values_list("service__slug", "minutes"))
        for slug, option in options:
            key = f"bookings.option:{slug}:{option.minutes}"
            if slug not in services:
                ledger.skip(key)
            elif ledger.should_create(key, exists=(slug, option.minutes) in existing):
                option.service = services[slug]
                option.save()

        existing = set(PostalPrefix.objects.values_list("fsa", flat=True))
        for slug, prefix in prefixes:
            key = f"bookings.postal-prefix:{prefix.fsa}"
            if slug not in areas:
                ledger.skip(key)
            elif ledger.should_create(key, exists=prefix.fsa in existing):
                prefix.area = areas[slug]
                prefix.save()

        existing = set(DrivingTime.objects.values_list("from_area__slug", "to_area__slug"))
        for first, second, time in driving:
            for one, other in ((first, second), (second, first)):
                key = f"bookings.driving-time:{one}:{other}"
                if one not in areas or other not in areas:
                    ledger.skip(key)
                elif ledger.should_create(key, exists=(one, other) in existing):
                    DrivingTime.objects.create(
                        from_area=areas[one],
                        to_area=areas[other],
                        minutes=time.minutes,
                        peak_minutes=time.peak_minutes,
                    )

        existing = set(WorkingHours.objects.values_list("weekday", "starts", "ends"))
        for entry in hours:
            natural = (entry.weekday, entry.starts, entry.ends)
            if ledger.should_create(_hours_key(entry), exists=natural in existing):
                entry.save()

        existing = set(ReminderOffset.objects.values_list("minutes_before", flat=True))
        for offset in offsets:
            key = f"bookings.reminder-offset:{offset.minutes_before}"
            if ledger.should_create(key, exists=offset.minutes_before in existing):
                offset.save()

        existing = set(AreaRule.objects.values_list("area__slug", flat=True))
        for slug, rule in rules:
            key = f"bookings.area-rule:{slug}"
            if slug not in areas:
                ledger.skip(key)
            elif ledger.should_create(key, exists=slug in existing):
                rule.area = areas[slug]
                rule.save()

        has_policy = BookingPolicy.objects.filter(singleton=True).exists()
        if ledger.should_create("bookings.policy", exists=has_policy):
            home = {"home_area": areas[home_slug]} if home_slug else {}
            BookingPolicy.objects.get_or_create(singleton=True, defaults={**policy, **home})
        return ledger.close()
