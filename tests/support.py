"""Helpers every test module shares: the practice's zone and a way to write its wall-clock
times."""

from datetime import date, datetime, time

from stillwaters.clock import TORONTO


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """`hour:minute` on `day` in Toronto, as an aware datetime."""
    return datetime.combine(day, time(hour, minute), tzinfo=TORONTO)


def login_in_group(client, username: str, group: str):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, password="pw-for-tests-only", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    sign_in_staff(client, user)
    return user


def sign_in_staff(client, user) -> None:
    """Sign the test client in as staff `user`, as the admin login would: with the second
    factor verified (an authenticator enrolled if needed) where stillwaters/two_factor.py
    asks for one, with the password alone otherwise."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from stillwaters import two_factor

    client.force_login(user)
    if two_factor.requires_second_factor(user):
        enrolment = two_factor.enrolment_of(user) or two_factor.enrol(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = enrolment.device.persistent_id
        session.save()


def current_code(device) -> str:
    """The code an authenticator app showing `device` displays now."""
    from django_otp.oath import totp

    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def pdf_text(data: bytes) -> str:
    """The text a reader (or an insurer's upload form) extracts from a PDF."""
    from io import BytesIO

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def visit_details(client) -> dict:
    """The client's name, phone and address as the visit's, as book_appointment records them."""
    names = ("address", "unit", "city", "postal_code", "access_notes")
    return {
        "contact_name": client.name,
        "contact_phone": client.phone,
        **{name: getattr(client, name) for name in names},
    }


def details_data(option, starts_at: str, **overrides) -> dict:
    data = {
        "option": option.pk,
        "postal_code": "l6y 0a1",
        "starts_at": starts_at,
        "name": "Sam Client",
        "email": "sam@example.com",
        "phone": "905 555 0199",
        "address": "12 Main Street",
        "unit": "",
        "city": "Brampton",
        "access_notes": "Side door; dog is friendly.",
        "notes": "",
        "consent": "on",
        **INTAKE,
    }
    return {**data, **overrides}


# A first visit's health history; tests/clinical/test_intake.py covers when it may be left out.
INTAKE = {
    "areas_of_concern": "Stiff neck from desk work.",
    "emergency_contact_name": "Jo Client",
    "emergency_contact_phone": "905 555 0100",
    "consent_to_treatment": "on",
    "consent_to_privacy": "on",
}


def sign_in(django_client, account) -> None:
    """Sign the test client in as `account`, with a real client session (clients/sessions.py)."""
    from django.http import HttpResponse

    from bookings.clients import sessions

    response = HttpResponse()
    sessions.start(response, account)
    django_client.cookies[sessions.COOKIE_NAME] = response.cookies[sessions.COOKIE_NAME].value


def emailed_link(message) -> str:
    """The path of the account link (sign-in or hold confirmation) in an email."""
    import re

    found = re.search(r"https?://[^/\s]+(/account/link/[^\s\"<]+)", message.body)
    assert found, f"No account link in: {message.body}"
    return found.group(1)


def confirm_from_email(django_client, message):
    """Open a held booking's emailed link and press its button, as the client would."""
    path = emailed_link(message)
    assert django_client.get(path).status_code == 200
    return django_client.post(path)
