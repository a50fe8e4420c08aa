"""The admin's second sign-in step (stillwaters/two_factor.py): who must give a code, codes
from the authenticator app and recovery codes, throttled wrong codes, the 8-hour staff session,
and the commands that enrol a phone."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.test import Client

from bookings.models import AuditEntry
from stillwaters import two_factor
from tests.factories import AppointmentFactory, HealthIntakeFactory
from tests.support import at, current_code

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-unusual-passphrase-42"
MORNING = at(date(2030, 3, 5), 8)


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(MORNING, tick=False)
    return time_machine


def staff(username: str, group: str | None = None, **fields) -> User:
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True, **fields)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def taylor():
    user = staff("taylor", "Therapist")
    return user, two_factor.enrol(user)


@pytest.fixture
def health_pages():
    visit = AppointmentFactory()
    intake = HealthIntakeFactory(person=visit.person, areas_of_concern="Private neck.")
    return [
        "/admin/",
        "/admin/bookings/healthintake/",
        f"/admin/bookings/healthintake/{intake.pk}/change/",
        f"/admin/bookings/appointment/{visit.pk}/change/",
        f"/admin/bookings/appointment/{visit.pk}/note/",
        f"/admin/bookings/appointment/{visit.pk}/record/",
        f"/admin/bookings/client/{visit.client.pk}/record/",
    ]


def sign_in_with_password(client, username: str, next_url: str = "/admin/"):
    return client.post(
        f"/admin/login/?next={next_url}",
        {"username": username, "password": PASSWORD, "next": next_url},
    )


def type_code(client, code: str, next_url: str = "/admin/"):
    return client.post(f"/admin/verify/?next={next_url}", {"code": code, "next": next_url})


def errors_of(response) -> list[str]:
    return response.context["form"].errors.get("code", [])


def test_a_therapist_with_the_password_alone_opens_no_admin_or_health_page(
    client, taylor, health_pages
):
    response = sign_in_with_password(client, "taylor")

    assert response.status_code == 302
    assert response["Location"] == "/admin/verify/?next=%2Fadmin%2F"
    for url in health_pages:
        refused = client.get(url)
        assert refused.status_code == 302, url
        assert refused["Location"].startswith("/admin/login/"), url
    assert client.get("/admin/login/")["Location"].startswith("/admin/verify/")
    assert not AuditEntry.objects.exists()  # nothing was read


def test_the_code_from_the_app_opens_the_page_asked_for(client, taylor, health_pages):
    _, enrolment = taylor
    sign_in_with_password(client, "taylor", next_url="/admin/bookings/healthintake/")

    response = type_code(client, current_code(enrolment.device), "/admin/bookings/healthintake/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/bookings/healthintake/"
    for url in health_pages:
        assert client.get(url).status_code == 200, url


def test_a_code_with_the_space_the_app_shows_is_accepted(client, taylor):
    _, enrolment = taylor
    sign_in_with_password(client, "taylor")
    code = current_code(enrolment.device)

    type_code(client, f"{code[:3]} {code[3:]}")

    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_with_a_reason_and_the_username_kept(client, taylor):
    _, enrolment = taylor
    sign_in_with_password(client, "taylor")
    wrong = f"{(int(current_code(enrolment.device)) + 1) % 1_000_000:06d}"

    response = type_code(client, wrong)

    assert response.status_code == 200
    assert errors_of(response) == [
        "That code is wrong or has expired. Type the 6 digits your authenticator app shows "
        "now; they change every 30 seconds."
    ]
    html = response.content.decode()
    assert "Password accepted for <strong>taylor</strong>" in html
    assert 'aria-invalid="true"' in html
    assert client.get("/admin/").status_code == 302


def test_a_code_already_used_is_refused_and_says_to_wait_for_the_next(client, taylor):
    _, enrolment = taylor
    code = current_code(enrolment.device)
    sign_in_with_password(client, "taylor")
    type_code(client, code)

    other_phone = Client()
    sign_in_with_password(other_phone, "taylor")
    response = type_code(other_phone, code)

    assert "That code has just been used to sign in" in errors_of(response)[0]
    assert other_phone.get("/admin/").status_code == 302


def test_a_recovery_code_works_once_only(client, taylor, clock):
    _, enrolment = taylor
    code = enrolment.recovery_codes[0]
    sign_in_with_password(client, "taylor")

    # Printed as abcd-efgh; typed back as printed, in capitals, it still counts.
    accepted = type_code(client, two_factor.readable_recovery_code(code).upper())

    assert accepted.status_code == 302
    assert client.get("/admin/").status_code == 200
    again = Client()
    sign_in_with_password(again, "taylor")
    refused = type_code(again, code)
    assert errors_of(refused) == [
        "That is not one of your recovery codes, or it has been used: each works once. "
        "Type another from your list."
    ]
    assert again.get("/admin/").status_code == 302
    clock.shift(timedelta(seconds=2))  # the wait a wrong code earns
    assert type_code(again, enrolment.recovery_codes[1]).status_code == 302


def test_the_recovery_code_page_offers_letters_not_the_number_pad(client, taylor):
    sign_in_with_password(client, "taylor")

    app_page = client.get("/admin/verify/?next=/admin/").content.decode()
    recovery_page = client.get("/admin/verify/?next=/admin/&with=recovery-code").content.decode()

    assert 'inputmode="numeric"' in app_page and 'autocomplete="one-time-code"' in app_page
    assert "Use a recovery code" in app_page
    assert 'inputmode="numeric"' not in recovery_page and "Recovery code" in recovery_page


def test_repeated_wrong_codes_are_throttled_even_the_right_one_until_the_wait_ends(
    client, taylor, clock
):
    _, enrolment = taylor
    sign_in_with_password(client, "taylor")
    for _ in range(3):
        clock.shift(timedelta(minutes=1))  # past each wait: every one of these is checked
        type_code(client, "000000")

    response = type_code(client, current_code(enrolment.device))

    assert errors_of(response) == [
        "3 wrong codes in a row: wait 4 seconds before the next try, then type the code your "
        "authenticator app shows at that moment."
    ]
    assert client.get("/admin/").status_code == 302
    clock.shift(timedelta(seconds=5))
    assert type_code(client, current_code(enrolment.device)).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_wrong_recovery_codes_are_throttled_too(client, taylor):
    sign_in_with_password(client, "taylor")
    type_code(client, "not-a-code")

    response = type_code(client, "still-wrong")

    assert errors_of(response)[0].startswith("1 wrong code in a row: wait 1 second before")


def test_an_editor_without_a_device_signs_in_with_the_password_alone(client):
    staff("eddie", "Editor")

    response = sign_in_with_password(client, "eddie")

    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/content/article/").status_code == 200


def test_an_editor_who_enrolled_a_device_must_use_it(client):
    eddie = staff("eddie", "Editor")
    enrolment = two_factor.enrol(eddie)

    response = sign_in_with_password(client, "eddie")

    assert response["Location"].startswith("/admin/verify/")
    assert client.get("/admin/content/article/").status_code == 302
    type_code(client, current_code(enrolment.device))
    assert client.get("/admin/content/article/").status_code == 200


def test_a_superuser_needs_the_second_factor_too(client):
    staff("owner", is_superuser=True)

    sign_in_with_password(client, "owner")

    assert client.get("/admin/auth/user/").status_code == 302


def test_a_therapist_without_a_device_is_told_to_set_one_up_and_gets_no_admin(client):
    staff("taylor", "Therapist")

    response = client.get(sign_in_with_password(client, "taylor")["Location"])

    html = response.content.decode()
    assert "Set up a second sign-in step first" in html
    assert "python manage.py set_up_second_factor taylor" in html
    assert 'name="code"' not in html
    assert client.get("/admin/").status_code == 302


def test_signing_out_from_the_code_page_ends_the_session(client, taylor):
    sign_in_with_password(client, "taylor")

    response = client.post("/admin/verify/sign-out/")

    assert response["Location"] == "/admin/login/"
    assert client.get("/admin/verify/")["Location"].startswith("/admin/login/")


def test_a_draft_preview_waits_for_the_code_too(client, taylor):
    from tests.factories import ArticleFactory

    draft = ArticleFactory(status="draft", body="Draft text.")
    sign_in_with_password(client, "taylor")

    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_code_page_refuses_to_send_staff_to_another_site(client, taylor):
    _, enrolment = taylor
    sign_in_with_password(client, "taylor")

    response = type_code(client, current_code(enrolment.device), "https://evil.example/")

    assert response["Location"] == "/admin/"


def test_the_password_lockout_still_guards_the_first_step(client, settings, taylor):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "taylor", "password": "wrong"})

    assert sign_in_with_password(client, "taylor").status_code == 429


def test_the_staff_session_ends_after_8_hours(client, taylor, clock):
    _, enrolment = taylor
    sign_in_with_password(client, "taylor")
    type_code(client, current_code(enrolment.device))

    clock.shift(timedelta(hours=7, minutes=59))
    assert client.get("/admin/").status_code == 200
    clock.shift(timedelta(minutes=2))
    response = client.get("/admin/")

    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_enrolling_again_replaces_the_phone_and_the_recovery_codes(client, taylor, clock):
    user, old = taylor
    sign_in_with_password(client, "taylor")
    type_code(client, current_code(old.device))

    new = two_factor.enrol(user)

    assert client.get("/admin/").status_code == 302  # the old phone's session is over
    sign_in_with_password(client, "taylor")
    assert errors_of(type_code(client, old.recovery_codes[0]))
    clock.shift(timedelta(seconds=2))  # the wait a wrong code earns
    assert type_code(client, new.recovery_codes[0]).status_code == 302


# The commands


def test_create_therapist_login_enrols_a_phone_and_prints_the_qr_and_recovery_codes(
    client, monkeypatch, capsys
):
    monkeypatch.setenv("TAYLOR_PASSWORD", PASSWORD)

    call_command(
        "create_therapist_login", "taylor", "t@example.com", password_from_env="TAYLOR_PASSWORD"
    )

    out = capsys.readouterr().out
    enrolment = two_factor.enrolment_of(User.objects.get(username="taylor"))
    assert enrolment.otpauth_uri.startswith("otpauth://totp/Stillwaters%3Ataylor?secret=")
    assert enrolment.otpauth_uri in out
    assert "\u2580" in out or "\u2584" in out  # the QR, drawn in half blocks
    assert len(enrolment.recovery_codes) == 10
    for code in enrolment.recovery_codes:
        assert two_factor.readable_recovery_code(code) in out
    sign_in_with_password(client, "taylor")
    printed = two_factor.readable_recovery_code(enrolment.recovery_codes[0])
    assert type_code(client, printed).status_code == 302


@pytest.mark.parametrize(("name", "starts_with"), [("qr.png", b"\x89PNG"), ("qr.svg", b"<?xml")])
def test_create_therapist_login_writes_the_qr_to_a_private_file(
    tmp_path, monkeypatch, capsys, name, starts_with
):
    monkeypatch.setenv("TAYLOR_PASSWORD", PASSWORD)
    path = tmp_path / name

    call_command(
        "create_therapist_login", "taylor", "t@example.com",
        password_from_env="TAYLOR_PASSWORD", qr_file=str(path),
    )  # fmt: skip

    assert path.read_bytes().startswith(starts_with)
    assert path.stat().st_mode & 0o777 == 0o600
    out = capsys.readouterr().out
    assert f"QR code written to {path}" in out and "\u2580" not in out


def test_a_qr_file_of_another_kind_is_refused_before_any_login_is_made(tmp_path, monkeypatch):
    monkeypatch.setenv("TAYLOR_PASSWORD", PASSWORD)
    with pytest.raises(CommandError, match=r"must end in \.png or \.svg"):
        call_command(
            "create_therapist_login", "taylor", "t@example.com",
            password_from_env="TAYLOR_PASSWORD", qr_file=str(tmp_path / "qr.jpg"),
        )  # fmt: skip
    assert not User.objects.filter(username="taylor").exists()


def test_set_up_second_factor_gives_an_existing_login_a_new_phone(taylor, capsys):
    user, old = taylor

    call_command("set_up_second_factor", "taylor")

    new = two_factor.enrolment_of(user)
    assert new.device.key != old.device.key
    assert new.otpauth_uri in capsys.readouterr().out
    assert set(new.recovery_codes).isdisjoint(old.recovery_codes)


def test_demo_logins_leave_a_therapist_who_can_finish_signing_in(client, settings, capsys):
    settings.DEBUG = True
    call_command("create_demo_logins")
    first = capsys.readouterr().out
    call_command("create_demo_logins")
    second = capsys.readouterr().out

    enrolment = two_factor.enrolment_of(User.objects.get(username="taylor"))
    assert enrolment.otpauth_uri in first and enrolment.otpauth_uri in second  # kept
    client.post("/admin/login/", {"username": "taylor", "password": "stillwaters-demo-therapist"})
    assert type_code(client, current_code(enrolment.device)).status_code == 302
    assert client.get("/admin/").status_code == 200
    editor = Client()
    editor.post("/admin/login/", {"username": "editor", "password": "stillwaters-demo-editor"})
    assert editor.get("/admin/").status_code == 200
