"""Celery tasks of the cases app (being written)."""

from celery import shared_task


@shared_task
def anonimiseer_verlopen_dossiers():
    raise NotImplementedError
