"""No 5xx from anything a browser can send to Taylor's admin: every page, its query parameters
and its forms, including the privacy and clinical pages, get random and hostile values while
signed in as the therapist, and a signed-in client's privacy pages get the same."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bookings.billing.receipts import complete_and_issue_receipt
from bookings.clinical import notes
from bookings.privacy import audit
from bookings.privacy.models import CorrectionRequest, LockBoxInstruction, PrivacyBreach
from bookings.privacy.requests import make_request
from bookings.scheduling.models import BookingPolicy
from tests.factories import AppointmentFactory, HealthIntakeFactory
from tests.platform.test_hostile_input import HOSTILE
from tests.support import login_in_group, sign_in, sign_in_staff

pytestmark = pytest.mark.django_db

values = st.one_of(
    st.sampled_from([*HOSTILE, "9999-12-31", "0001-01-01", "on", "1", "-5", "a\r\nBcc: x"]),
    st.text(max_size=200),
    st.integers().map(str),
)
ADMIN_FIELDS = [
    "day", "first_day", "last_day", "year", "starts_at", "option", "area", "person", "name",
    "email", "phone", "address", "unit", "city", "postal_code", "notes", "access_notes",
    "override_working_hours", "guardian_consent_by", "payment_method", "subjective",
    "assessment", "treatment", "pressure", "plan", "referrals", "verbal_consent", "kind",
    "pain_area", "what", "explanation", "signature", "typed_name", "text", "reason", "days",
    "notice", "recipient", "authority", "original", "correction", "corrected", "action",
    "_selected_action", "apply", "q", "o", "p", "e", "status__exact", "starts_at__gte",
    "starts_at__year", "accessed_at__month", "medications__icontains", "person__id__exact",
    "contact_phone", "contact_name", "category", "discovered_on", "occurred_on",
    "people_affected", "description", "item", "asked_for", "note", "channel", "requested_at",
    "visit_weekdays", "minimum_minutes",
]  # fmt: skip
form_data = st.dictionaries(st.sampled_from(ADMIN_FIELDS), values, max_size=14)
FUZZ = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def practice(bookable_site):
    """One visit of everything Taylor handles: a completed visit with a note and a receipt, a
    history, an open record request, a correction, a lock-box instruction, a breach."""
    BookingPolicy.objects.update(registration_number="U1")
    option = bookable_site.services["swedish-massage"].options.get(minutes=60)
    visit = AppointmentFactory(
        option=option, area=bookable_site.areas["brampton"],
        starts_at=timezone.now() - timedelta(days=1),
    )  # fmt: skip
    person = visit.person
    HealthIntakeFactory(person=person, medications="Warfarin")
    taylor = login_in_group(Client(), "taylor", "Therapist")
    notes.note_for(visit)
    receipt = complete_and_issue_receipt(visit, "debit")
    request = make_request(person)
    correction = CorrectionRequest.objects.create(person=person, item="History", asked_for="x")
    LockBoxInstruction.objects.create(person=person, item="medications")
    PrivacyBreach.objects.create(
        category="lost", discovered_on=timezone.localdate(), description="A lost sheet.",
        people_affected=1,
    )  # fmt: skip
    return {
        "taylor": taylor, "visit": visit, "person": person, "receipt": receipt,
        "request": request, "correction": correction,
    }  # fmt: skip


def admin_paths(p) -> list[str]:
    visit, person = p["visit"].pk, p["person"].pk
    named = [
        ("admin:index", []), ("admin:bookings_appointment_changelist", []),
        ("admin:bookings_appointment_change", [visit]), ("admin:bookings_appointment_day", []),
        ("admin:bookings_appointment_week", []), ("admin:bookings_appointment_phone_in", []),
        ("admin:bookings_appointment_export", []), ("admin:bookings_appointment_note", [visit]),
        ("admin:bookings_appointment_sign", [visit]), ("admin:bookings_appointment_amend", [visit]),
        ("admin:bookings_appointment_record", [visit]),
        ("admin:bookings_client_change", [p["visit"].client_id]),
        ("admin:bookings_client_record", [p["visit"].client_id]),
        ("admin:bookings_healthintake_changelist", []),
        ("admin:bookings_auditentry_changelist", []),
        ("admin:bookings_person_disclose", [person]),
        ("admin:bookings_receipt_changelist", []),
        ("admin:bookings_receipt_print", [p["receipt"].pk]),
        ("admin:bookings_recordrequest_add", []),
        ("admin:bookings_recordrequest_answer", [p["request"].pk]),
        ("admin:bookings_recordrequest_extend", [p["request"].pk]),
        ("admin:bookings_correctionrequest_decide", [p["correction"].pk]),
        ("admin:bookings_privacybreach_add", []), ("admin:bookings_privacybreach_stats", []),
        ("admin:bookings_destroyedrecord_due", []),
        ("admin:bookings_failednotification_changelist", []),
        ("admin:bookings_lockboxinstruction_add", []), ("admin:bookings_timeoff_add", []),
        ("admin:bookings_treatmentnote_changelist", []),
        ("admin:bookings_arearule_add", []),
        ("admin:bookings_holidayopening_add", []),
        ("admin:bookings_holidayopening_changelist", []),
    ]  # fmt: skip
    return [reverse(name, args=args) for name, args in named]


def test_every_admin_page_fuzzed_is_one_taylor_can_open(practice):
    """So the fuzzing below reaches each page's own code, not a refusal (amending a draft
    note sends Taylor back to the note)."""
    client = Client()
    sign_in_staff(client, practice["taylor"])
    for path in admin_paths(practice):
        response = client.get(path)
        assert response.status_code in (200, 302), path
        assert not response.get("Location", "").startswith("/admin/login/"), path


@pytest.mark.parametrize(
    "path", ["/admin/bookings/recordrequest/add/", "/admin/bookings/timeoff/add/"]
)
def test_an_add_page_given_an_unreadable_date_in_its_link_leaves_it_out(practice, client, path):
    sign_in_staff(client, practice["taylor"])
    query = {"requested_at": "<script>", "starts_at": "9999-99-99", "ends_at": "x"}
    assert client.get(path, query).status_code == 200


@FUZZ
@given(query=form_data, data=form_data)
def test_random_input_to_every_admin_page_never_errors(practice, query, data):
    client = Client()
    sign_in_staff(client, practice["taylor"])
    for path in admin_paths(practice):
        for response in (client.get(path, query), client.post(path, data)):
            assert response.status_code < 500, (path, response.content[:300])


CONTENT_PAGES = [
    "/admin/content/article/add/", "/admin/content/painarea/add/", "/admin/content/service/add/",
    "/admin/content/faq/", "/admin/content/article/",
]  # fmt: skip


@pytest.fixture
def editor(db):
    return login_in_group(Client(), "editor", "Editor")


@FUZZ
@given(query=form_data, data=form_data)
def test_random_input_to_an_editors_pages_never_errors(editor, query, data):
    client = Client()
    sign_in_staff(client, editor)
    for path in CONTENT_PAGES:
        for response in (client.get(path, query), client.post(path, data)):
            assert response.status_code < 500, (path, response.content[:300])


@FUZZ
@given(data=form_data)
def test_random_input_to_a_clients_privacy_pages_never_errors(practice, data):
    client = Client()
    sign_in(client, practice["visit"].client)
    person = practice["person"].pk
    for path in (
        f"/account/people/{person}/correction/", f"/account/people/{person}/lock-box/",
        f"/account/corrections/{practice['correction'].pk}/disagree/",
        f"/account/records/{practice['request'].pk}.pdf", "/account/lock-box/1/withdraw/",
        f"/account/receipts/{practice['receipt'].pk}.pdf",
    ):  # fmt: skip
        assert client.get(path, data).status_code < 500, path
        assert client.post(path, data).status_code < 500, path


def test_a_phone_booking_naming_no_person_is_a_form_error(practice, client):
    sign_in_staff(client, practice["taylor"])
    response = client.post(reverse("admin:bookings_appointment_phone_in"), {"person": "<b>"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_destroying_a_person_named_by_no_id_is_not_found(practice, client):
    sign_in_staff(client, practice["taylor"])
    due = reverse("admin:bookings_destroyedrecord_due")
    assert client.post(due, {"person": "<script>"}).status_code == 404


@pytest.mark.parametrize("lookup", ["note", "person", "appointment__id__exact"])
def test_a_number_past_any_id_in_an_admin_link_finds_nothing_without_an_error(
    practice, client, lookup
):
    """SQLite cannot hold the number and the page says the link is bad; PostgreSQL's backend
    finds no such record. Either way nothing is listed and nothing fails."""
    sign_in_staff(client, practice["taylor"])
    audit.record(audit.Action.READ, "test", person=practice["person"])
    response = client.get(reverse("admin:bookings_auditentry_changelist"), {lookup: "9" * 40})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.context["cl"].result_count == 0
