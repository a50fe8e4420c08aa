"""Who must sign in to the admin with a second factor, enrolling one, and checking a code.

The Therapist role and superusers read every health record, so a password alone never opens the
admin for them; any other staff user who has enrolled a device (an editor opting in) must use it
too. The second factor is a code from an authenticator app (TOTP) or one of ten single-use
recovery codes printed at enrolment. django-otp keeps the devices and, once a code is accepted,
marks the session verified (`user.is_verified()`); wrong codes slow each device down
exponentially (1, 2, 4, 8... seconds), which is the lockout for the code step.
"""

import logging
import math
from dataclasses import dataclass

import django_otp
from django.db import transaction
from django.utils import timezone
from django_otp.models import VerifyNotAllowed
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .roles import THERAPIST

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def requires_second_factor(user) -> bool:
    return (
        user.is_superuser
        or user.groups.filter(name=THERAPIST).exists()
        or django_otp.user_has_device(user)
    )


def is_verified(user) -> bool:
    # is_verified() is installed by django-otp's middleware; a user object that never went
    # through it (a freshly authenticated one, or a test's request factory) is not verified.
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def has_staff_access(user) -> bool:
    """May this user open admin pages now: active staff, verified where a code is required."""
    if not (user.is_active and user.is_staff):
        return False
    return is_verified(user) or not requires_second_factor(user)


def awaits_code(user) -> bool:
    """Signed in with the password, and the admin stays shut until a code is accepted."""
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and not is_verified(user)
        and requires_second_factor(user)
    )


def has_device(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    recovery_codes: list[str]

    @property
    def otpauth_uri(self) -> str:
        return self.device.config_url


def enrol(user) -> Enrolment:
    """A new authenticator key and ten new recovery codes for `user`; the old ones stop working
    (a lost phone is replaced this way), and so does any session they verified."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=True)
        recovery = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return Enrolment(device=device, recovery_codes=codes)


def enrolment_of(user) -> Enrolment | None:
    """The user's current authenticator and unused recovery codes, if one is set up."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    if device is None:
        return None
    codes = StaticToken.objects.filter(device__user=user, device__confirmed=True)
    return Enrolment(device=device, recovery_codes=list(codes.values_list("token", flat=True)))


def readable_recovery_code(code: str) -> str:
    """Recovery codes are printed in two halves (`abcd-efgh`); either form is accepted."""
    return f"{code[:4]}-{code[4:]}"


class CodeRefused(Exception):
    """The code did not verify the session; the message says why and what to do."""


def verify(request, typed: str) -> None:
    """Check the code typed by the signed-in user and, if it is right, mark the session
    verified. Raises CodeRefused with a message for the user otherwise."""
    device = _accepting_device(request.user, typed)
    django_otp.login(request, device)
    # A new session key once the second factor is in, as Django does after the password.
    request.session.cycle_key()


def _accepting_device(user, typed: str):
    code = "".join(typed.split()).replace("-", "").lower()
    # Digits are an authenticator code; anything else can only be a recovery code. Choosing by
    # shape tries one device, so a wrong code never slows down the other.
    model = TOTPDevice if code.isdigit() else StaticDevice
    with transaction.atomic():
        device = model.objects.devices_for_user(user, confirmed=True).select_for_update().first()
        if device is None:
            refusal = _no_device_message(model)
        else:
            allowed, detail = device.verify_is_allowed()
            if not allowed:
                refusal = _throttled_message(detail)
            elif device.verify_token(code):
                return device
            else:
                refusal = _wrong_code_message(device, code)
    logger.warning("Second-factor code refused for user %s", user.pk)
    raise CodeRefused(refusal)


def _no_device_message(model) -> str:
    if model is TOTPDevice:
        return "No authenticator app is set up for this login; type a recovery code instead."
    return "That is not a code: type the 6 digits your authenticator app shows."


def _throttled_message(detail: dict) -> str:
    if detail.get("reason") != VerifyNotAllowed.N_FAILED_ATTEMPTS:
        return "Codes cannot be checked for this login right now; try again in a minute."
    seconds = max(1, math.ceil((detail["locked_until"] - timezone.now()).total_seconds()))
    wait = (
        _plural(seconds, "second") if seconds < 120 else _plural(math.ceil(seconds / 60), "minute")
    )
    return (
        f"{_plural(detail['failure_count'], 'wrong code')} in a row: wait {wait} before the "
        "next try, then type the code your authenticator app shows at that moment."
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _wrong_code_message(device, code: str) -> str:
    if isinstance(device, StaticDevice):
        return (
            "That is not one of your recovery codes, or it has been used: each works once. "
            "Type another from your list."
        )
    if _was_accepted_already(device, code):
        return (
            "That code has just been used to sign in. Wait for your authenticator app to show "
            "the next one (codes change every 30 seconds) and type that."
        )
    return (
        "That code is wrong or has expired. Type the 6 digits your authenticator app shows "
        "now; they change every 30 seconds."
    )


def _was_accepted_already(device: TOTPDevice, code: str) -> bool:
    # Right for the current time but refused: it was the code of a time step already used.
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return totp.verify(int(code), device.tolerance)
