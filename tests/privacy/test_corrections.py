"""Corrections: asked from the account, decided once by Taylor (corrected with the original kept
legible, or refused with reasons), a statement of disagreement after a refusal, and all of it
printed with the record."""

import pytest
from django.urls import reverse

from bookings.clinical import record
from bookings.privacy import corrections
from bookings.privacy.models import CorrectionRequest
from tests.factories import ClientFactory, PersonFactory
from tests.support import login_in_group, pdf_text, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def sam(db):
    return PersonFactory(name="Sam Client")


def test_a_client_asks_from_the_account_and_taylor_corrects_keeping_the_original(sam, client):
    sign_in(client, sam.account)
    blank = client.post(f"/account/people/{sam.pk}/correction/", {"item": ""})
    assert "Say which part of the record is wrong." in blank.content.decode()
    client.post(
        f"/account/people/{sam.pk}/correction/",
        {"item": "Health history of May 3", "asked_for": "I take no blood thinners."},
    )
    request = CorrectionRequest.objects.get()
    assert (request.person, request.decision) == (sam, "open")
    taylor = login_in_group(client.__class__(), "taylor", "Therapist")
    with pytest.raises(corrections.CorrectionRefused, match="Copy the original"):
        corrections.decide(request, corrected=True, reason="Client is right.", by="taylor")
    corrections.decide(
        request, corrected=True, reason="Typed in error at intake.", by="taylor",
        original="Taking blood thinners: yes", correction="Taking blood thinners: no",
    )  # fmt: skip
    printed = record.for_person(sam, taylor)
    text = pdf_text(record.pdf(printed))
    assert "Taking blood thinners: yes" in text and "Taking blood thinners: no" in text
    assert "Typed in error at intake." in text
    with pytest.raises(corrections.CorrectionRefused, match="decided already"):
        corrections.decide(request, corrected=False, reason="Changed my mind", by="taylor")


def test_a_refusal_gives_reasons_and_the_clients_disagreement_prints_ever_after(sam, client):
    request = CorrectionRequest.objects.create(
        person=sam, item="Note of June 1", asked_for="I never said my back hurt."
    )
    with pytest.raises(corrections.CorrectionRefused, match="Give the reason"):
        corrections.decide(request, corrected=False, reason=" ", by="taylor")
    corrections.decide(request, corrected=False, reason="The note is as you told me.", by="taylor")
    sign_in(client, sam.account)
    page = client.get("/account/").content.decode()
    assert "Add a statement of disagreement" in page
    client.post(f"/account/corrections/{request.pk}/disagree/", {"statement": "I disagree."})
    request.refresh_from_db()
    assert request.disagreement == "I disagree."
    again = client.post(f"/account/corrections/{request.pk}/disagree/", {"statement": "More"})
    assert "filed already" in again.content.decode()
    taylor = login_in_group(client.__class__(), "taylor", "Therapist")
    text = pdf_text(record.pdf(record.for_person(sam, taylor)))
    assert "statement of disagreement" in text and "I disagree." in text


def test_no_statement_before_a_refusal_and_none_for_another_household(sam, client):
    request = CorrectionRequest.objects.create(person=sam, item="x", asked_for="y")
    sign_in(client, sam.account)
    html = client.post(f"/account/corrections/{request.pk}/disagree/", {"statement": "No"})
    assert "follows a refused correction" in html.content.decode()
    stranger = client.__class__()
    sign_in(stranger, ClientFactory(email="other@example.com"))
    assert stranger.get(f"/account/corrections/{request.pk}/disagree/").status_code == 404
    assert stranger.post(f"/account/people/{sam.pk}/correction/", {"item": "a"}).status_code == 404


def test_taylor_decides_in_admin_and_an_editor_cannot(sam, client):
    request = CorrectionRequest.objects.create(person=sam, item="x", asked_for="y")
    url = reverse("admin:bookings_correctionrequest_decide", args=[request.pk])
    login_in_group(client, "editor", "Editor")
    assert client.post(url, {"decision": "refused", "reason": "r"}).status_code == 403
    client.logout()
    login_in_group(client, "taylor", "Therapist")
    missing = client.post(url, {"decision": "corrected", "reason": "r"}).content.decode()
    assert "Copy the original text" in missing
    client.post(url, {"decision": "refused", "reason": "It is accurate."})
    request.refresh_from_db()
    assert (request.decision, request.decided_by) == ("refused", "taylor")
