"""Celery tasks of the reports (the work itself is in reports/services.py)."""

from celery import shared_task
from django.conf import settings

from . import services


@shared_task(
    acks_late=True,
    soft_time_limit=settings.RAPPORTAGE_SOFT_TIME_LIMIT,
    # The hard limit only for a task that ignores the soft one; the run is then marked failed by the watch below.
    time_limit=settings.RAPPORTAGE_SOFT_TIME_LIMIT + 60,
)
def voer_run_uit(run_pk: int) -> None:
    """Compute, suppress and render one report run. A soft time-out ends up as the run's error (services)."""
    services.voer_uit(run_pk)


@shared_task
def maandrapportage_alle_regios() -> int:
    """Beat, monthly: last month's regional report for every region."""
    return len(services.start_maandrapportages())


@shared_task
def markeer_vastgelopen_runs() -> int:
    """Beat, every 5 minutes: runs without a sign of life are marked failed, so none stays "bezig" forever."""
    return services.markeer_vastgelopen()
