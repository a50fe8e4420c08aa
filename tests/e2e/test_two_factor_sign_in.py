"""Taylor signs in on a phone (390 × 844): the password, then the code from the authenticator
app; a mistyped code says what went wrong and keeps who is signing in. axe and the Nu checker
on the code page, with and without the error."""

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from stillwaters import two_factor
from tests.support import current_code

from .conftest import html_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-unusual-passphrase-42"


def test_password_then_code_on_a_phone(live_server, page, accessible, tmp_path):
    taylor = User.objects.create_user("taylor", password=PASSWORD, is_staff=True)
    taylor.groups.add(Group.objects.get(name="Therapist"))
    phone = two_factor.enrol(taylor).device
    page.set_viewport_size({"width": 390, "height": 844})
    pages = {}

    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("taylor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Type the code from your phone")).to_be_visible()
    expect(page.get_by_label("6-digit code")).to_be_focused()
    accessible("code page")
    pages["code"] = page.content()

    page.get_by_label("6-digit code").fill("000000")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("That code is wrong or has expired.")).to_be_visible()
    expect(page.get_by_text("Password accepted for taylor")).to_be_visible()
    accessible("wrong code")
    pages["wrong code"] = page.content()

    page.get_by_role("link", name="Use a recovery code").click()
    expect(page.get_by_label("Recovery code")).to_be_visible()
    accessible("recovery code page")
    pages["recovery"] = page.content()
    page.get_by_role("link", name="Use the code from your authenticator app instead").click()

    page.wait_for_timeout(1100)  # the one-second wait the wrong code earned
    page.get_by_label("6-digit code").fill(current_code(phone))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Run the practice")).to_be_visible()

    assert html_errors(pages, tmp_path) == []
