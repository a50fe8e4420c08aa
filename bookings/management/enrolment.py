"""What the commands that set up a second factor print: the QR code to scan (in the terminal, or
written to a PNG or SVG file), the otpauth:// address it holds, and the recovery codes."""

import io
import os
from pathlib import Path

import segno
from django.core.management.base import CommandError

from stillwaters import two_factor

QR_FILE_KINDS = {".png": "png", ".svg": "svg"}


def check_qr_file(path: str | None) -> None:
    """Refuse a QR file the commands cannot write, before anything is changed."""
    if path is None:
        return
    if Path(path).suffix.lower() not in QR_FILE_KINDS:
        raise CommandError(f"The QR file must end in .png or .svg, not {path!r}.")
    if not Path(path).parent.is_dir():
        raise CommandError(f"There is no folder {str(Path(path).parent)!r} to write the QR to.")


def write_enrolment(stdout, enrolment: two_factor.Enrolment, qr_file: str | None = None) -> None:
    username = enrolment.device.user.get_username()
    qr = segno.make(enrolment.otpauth_uri, error="m")
    stdout.write(
        f"\nSecond factor for {username!r}: scan this QR code with an authenticator app "
        "(Google Authenticator, Microsoft Authenticator, 1Password, Aegis...)."
    )
    if qr_file:
        _save_privately(qr, qr_file)
        stdout.write(f"QR code written to {qr_file}, readable by you only; delete it once scanned.")
    else:
        drawing = io.StringIO()
        qr.terminal(out=drawing, compact=True)
        stdout.write(drawing.getvalue())
    stdout.write(f"Or add this address to the app by hand:\n  {enrolment.otpauth_uri}")
    stdout.write(
        f"\nRecovery codes for {username!r}, each works once instead of the app's code. They are "
        "shown only now: print them or keep them in a password manager, away from the phone."
    )
    for code in enrolment.recovery_codes:
        stdout.write(f"  {two_factor.readable_recovery_code(code)}")
    stdout.write(
        f"\nPhone lost or replaced? Run `manage.py set_up_second_factor {username}` again: "
        "the old app entry and recovery codes stop working."
    )


def _save_privately(qr, path: str) -> None:
    # The QR holds the secret key: the file is created readable by its owner only.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        qr.save(file, kind=QR_FILE_KINDS[Path(path).suffix.lower()], scale=8)
