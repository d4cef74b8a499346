"""The goals (doelen) and actions (acties) of a PIP: edits of the concept version; an action's progress also
on a vastgesteld one."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from ..models import Actie, Doel
from ..permissions import require_change
from .common import locked
from .pip import _bewerkbaar_concept, concept_versie, vastgestelde_versie


def _check_doel(leefgebied: str, omschrijving: str) -> str:
    from ..models import Leefgebied

    fouten = {}
    if leefgebied not in Leefgebied.values:
        fouten["leefgebied"] = "Kies een leefgebied."
    omschrijving = (omschrijving or "").strip()
    if not omschrijving:
        fouten["omschrijving"] = "Beschrijf het doel."
    elif len(omschrijving) > 500:
        fouten["omschrijving"] = "Beschrijf het doel in ten hoogste 500 tekens."
    if fouten:
        raise ValidationError(fouten)
    return omschrijving


@transaction.atomic
def voeg_doel_toe(*, actor, statushouder, leefgebied: str, omschrijving: str) -> Doel:
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    versie = _bewerkbaar_concept(statushouder)
    omschrijving = _check_doel(leefgebied, omschrijving)
    laatste = versie.doelen.filter(leefgebied=leefgebied).order_by("-volgorde").values_list("volgorde", flat=True)
    volgorde = (laatste.first() or 0) + 1
    doel = Doel.objects.create(versie=versie, leefgebied=leefgebied, omschrijving=omschrijving, volgorde=volgorde)
    log_event(actor, Handeling.CREATE, doel, statushouder=statushouder)
    return doel


@transaction.atomic
def wijzig_doel(*, actor, statushouder, doel, leefgebied: str, omschrijving: str) -> Doel:
    """`doel` is the goal's uuid; only goals of the concept version (else Doel.DoesNotExist)."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    doel = _bewerkbaar_concept(statushouder).doelen.get(uuid=doel)
    doel.omschrijving = _check_doel(leefgebied, omschrijving)
    doel.leefgebied = leefgebied
    doel.save(update_fields=["omschrijving", "leefgebied"])
    log_event(actor, Handeling.UPDATE, doel, statushouder=statushouder, velden=["leefgebied", "omschrijving"])
    return doel


@transaction.atomic
def verwijder_doel(*, actor, statushouder, doel) -> None:
    """Removes a goal of the concept version with its actions."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    doel = _bewerkbaar_concept(statushouder).doelen.get(uuid=doel)
    log_event(actor, Handeling.DELETE, doel, statushouder=statushouder)
    doel.delete()


def _check_actie(statushouder, *, omschrijving, eigenaar, ketenpartner, deadline, status) -> dict:
    from partners.selectors import ketenpartners_voor

    fouten = {}
    omschrijving = (omschrijving or "").strip()
    if not omschrijving:
        fouten["omschrijving"] = "Beschrijf de actie."
    elif len(omschrijving) > 500:
        fouten["omschrijving"] = "Beschrijf de actie in ten hoogste 500 tekens."
    if eigenaar not in Actie.Eigenaar.values:
        fouten["eigenaar"] = "Kies wie de actie uitvoert."
    if eigenaar == Actie.Eigenaar.KETENPARTNER:
        if ketenpartner is None:
            fouten["ketenpartner"] = "Kies de ketenpartner die de actie uitvoert."
        elif not ketenpartners_voor(statushouder.gemeente.arbeidsmarktregio).filter(pk=ketenpartner.pk).exists():
            fouten["ketenpartner"] = "Kies een ketenpartner uit de regio van de gemeente."
    else:
        ketenpartner = None
    if status not in Actie.ActieStatus.values:
        fouten["status"] = "Kies een status."
    if fouten:
        raise ValidationError(fouten)
    return {
        "omschrijving": omschrijving,
        "eigenaar": eigenaar,
        "ketenpartner": ketenpartner,
        "deadline": deadline,
        "status": status,
    }


@transaction.atomic
def voeg_actie_toe(
    *, actor, statushouder, doel, omschrijving: str, eigenaar: str, ketenpartner=None, deadline=None, status="open"
) -> Actie:
    """An action under a goal (uuid) of the concept version; `ketenpartner` an Organisatie of the region."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    doel = _bewerkbaar_concept(statushouder).doelen.get(uuid=doel)
    velden = _check_actie(
        statushouder,
        omschrijving=omschrijving,
        eigenaar=eigenaar,
        ketenpartner=ketenpartner,
        deadline=deadline,
        status=status,
    )
    actie = Actie.objects.create(doel=doel, **velden)
    log_event(actor, Handeling.CREATE, actie, statushouder=statushouder)
    return actie


@transaction.atomic
def wijzig_actie(
    *, actor, statushouder, actie, omschrijving: str, eigenaar: str, ketenpartner=None, deadline=None, status="open"
) -> Actie:
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    versie = _bewerkbaar_concept(statushouder)
    actie = Actie.objects.get(uuid=actie, doel__versie=versie)
    velden = _check_actie(
        statushouder,
        omschrijving=omschrijving,
        eigenaar=eigenaar,
        ketenpartner=ketenpartner,
        deadline=deadline,
        status=status,
    )
    for veld, waarde in velden.items():
        setattr(actie, veld, waarde)
    actie.save(update_fields=list(velden))
    log_event(actor, Handeling.UPDATE, actie, statushouder=statushouder, velden=list(velden))
    return actie


@transaction.atomic
def verwijder_actie(*, actor, statushouder, actie) -> None:
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    versie = _bewerkbaar_concept(statushouder)
    actie = Actie.objects.get(uuid=actie, doel__versie=versie)
    log_event(actor, Handeling.DELETE, actie, statushouder=statushouder)
    actie.delete()


@transaction.atomic
def zet_actie_status(*, actor, statushouder, actie, status: str) -> Actie:
    """The progress of an action of the concept or the current vastgesteld version: the one thing of a
    vastgesteld PIP that may change (the database trigger allows only this column)."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    if status not in Actie.ActieStatus.values:
        raise ValidationError({"status": "Kies een status."})
    versies = [v.pk for v in (concept_versie(statushouder), vastgestelde_versie(statushouder)) if v is not None]
    actie = Actie.objects.get(uuid=actie, doel__versie__in=versies)
    actie.status = status
    actie.save(update_fields=["status"])
    log_event(actor, Handeling.UPDATE, actie, statushouder=statushouder, velden=["status"])
    return actie
