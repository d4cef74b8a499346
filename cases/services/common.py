"""The building blocks every case service shares: today, the row lock, the timeline entry and the
state transition with its audit event."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from ..models import Actie, Doel, PipVersie, Statushouder, TijdlijnGebeurtenis
from ..workflow import check_transition


def today() -> date:
    return timezone.localdate()


def timeline(statushouder, soort: str, omschrijving: str, datum: date, actor) -> None:
    TijdlijnGebeurtenis.objects.create(
        statushouder=statushouder, soort=soort, omschrijving=omschrijving, datum=datum, actor=actor
    )


def locked(statushouder) -> Statushouder:
    """Re-read the row under a lock, so two transitions on one case cannot interleave."""
    return Statushouder.objects.select_for_update().select_related("gemeente").get(pk=statushouder.pk)


def not_in_future(datum: date, veld: str) -> None:
    if datum > today():
        raise ValidationError({veld: "Deze datum ligt in de toekomst."})


def transition(actor, statushouder, target: str, datum: date, omschrijving: str, **stamps) -> Statushouder:
    check_transition(statushouder.status, target)
    statushouder.status = target
    statushouder.status_sinds = datum
    for veld, waarde in stamps.items():
        setattr(statushouder, veld, waarde)
    statushouder.save()
    timeline(statushouder, f"status:{target}", omschrijving, datum, actor)
    log_event(actor, Handeling.UPDATE, statushouder, velden=["status", "status_sinds", *stamps])
    return statushouder


def kopieer_doelen(van: PipVersie, naar: PipVersie) -> None:
    """Copy the goals and actions of one PIP version into another (an adjustment, or the new gemeente's plan
    after a move): three queries whatever their number."""
    doelen = list(van.doelen.prefetch_related("acties"))
    kopieen = Doel.objects.bulk_create(
        Doel(versie=naar, leefgebied=d.leefgebied, omschrijving=d.omschrijving, volgorde=d.volgorde) for d in doelen
    )
    Actie.objects.bulk_create(
        Actie(
            doel=kopie,
            omschrijving=actie.omschrijving,
            eigenaar=actie.eigenaar,
            ketenpartner_id=actie.ketenpartner_id,
            deadline=actie.deadline,
            status=actie.status,
        )
        for doel, kopie in zip(doelen, kopieen, strict=True)
        for actie in doel.acties.all()
    )
