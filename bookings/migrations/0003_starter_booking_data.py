"""Starter booking data, so a fresh site can take bookings: lengths and prices for every service,
the postal code prefixes of every area, driving times between areas, Monday to Saturday hours and
the booking policy.

Services and areas come from content's starter migration and are found by slug; one that is
missing is skipped rather than failing the deploy. Rows that already exist are left as they are.
Taylor edits all of it in the admin afterwards.
"""

from decimal import Decimal

from django.db import migrations

# (service slug, [(minutes, price including travel)]). Shorter visits for treatments that are
# usually given on their own or that older clients tolerate better.
OPTIONS = [
    ("swedish-massage", [(60, "140"), (75, "165"), (90, "190")]),
    ("cupping-therapy", [(45, "115"), (60, "140")]),
    ("deep-tissue-massage", [(60, "150"), (75, "175"), (90, "200")]),
    ("rehabilitation-massage", [(60, "150"), (75, "175"), (90, "200")]),
    ("myofascial-release", [(60, "145"), (75, "170"), (90, "195")]),
    ("trigger-point-release", [(60, "145"), (75, "170"), (90, "195")]),
    ("joint-mobilization", [(45, "115"), (60, "140")]),
    ("hydrotherapy", [(45, "110"), (60, "135")]),
    ("geriatric-massage", [(45, "115"), (60, "135")]),
    ("sports-massage-therapy", [(60, "150"), (75, "175"), (90, "200")]),
    ("energy-healing", [(45, "100"), (60, "125")]),
]

# Forward sortation areas by area. Each FSA belongs to one area only. Canada Post's
# non-residential FSAs (office towers, PO boxes, the airport, processing plants) are left out:
# nobody books a home visit there.
POSTAL_PREFIXES = {
    "brampton": "L6P L6R L6S L6T L6V L6W L6X L6Y L6Z L7A",
    "toronto": (
        # Scarborough
        "M1B M1C M1E M1G M1H M1J M1K M1L M1M M1N M1P M1R M1S M1T M1V M1W M1X "
        # North York
        "M2H M2J M2K M2L M2M M2N M2P M2R M3A M3B M3C M3H M3J M3K M3L M3M M3N "
        "M6A M6B M6L M9L M9M "
        # East York, midtown and downtown
        "M4A M4B M4C M4E M4G M4H M4J M4K M4L M4M M4N M4P M4R M4S M4T M4V M4W M4X M4Y "
        "M5A M5B M5C M5E M5G M5H M5J M5M M5N M5P M5R M5S M5T M5V "
        # York and the west end
        "M6C M6E M6G M6H M6J M6K M6M M6N M6P M6R M6S M9N"
    ),
    "etobicoke": "M8V M8W M8X M8Y M8Z M9A M9B M9C M9P M9R M9V M9W",
    "oakville": "L6H L6J L6K L6L L6M",
    "caledon": "L7C L7E L7K",
    "orangeville": "L9W",
    "mississauga": (
        "L4T L4V L4W L4X L4Y L4Z L5A L5B L5C L5E L5G L5H L5J L5K L5L L5M L5N L5R L5S L5T L5V L5W"
    ),
    "milton": "L9E L9T",
    # The rest of Halton Region: Burlington, Georgetown and Acton, and the rural routes (L0P).
    "halton": "L0P L7G L7J L7L L7M L7N L7P L7R L7S L7T",
    "guelph": "N1C N1E N1G N1H N1K N1L",
}

