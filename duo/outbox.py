"""Sending the outbox of meldingen (duo.Melding) to DUO, each exactly once as DUO sees it.

A melding is marked `verzonden` (with its attempt counted) and that is committed BEFORE the HTTP call: a worker that
dies during the call leaves it `verzonden`, and it is sent again later with the same berichtId, which DUO answers as
the first time without applying it twice. The row is locked with SKIP LOCKED, so two workers never send one melding
at the same moment. A case's meldingen go in the order they were written (the PIP before the aanbod that needs it):
one waits while an earlier one of the same case is still wachtend or verzonden.

Outcomes: 2xx → bevestigd; 4xx → geweigerd with DUO's fouttekst and a Voorstel for the consultant; no connection,
a time-out or 5xx → wachtend again, retried after 30 s, 1 min, 2 min, ... up to DUO_MAX_WACHTTIJD_UREN apart;
not configured (no DUO_API_URL) → wachtend, with the same backoff; a request that breaks DUO's specification (our
bug) → geweigerd with our own explanation. Nothing logged or stored here carries a BSN."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import contract
from .client import DuoClient, DuoNietGeconfigureerd, DuoOnbereikbaar, DuoWeigering
from .meldingen import contactgegevens
from .models import Contactpersoon, Melding, Voorstel
from .verwerking import wachttijd  # the inbox's backoff: 30 s, doubling, at most DUO_MAX_WACHTTIJD_UREN

logger = logging.getLogger(__name__)

Status = Melding.Status
OPEN = (Status.WACHTEND, Status.VERZONDEN)
AFGEHANDELD = (Status.BEVESTIGD, Status.GEWEIGERD)
DUO_AANROEPEN_PER_MELDING = 3  # a contactpersoon melding may first register and update the consultant at DUO


class NietTeVersturen(Exception):
    """A melding that cannot be sent as it stands (our side): geweigerd with this Dutch explanation."""


def _in_behandeling() -> timedelta:
    """How long a melding being sent may take: a worker still in its call must not see it retried meanwhile."""
    return timedelta(seconds=DUO_AANROEPEN_PER_MELDING * sum(settings.DUO_TIMEOUT))


def _neem(melding_id: int) -> Melding | None:
    """Lock a due melding, count the attempt and commit it as verzonden; None when it is not due, done, being sent
    by another worker, or waits for an earlier melding of its case."""
    nu = timezone.now()
    with transaction.atomic():
        melding = (
            Melding.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("gemeente", "statushouder")
            .filter(pk=melding_id, status__in=OPEN, volgende_poging__lte=nu)
            .first()
        )
        if melding is None:
            return None
        if (
            melding.statushouder_id is not None
            and Melding.objects.filter(
                statushouder_id=melding.statushouder_id, pk__lt=melding.pk, status__in=OPEN
            ).exists()
        ):
            return None
        melding.status = Status.VERZONDEN
        melding.pogingen += 1
        melding.verzonden_op = nu
        melding.volgende_poging = nu + max(wachttijd(melding.pogingen), _in_behandeling())
        melding.save(update_fields=["status", "pogingen", "verzonden_op", "volgende_poging"])
    return melding


def _afgeleid_bericht_id(melding: Melding, operatie: str) -> str:
    """The berichtId of a call the melding needs first (registering the consultant): fixed per melding, so a re-send
    after a crash repeats that call with the same berichtId too and DUO registers him once."""
    return str(uuid.uuid5(melding.bericht_id, operatie))


def _contactpersoon_id(client: DuoClient, melding: Melding) -> int:
    """DUO's id of the case's consultant: registered at DUO (createContactpersoon) when DUO has none for him in this
    gemeente, his data updated there (updateContactpersoonById) when they changed since."""
    consultant, gemeente = melding.statushouder.consultant, melding.gemeente
    if consultant is None:
        raise NietTeVersturen(_("Het dossier heeft geen consulent meer om als contactpersoon te melden."))
    gegevens, ontbreekt = contactgegevens(consultant, gemeente)
    if gegevens is None:
        raise NietTeVersturen(
            _("De contactpersoon kan niet worden gemeld: %(ontbreekt)s ontbreekt.")
            % {"ontbreekt": ", ".join(ontbreekt)}
        )
    bekend = Contactpersoon.objects.filter(gebruiker=consultant, gemeente=gemeente).first()
    if bekend is not None:
        if bekend.gegevens != gegevens:
            client.roep_aan(
                "contactpersoon",
                "PUT",
                "/contactpersonen/{id}",
                gegevens,
                bericht_id=_afgeleid_bericht_id(melding, "updateContactpersoonById"),
                id=bekend.duo_id,
            )
            Contactpersoon.objects.filter(pk=bekend.pk).update(gegevens=gegevens)
        return bekend.duo_id
    antwoord = client.roep_aan(
        "contactpersoon",
        "POST",
        "/contactpersonen",
        gegevens,
        bericht_id=_afgeleid_bericht_id(melding, "createContactpersoon"),
    )
    duo_id = (antwoord.gegevens or {}).get("id")
    if not isinstance(duo_id, int):
        raise NietTeVersturen(_("DUO registreerde de contactpersoon zonder een id terug te geven."))
    try:
        with transaction.atomic():
            Contactpersoon.objects.create(gebruiker=consultant, gemeente=gemeente, duo_id=duo_id, gegevens=gegevens)
    except IntegrityError:  # registered at the same moment by another worker: use that one
        return Contactpersoon.objects.get(gebruiker=consultant, gemeente=gemeente).duo_id
    return duo_id


def _roep_aan(melding: Melding):
    client = DuoClient(melding.gemeente)
    parameters = {}
    if melding.statushouder_id is not None:
        parameters["bsn"] = melding.statushouder.bsn
    if melding.operatie == "postContactpersoonByBsn":
        parameters["id"] = _contactpersoon_id(client, melding)
    return client.roep_aan(
        melding.api,
        melding.methode,
        melding.pad,
        melding.inhoud,
        bericht_id=str(melding.bericht_id),
        **parameters,
    )


def _weiger(melding: Melding, toelichting: str) -> None:
    """geweigerd, and the consultant sees why (a Voorstel on the case)."""
    melding.status = Status.GEWEIGERD
    melding.beantwoord_op = timezone.now()
    melding.save(update_fields=["status", "http_status", "fouten", "laatste_fout", "beantwoord_op"])
    if melding.statushouder_id is not None:
        Voorstel.objects.create(
            statushouder_id=melding.statushouder_id,
            soort=Voorstel.Soort.WEIGERING,
            melding=melding,
            toelichting=_("De melding '%(omschrijving)s' is niet verwerkt: %(reden)s")
            % {"omschrijving": melding.omschrijving, "reden": toelichting},
        )


def _verwerk_uitkomst(melding: Melding, antwoord=None, fout: Exception | None = None) -> None:
    nu = timezone.now()
    with transaction.atomic():
        melding = Melding.objects.select_for_update(of=("self",)).select_related("statushouder").get(pk=melding.pk)
        if isinstance(fout, DuoWeigering) and fout.status == 404 and melding.methode == "DELETE":
            fout, antwoord = None, fout  # what we withdraw is not there (any more): done
        if fout is None:
            melding.status = Status.BEVESTIGD
            melding.http_status = antwoord.status
            melding.beantwoord_op = nu
            melding.laatste_fout = ""
            melding.save(update_fields=["status", "http_status", "beantwoord_op", "laatste_fout"])
        elif isinstance(fout, DuoWeigering):
            melding.http_status = fout.status
            melding.fouten = [contract.zonder_bsn(tekst) for tekst in fout.fouten]
            reden = "; ".join(melding.fouten) or _("DUO gaf geen reden (HTTP %(status)s).") % {"status": fout.status}
            _weiger(melding, _("DUO weigerde haar: %(reden)s") % {"reden": reden})
        elif isinstance(fout, contract.ContractFout):
            logger.error(
                "DUO-melding %s (%s) voldoet niet aan DUO's specificatie: %s", melding.pk, melding.operatie, fout
            )
            melding.laatste_fout = contract.zonder_bsn(str(fout))
            _weiger(
                melding,
                _("ze voldoet niet aan DUO's specificatie (een fout in de software, gelogd voor de beheerder)."),
            )
        elif isinstance(fout, NietTeVersturen):
            melding.laatste_fout = contract.zonder_bsn(str(fout))
            _weiger(melding, str(fout))
        else:  # DuoOnbereikbaar, DuoNietGeconfigureerd: try again later with the same berichtId
            melding.status = Status.WACHTEND
            melding.volgende_poging = nu + wachttijd(melding.pogingen)
            melding.laatste_fout = contract.zonder_bsn(str(fout))
            melding.save(update_fields=["status", "volgende_poging", "laatste_fout"])


def _probeer(melding_id: int) -> str | None:
    """One attempt at one melding; its status afterwards, None when it was not taken (see _neem)."""
    melding = _neem(melding_id)
    if melding is None:
        return None
    try:
        antwoord = _roep_aan(melding)
    except (DuoWeigering, DuoOnbereikbaar, DuoNietGeconfigureerd, contract.ContractFout, NietTeVersturen) as fout:
        if isinstance(fout, DuoOnbereikbaar | DuoNietGeconfigureerd):
            logger.info("DUO-melding %s wacht: %s", melding.pk, fout)
        _verwerk_uitkomst(melding, fout=fout)
    else:
        _verwerk_uitkomst(melding, antwoord=antwoord)
    return Melding.objects.values_list("status", flat=True).get(pk=melding.pk)


def _volgende_van_dossier(melding_id: int) -> int | None:
    statushouder_id = Melding.objects.values_list("statushouder_id", flat=True).get(pk=melding_id)
    if statushouder_id is None:
        return None
    return (
        Melding.objects.filter(
            statushouder_id=statushouder_id, pk__gt=melding_id, status__in=OPEN, volgende_poging__lte=timezone.now()
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def verstuur(melding_id: int) -> str | None:
    """Send one melding (the Celery task after the commit of its change) and then the case's meldingen that waited
    for it. Returns the melding's status afterwards, None when it was not taken."""
    status = uitkomst = _probeer(melding_id)
    huidige = melding_id
    while uitkomst in AFGEHANDELD and (huidige := _volgende_van_dossier(huidige)):
        uitkomst = _probeer(huidige)
    return status


def verstuur_wachtende() -> int:
    """Every melding whose (next) attempt is due, in the order written (the beat task, every 30 seconds): queued
    while the broker was down, waiting after DUO was away, or left verzonden by a worker that died. Returns how many
    were attempted."""
    due = Melding.objects.filter(status__in=OPEN, volgende_poging__lte=timezone.now()).order_by("pk")
    return sum(_probeer(pk) is not None for pk in list(due.values_list("pk", flat=True)))
