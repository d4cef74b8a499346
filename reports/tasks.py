"""Celery tasks of the reports (the work itself is in reports/services.py).

Every task is idempotent (services: a finished or running run is left alone, a month's beat runs are made once) and
is retried with backoff when the database or the broker is unreachable. The computation's own errors are not
retried: they mark the run "mislukt" with the reason, and the user can start it again."""

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError
from kombu.exceptions import OperationalError

from inburgering.celery import OPNIEUW_MET_PAUZES

from . import services

OPNIEUW = {"autoretry_for": (DatabaseError, OperationalError), **OPNIEUW_MET_PAUZES}


@shared_task(
    bind=True,
    acks_late=True,
    soft_time_limit=settings.RAPPORTAGE_SOFT_TIME_LIMIT,
    # The hard limit only for a task that ignores the soft one; its heartbeat stops, and the watch below takes over.
    time_limit=settings.RAPPORTAGE_SOFT_TIME_LIMIT + 60,
    **OPNIEUW,
)
def voer_run_uit(self, run_pk: int) -> None:
    """Compute, suppress and render one report run. A soft time-out ends up as the run's error (services); a retry
    takes over the run its first attempt left "bezig"."""
    services.voer_uit(run_pk, overnemen=self.request.retries > 0)


@shared_task(acks_late=True, soft_time_limit=settings.RAPPORTAGE_SOFT_TIME_LIMIT, **OPNIEUW)
def render_met_landelijk(run_pk: int) -> bool:
    """A national run is ready: render again the files of a region's run of its period that were made without it."""
    return services.render_met_landelijk(run_pk)


@shared_task(**OPNIEUW)
def maandrapportage_alle_regios() -> int:
    """Beat, monthly: last month's regional reports and the national report; in a quarter's first month also last
    quarter's."""
    return len(services.start_maandrapportages())


@shared_task(**OPNIEUW)
def markeer_vastgelopen_runs() -> int:
    """Beat, every 30 seconds: a run whose worker died (no heartbeat for a minute) is started again, once; the
    second time it is marked failed, so none stays "bezig" forever (services.controleer_hartslag)."""
    return services.controleer_hartslag()


@shared_task(**OPNIEUW)
def verstuur_wachtende_runs() -> int:
    """Beat, every minute: runs queued while the broker was down (still "wachtend") are queued again."""
    return services.verstuur_wachtende()