# Minutes of daytime driving between areas, the same both ways.
DRIVING_MINUTES = [
    ("brampton", "toronto", 45),
    ("brampton", "etobicoke", 30),
    ("brampton", "oakville", 35),
    ("brampton", "caledon", 25),
    ("brampton", "orangeville", 45),
    ("brampton", "mississauga", 25),
    ("brampton", "milton", 35),
    ("brampton", "halton", 35),
    ("brampton", "guelph", 55),
    ("toronto", "etobicoke", 25),
    ("toronto", "oakville", 45),
    ("toronto", "caledon", 60),
    ("toronto", "orangeville", 80),
    ("toronto", "mississauga", 35),
    ("toronto", "milton", 55),
    ("toronto", "halton", 60),
    ("toronto", "guelph", 75),
    ("etobicoke", "oakville", 25),
    ("etobicoke", "caledon", 45),
    ("etobicoke", "orangeville", 65),
    ("etobicoke", "mississauga", 20),
    ("etobicoke", "milton", 35),
    ("etobicoke", "halton", 45),
    ("etobicoke", "guelph", 60),
    ("oakville", "caledon", 50),
    ("oakville", "orangeville", 65),
    ("oakville", "mississauga", 25),
    ("oakville", "milton", 20),
    ("oakville", "halton", 25),
    ("oakville", "guelph", 45),
    ("caledon", "orangeville", 30),
    ("caledon", "mississauga", 40),
    ("caledon", "milton", 45),
    ("caledon", "halton", 40),
    ("caledon", "guelph", 55),
    ("orangeville", "mississauga", 55),
    ("orangeville", "milton", 50),
    ("orangeville", "halton", 45),
    ("orangeville", "guelph", 45),
    ("mississauga", "milton", 30),
    ("mississauga", "halton", 35),
    ("mississauga", "guelph", 55),
    ("milton", "halton", 25),
    ("milton", "guelph", 35),
    ("halton", "guelph", 40),
]

WORKING_DAYS = range(6)  # Monday (0) to Saturday (5)
DAY_STARTS, DAY_ENDS = "09:00", "18:00"


def add_starter_booking_data(apps, schema_editor):
    Service = apps.get_model("content", "Service")
    ServiceArea = apps.get_model("content", "ServiceArea")
    BookingOption = apps.get_model("bookings", "BookingOption")
    PostalPrefix = apps.get_model("bookings", "PostalPrefix")
    DrivingTime = apps.get_model("bookings", "DrivingTime")
    WorkingHours = apps.get_model("bookings", "WorkingHours")
    BookingPolicy = apps.get_model("bookings", "BookingPolicy")

    services = Service.objects.in_bulk([slug for slug, _ in OPTIONS], field_name="slug")
    areas = ServiceArea.objects.in_bulk(list(POSTAL_PREFIXES), field_name="slug")

    BookingOption.objects.bulk_create(
        [
            BookingOption(service=services[slug], minutes=minutes, price=Decimal(price))
            for slug, lengths in OPTIONS
            if slug in services
            for minutes, price in lengths
        ],
        ignore_conflicts=True,
    )
    PostalPrefix.objects.bulk_create(
        [
            PostalPrefix(area=areas[slug], fsa=fsa)
            for slug, fsas in POSTAL_PREFIXES.items()
            if slug in areas
            for fsa in fsas.split()
        ],
        ignore_conflicts=True,
    )
    DrivingTime.objects.bulk_create(
        [
            DrivingTime(from_area=areas[one], to_area=areas[other], minutes=minutes)
            for first, second, minutes in DRIVING_MINUTES
            if first in areas and second in areas
            for one, other in ((first, second), (second, first))
        ],
        ignore_conflicts=True,
    )
    for weekday in WORKING_DAYS:
        WorkingHours.objects.get_or_create(weekday=weekday, starts=DAY_STARTS, ends=DAY_ENDS)
    BookingPolicy.objects.get_or_create(singleton=True)


def remove_starter_booking_data(apps, schema_editor):
    BookingOption = apps.get_model("bookings", "BookingOption")
    PostalPrefix = apps.get_model("bookings", "PostalPrefix")
    DrivingTime = apps.get_model("bookings", "DrivingTime")
    WorkingHours = apps.get_model("bookings", "WorkingHours")
    BookingPolicy = apps.get_model("bookings", "BookingPolicy")

    for slug, lengths in OPTIONS:
        BookingOption.objects.filter(
            service__slug=slug, minutes__in=[minutes for minutes, _ in lengths]
        ).delete()
    PostalPrefix.objects.filter(
        fsa__in=[fsa for fsas in POSTAL_PREFIXES.values() for fsa in fsas.split()]
    ).delete()
    DrivingTime.objects.filter(
        from_area__slug__in=list(POSTAL_PREFIXES), to_area__slug__in=list(POSTAL_PREFIXES)
    ).delete()
    WorkingHours.objects.filter(weekday__in=WORKING_DAYS, starts=DAY_STARTS, ends=DAY_ENDS).delete()
    BookingPolicy.objects.filter(singleton=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0002_no_overlapping_appointments"),
        ("content", "0003_starter_content"),
    ]

    operations = [migrations.RunPython(add_starter_booking_data, remove_starter_booking_data)]
