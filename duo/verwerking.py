"""The inbox of DUO's notifications: stored by the Notificatie API before 201 is answered (`ontvang`), then
processed by Celery (`verwerk`, and `verwerk_wachtende` every 30 s for what was not queued or failed).

Processing one notification runs in one transaction holding its row (select_for_update(skip_locked): two
workers never take the same one): the changes of duo.gebeurtenissen and the status `verwerkt` commit together.
When it fails — DUO unreachable or any error — the changes roll back (a savepoint), and the attempt is recorded:
pogingen + 1, volgende_poging after an exponential backoff (30 s doubling, at most DUO_MAX_WACHTTIJD_UREN),
laatste_fout without BSN; the status stays `ontvangen`, so a crash is retried and never lost. A process that
dies mid-way leaves the row untouched (its transaction never commits), and the next run takes it up."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from . import gebeurtenissen
from .client import DuoOnbereikbaar
from .contract import zonder_bsn
from .models import Notificatie

logger = logging.getLogger("duo")

Status = Notificatie.Status
EERSTE_WACHTTIJD = timedelta(seconds=30)
MAX_POGINGEN = 32_767  # the field's maximum; the wait stops growing long before


def ontvang(
    *, gemeente, bericht_id, bron, doel, gebeurtenis_id, registratie_datum_tijd, bsn, v_nummer
) -> tuple[Notificatie, bool]:
    """Store a notification DUO posted for `gemeente`; (notificatie, new). A repeated berichtId is stored once
    (the unique constraint decides, also between two requests at the same moment) and queued once."""
    with transaction.atomic():
        notificatie, nieuw = Notificatie.objects.get_or_create(
            bericht_id=bericht_id,
            defaults={
                "bron": bron,
                "doel": doel,
                "gemeente": gemeente,
                "gebeurtenis_id": gebeurtenis_id,
                "registratie_datum_tijd": registratie_datum_tijd,
                "bsn": bsn,
                "v_nummer": v_nummer,
            },
        )
        if nieuw:
            transaction.on_commit(lambda: in_wachtrij(notificatie.pk))
    return notificatie, nieuw


def in_wachtrij(notificatie_id: int) -> bool:
    """Queue the processing. With the broker down the notification waits for verwerk_wachtende (beat): DUO has
    its 201 all the same, the notification is stored."""
    from . import tasks

    return tasks.in_wachtrij(tasks.verwerk_notificatie, notificatie_id)


def verwerk(notificatie_id: int) -> bool:
    """Process one notification; True when it is verwerkt now. False: already processed, taken by another
    worker, or this attempt failed (and is planned again)."""
    return _verwerk(notificatie_id) == "verwerkt"


def verwerk_wachtende() -> int:
    """Process every notification still `ontvangen` whose (next) attempt is due, oldest first; the number
    processed. Stops at the first sign that DUO is unreachable: the rest waits for the next run."""
    nu = timezone.now()
    ids = (
        Notificatie.objects.filter(status=Status.ONTVANGEN)
        .filter(Q(volgende_poging__isnull=True) | Q(volgende_poging__lte=nu))
        .order_by("ontvangen_op", "id")
        .values_list("id", flat=True)
    )
    verwerkt = 0
    for notificatie_id in list(ids):
        uitkomst = _verwerk(notificatie_id)
        if uitkomst == "onbereikbaar":
            break
        verwerkt += uitkomst == "verwerkt"
    return verwerkt


def _verwerk(notificatie_id: int) -> str:
    """The outcome of one attempt: verwerkt, overgeslagen (done, or another worker holds it), mislukt (planned
    again), onbereikbaar (DUO is away: planned again) or blijvend (cannot be processed: status mislukt)."""
    with transaction.atomic(), translation.override("nl"):  # the texts written for the consultant are Dutch
        notificatie = (
            Notificatie.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("gemeente")
            .filter(pk=notificatie_id, status=Status.ONTVANGEN)
            .first()
        )
        if notificatie is None:
            return "overgeslagen"
        try:
            with transaction.atomic():
                gebeurtenissen.verwerk(notificatie)
        except gebeurtenissen.NietVerwerkbaar as exc:
            notificatie.status = Status.MISLUKT
            notificatie.laatste_fout = zonder_bsn(str(exc))
            notificatie.save(update_fields=["status", "laatste_fout"])
            logger.warning("DUO-notificatie %s niet verwerkbaar: %s", notificatie.pk, notificatie.laatste_fout)
            return "blijvend"
        except Exception as exc:
            _later(notificatie, exc)
            return "onbereikbaar" if isinstance(exc, DuoOnbereikbaar) else "mislukt"
        notificatie.status = Status.VERWERKT
        notificatie.verwerkt_op = timezone.now()
        notificatie.save(update_fields=["status", "verwerkt_op", "statushouder"])
        return "verwerkt"


def _later(notificatie: Notificatie, exc: Exception) -> None:
    notificatie.pogingen = min(notificatie.pogingen + 1, MAX_POGINGEN)
    notificatie.volgende_poging = timezone.now() + wachttijd(notificatie.pogingen)
    notificatie.laatste_fout = zonder_bsn(f"{type(exc).__name__}: {exc}")[:2000]
    notificatie.statushouder = None
    notificatie.save(update_fields=["pogingen", "volgende_poging", "laatste_fout", "statushouder"])
    logger.warning(
        "DUO-notificatie %s (%s) poging %s mislukt, opnieuw om %s: %s",
        notificatie.pk,
        notificatie.gebeurtenis_id,
        notificatie.pogingen,
        notificatie.volgende_poging.isoformat(timespec="seconds"),
        notificatie.laatste_fout,
    )


def wachttijd(pogingen: int) -> timedelta:
    """30 s after the first failed attempt, doubling, at most settings.DUO_MAX_WACHTTIJD_UREN."""
    maximum = timedelta(hours=settings.DUO_MAX_WACHTTIJD_UREN)
    verdubbelingen = min(max(pogingen - 1, 0), 40)  # 30 s × 2^40 is far past any maximum
    return min(EERSTE_WACHTTIJD * 2**verdubbelingen, maximum)
