"""Celery tasks of the cases app (the work itself is in cases/services/)."""

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone

from inburgering.celery import OPNIEUW_MET_PAUZES

from . import signaalstand
from .services import bewaartermijn


@shared_task(autoretry_for=(DatabaseError,), **OPNIEUW_MET_PAUZES)
def anonimiseer_verlopen_dossiers() -> dict[str, int]:
    """Beat, nightly: anonymise the cases past the retention period today. Idempotent: one transaction, and a
    case once anonymised is never selected again, so a retry or a second run changes nothing more."""
    return bewaartermijn.anonimiseer_verlopen()


@shared_task(autoretry_for=(DatabaseError,), **OPNIEUW_MET_PAUZES)
def signaalstanden_bijwerken() -> int:
    """Beat, nightly just after midnight: the day's stored signals of every active case (cases/signaalstand.py), so
    that no consultant waits for the day's first computation of a gemeente's signals. Idempotent."""
    return signaalstand.bijwerken_alle(timezone.localdate())
