"""The booking policy's admin page warns when receipts and treatment notes would be signed with
a name or registration number other than the one the site shows (the therapist profile)."""

import pytest

from bookings.models import BookingPolicy
from content.models import TherapistProfile

pytestmark = pytest.mark.django_db

WARNING = "Receipts and treatment notes are signed as"


@pytest.fixture
def policy():
    return BookingPolicy.objects.create(
        singleton=True, therapist_name="Taylor Reid", registration_number="U4821"
    )


def _page(admin_client, policy) -> str:
    return admin_client.get(f"/admin/bookings/bookingpolicy/{policy.pk}/change/").content.decode()


def test_a_different_registration_number_is_pointed_out(admin_client, policy):
    TherapistProfile.objects.create(full_name="Taylor Reid", registration_number="R4417")
    html = _page(admin_client, policy)
    assert f"{WARNING} Taylor Reid, CMTO registration no. U4821" in html
    assert "names Taylor Reid, no. R4417" in html


def test_a_profile_that_agrees_or_is_not_filled_in_gives_no_warning(admin_client, policy):
    assert WARNING not in _page(admin_client, policy)
    TherapistProfile.objects.create(full_name="Taylor Reid", registration_number="U4821")
    assert WARNING not in _page(admin_client, policy)
