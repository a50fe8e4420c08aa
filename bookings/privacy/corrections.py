"""Corrections: a client asks; Taylor corrects, keeping the original legible with the date and
reason, or refuses with reasons; after a refusal the client may file a statement of
disagreement. Decided once: a further correction is a new request."""

from django.db import transaction
from django.utils import timezone

from .models import CorrectionRequest


class CorrectionRefused(Exception):
    """The step breaks the order of a correction's handling; the message says which."""


def decide(
    request: CorrectionRequest,
    *,
    corrected: bool,
    reason: str,
    by: str,
    original: str = "",
    correction: str = "",
    now=None,
) -> CorrectionRequest:
    if request.decision != CorrectionRequest.Decision.OPEN:
        raise CorrectionRefused("This request is decided already; a new one may be made.")
    if not reason.strip():
        raise CorrectionRefused("Give the reason: it is kept with the record.")
    if corrected and not (original.strip() and correction.strip()):
        raise CorrectionRefused("Copy the original text and write the corrected text.")
    with transaction.atomic():
        request.decision = (
            CorrectionRequest.Decision.CORRECTED
            if corrected
            else CorrectionRequest.Decision.REFUSED
        )
        request.reason = reason.strip()
        request.original = original.strip() if corrected else ""
        request.correction = correction.strip() if corrected else ""
        request.decided_at = now or timezone.now()
        request.decided_by = by
        request.save()
    return request


def file_disagreement(request: CorrectionRequest, statement: str, *, now=None) -> None:
    if request.decision != CorrectionRequest.Decision.REFUSED:
        raise CorrectionRefused("A statement of disagreement follows a refused correction.")
    if request.disagreement:
        raise CorrectionRefused("The statement is filed already.")
    if not statement.strip():
        raise CorrectionRefused("Write the statement to file it.")
    request.disagreement = statement.strip()
    request.disagreement_at = now or timezone.now()
    request.save(update_fields=["disagreement", "disagreement_at"])
