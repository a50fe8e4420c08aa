"""An error report carries where the fault is, never who the client is or their health."""

import json

import pytest
import sentry_sdk
from sentry_sdk.transport import Transport

from bookings.clients import holds
from stillwaters.error_reports import sentry_options
from tests.support import details_data

pytestmark = pytest.mark.django_db


class Captured(Transport):
    """Keeps each envelope Sentry would send; nothing leaves the machine."""

    def __init__(self, options=None):
        super().__init__(options)
        self.envelopes = []

    def capture_envelope(self, envelope):
        self.envelopes.append(envelope)


@pytest.fixture
def sentry():
    transport = Captured()
    sentry_sdk.init(**sentry_options("https://public@sentry.example/1", "test"),
                    transport=transport)  # fmt: skip
    yield transport
    sentry_sdk.init(dsn=None)


def test_a_server_error_during_a_booking_sends_no_personal_or_health_detail(
    client, bookable_site, sentry, monkeypatch
):
    def fails(**kwargs):
        client_details, history = kwargs["client"], kwargs["intake"]
        raise RuntimeError(f"failed for {client_details.email}, {history.medications}")

    monkeypatch.setattr(holds, "hold_booking", fails)
    client.raise_request_exception = False
    option = bookable_site.services["swedish-massage"].options.get(minutes=60)
    data = details_data(
        option, "2030-03-06T10:00:00-05:00", name="Jane Secret", email="jane.secret@example.com",
        address="77 Private Road", medications="Warfarin 5 mg", health_conditions="Pregnant",
    )  # fmt: skip
    response = client.post("/book/details/?utm=jane.secret@example.com", {**data, "confirm": "1"})
    assert response.status_code == 500
    sentry_sdk.flush()
    assert sentry.envelopes, "the error was reported"
    sent = "".join(
        json.dumps(item.payload.json) for envelope in sentry.envelopes for item in envelope.items
        if item.payload.json is not None
    )  # fmt: skip
    for secret in ("Jane Secret", "jane.secret", "77 Private Road", "Warfarin", "Pregnant",
                   "905 555 0199", "Jo Client"):  # fmt: skip
        assert secret not in sent, secret
    assert "RuntimeError" in sent and "/book/details/" in sent
    assert '"vars"' not in sent
