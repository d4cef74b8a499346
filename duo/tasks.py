"""Celery tasks of the DUO exchange. Thin: the work is in duo/verwerking.py (the inbox of notifications),
duo/outbox.py (the outbox of meldingen), duo/meldingen.py and duo/instellingen.py."""

import logging

from celery import shared_task

from reports.services import BROKER_ONBEREIKBAAR

from .client import DuoOnbereikbaar

logger = logging.getLogger(__name__)


def in_wachtrij(taak, *args) -> bool:
    """Queue `taak` (after a commit). With the broker down nothing fails: what waits in the inbox and the outbox is
    picked up by the beat tasks below once the broker is back."""
    try:
        taak.delay(*args)
    except BROKER_ONBEREIKBAAR as exc:
        logger.warning("DUO: %s niet in de wachtrij gezet (%s); de periodieke taak pakt het op", taak.name, exc)
        return False
    return True


@shared_task(acks_late=True)
def verwerk_notificatie(notificatie_id: int) -> None:
    from .verwerking import verwerk

    verwerk(notificatie_id)


@shared_task
def verwerk_wachtende_notificaties() -> int:
    """Notifications not yet processed whose (next) attempt is due: after a crash or DUO being away."""
    from .verwerking import verwerk_wachtende

    return verwerk_wachtende()


@shared_task(acks_late=True)
def verstuur_melding(melding_id: int) -> None:
    from .outbox import verstuur

    verstuur(melding_id)


@shared_task
def verstuur_wachtende_meldingen() -> int:
    from .outbox import verstuur_wachtende

    return verstuur_wachtende()


@shared_task
def meld_gevolgde_uren() -> int:
    """The Gevolgde uren of every case of the previous month (beat, the 1st of the month)."""
    from .meldingen import meld_gevolgde_uren_vorige_maand

    return meld_gevolgde_uren_vorige_maand()


@shared_task
def haal_instellingen_op() -> int:
    from .instellingen import haal_op

    return haal_op()


@shared_task(autoretry_for=(DuoOnbereikbaar,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def ververs_dossier(statushouder_id: int) -> None:
    """What DUO has of a case just registered from its aanmelding, for "DUO zegt / wij zeggen"."""
    from cases.models import Statushouder

    from .raadpleging import ververs

    ververs(Statushouder.objects.select_related("gemeente").get(pk=statushouder_id))
