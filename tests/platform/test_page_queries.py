"""The exact number of queries of every public page, first and second time (issue 16).

On the starter content, as a new site has it, with one booked visit for the manage page and a
signed-in client for the account page. A page that needs more queries than listed here fails,
and so does one that needs fewer: update the number with the reason in the commit. The second
request shows what the cache saves; bench/http_pages.py measures the time.
"""

from datetime import time, timedelta
from io import StringIO
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings.models import BookingOption
from bookings.scheduling import areas, tokens
from stillwaters import clock
from tests.factories import AppointmentFactory, ClientFactory
from tests.support import sign_in

pytestmark = pytest.mark.django_db

POSTAL_CODE = "L6Y 0A1"

# (first request, second request) per page: on an empty cache, then on what the first left.
# Every page's first request reads Taylor's profile for the footer (cached with the content).
EXPECTED = {
    "home": (5, 0),
    "article list": (3, 0),
    "article": (7, 0),
    "pain finder": (3, 0),
    "pain finder, one place": (5, 0),
    "services": (4, 0),
    "a service": (4, 0),
    "areas": (2, 0),
    "an area": (4, 0),
    "privacy": (2, 0),
    "about": (2, 0),
    "booking, first step": (6, 0),
    "booking, times": (9, 4),
    "booking, details": (6, 1),
    "slots, 7 days": (8, 4),
    "manage page": (8, 6),
    "account sign-in": (2, 0),
    "account, signed in": (12, 10),
}


@pytest.fixture
def site():
    call_command("load_starter_content", stdout=StringIO())
    cache.clear()
    option = BookingOption.objects.select_related("service").get(
        service__slug="trigger-point-release", minutes=60
    )
    area = areas.area_for_postal_code(POSTAL_CODE)
    starts_at = clock.instant(clock.today() + timedelta(days=14), time(10))
    visit = AppointmentFactory(
        client=ClientFactory(name="Pat Client", email="pat@example.com", postal_code=POSTAL_CODE),
        option=option, area=area, starts_at=starts_at,
    )  # fmt: skip
    return option, visit


def test_every_public_page_runs_its_exact_number_of_queries(client, site):
    option, visit = site
    week = clock.today() + timedelta(days=7)
    visit_query = {"option": option.pk, "postal_code": POSTAL_CODE}
    free = client.get(
        "/book/slots",
        {"service": option.service.slug, "length": 60, "postal_code": POSTAL_CODE,
         "start": week.isoformat(), "end": (week + timedelta(days=6)).isoformat()},
    ).json()["slots"]  # fmt: skip
    pages = {
        "home": "/",
        "article list": "/learn/",
        "article": "/learn/myofascial-release-trigger-points/",
        "pain finder": "/trigger-points/",
        "pain finder, one place": "/trigger-points/?area=hip",
        "services": "/services/",
        "a service": "/services/trigger-point-release/",
        "areas": "/areas/",
        "an area": "/areas/brampton/",
        "privacy": "/privacy/",
        "about": "/about/",
        "booking, first step": "/book/?service=trigger-point-release",
        "booking, times": f"/book/times/?{urlencode({**visit_query, 'day': week})}",
        "booking, details": f"/book/details/?{urlencode({**visit_query, 'starts_at': free[0]})}",
        "slots, 7 days": "/book/slots?"
        + urlencode(
            {
                "service": option.service.slug,
                "length": 60,
                "postal_code": POSTAL_CODE,
                "start": week.isoformat(),
                "end": (week + timedelta(days=6)).isoformat(),
            }
        ),  # fmt: skip
        "manage page": tokens.manage_url(visit).split("://", 1)[-1].partition("/")[2],
        "account sign-in": "/account/sign-in/",
        "account, signed in": "/account/",
    }
    counted = {}
    for name, path in pages.items():
        if name == "account, signed in":
            sign_in(client, visit.client)
        path = "/" + path.lstrip("/")
        cache.clear()  # each page first as if it were the first one asked for
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            assert response.status_code == 200, (name, response.status_code)
            counts.append(len(queries))
        counted[name] = tuple(counts)
    assert counted == EXPECTED
