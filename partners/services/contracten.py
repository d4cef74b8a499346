"""Writes on the regional contracts (issue 7); the providers' keurmerk periods are in keurmerken.py. Contract
terms are the regiocoördinator's (their own arbeidsmarktregio) and the beheerder's; every change is audit-logged
with the fields it changed."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from ..models import Contract, Organisatie
from ..selectors import beheerde_regios
from ..selectors.contracten import typefout

VELDEN = (
    "organisatie",
    "leerroute",
    "arbeidsmarktregio",
    "startdatum",
    "einddatum",
    "capaciteit",
    "tarief",
    "kenmerk",
    "norm_aanwezigheid",
    "verzuim_melden_binnen_dagen",
    "rapportage_frequentie",
    "toelichting",
)
KOPPELING = ("organisatie", "leerroute", "arbeidsmarktregio")


def _mag_regio_beheren(actor, regio) -> None:
    if not beheerde_regios(actor).filter(pk=regio.pk).exists():
        raise PermissionDenied(_("U mag de contracten van deze arbeidsmarktregio niet beheren."))


def _valideer(waarden: dict, contract: Contract | None) -> None:
    """All rules at once, each error at its field (Dutch). The provider's row is locked by the caller, so two
    overlapping contracts cannot be written at the same time."""
    fouten: dict[str, str] = {}
    org, route = waarden["organisatie"], waarden["leerroute"]
    start, eind = waarden["startdatum"], waarden["einddatum"]
    if not org.actief and (contract is None or contract.organisatie_id != org.pk):
        fouten["organisatie"] = _("%(organisatie)s is niet actief.") % {"organisatie": org}
    elif fout := typefout(org, route):
        fouten["organisatie"] = fout
    if eind < start:
        fouten["einddatum"] = _("De einddatum ligt vóór de startdatum.")
    if waarden["capaciteit"] is None or waarden["capaciteit"] < 1:
        fouten["capaciteit"] = _("Het aantal trajecten moet groter zijn dan 0.")
    if waarden["tarief"] is None or waarden["tarief"] < Decimal(0):
        fouten["tarief"] = _("Het tarief kan niet negatief zijn.")
    if not 1 <= (waarden["norm_aanwezigheid"] or 0) <= 100:
        fouten["norm_aanwezigheid"] = _("Geef een percentage van 1 tot en met 100.")
    if contract is not None and contract.inschrijvingen.exists():
        gewijzigd = [veld for veld in KOPPELING if getattr(contract, f"{veld}_id") != waarden[veld].pk]
        for veld in gewijzigd:
            fouten[veld] = _("Er zijn al inschrijvingen op dit contract; aanbieder, route en regio liggen vast.")
        buiten = contract.inschrijvingen.exclude(startdatum__range=(start, eind)).order_by("startdatum")
        if not gewijzigd and eind >= start and (eerste := buiten.first()) is not None:
            fouten["startdatum"] = _(
                "Er is een inschrijving op dit contract met startdatum %(datum)s; die moet binnen de looptijd vallen."
            ) % {"datum": f"{eerste.startdatum:%d-%m-%Y}"}
    if not fouten:
        overlap = (
            Contract.objects.filter(
                organisatie=org,
                leerroute=route,
                arbeidsmarktregio=waarden["arbeidsmarktregio"],
                startdatum__lte=eind,
                einddatum__gte=start,
            )
            .exclude(pk=getattr(contract, "pk", None))
            .order_by("startdatum")
            .first()
        )
        if overlap is not None:
            fouten["startdatum"] = _(
                "%(organisatie)s heeft voor de %(route)s in deze regio al een contract van %(start)s tot en met "
                "%(eind)s; de looptijden mogen niet overlappen."
            ) % {
                "organisatie": org,
                "route": route,
                "start": f"{overlap.startdatum:%d-%m-%Y}",
                "eind": f"{overlap.einddatum:%d-%m-%Y}",
            }
    if fouten:
        raise ValidationError(fouten)


def _normaliseer(waarden: dict) -> dict:
    onbekend = set(waarden) - set(VELDEN)
    if onbekend:
        raise TypeError(f"onbekende velden: {sorted(onbekend)}")
    waarden = {"kenmerk": "", "toelichting": "", **waarden}
    waarden["kenmerk"] = waarden["kenmerk"].strip()
    waarden["toelichting"] = waarden["toelichting"].strip()
    return waarden


def _lock_aanbieder(organisatie: Organisatie) -> Organisatie:
    return Organisatie.objects.select_for_update().get(pk=organisatie.pk)


def _in_regio(actor, organisatie: Organisatie, regio) -> None:
    """A contracted provider works in the region: link it, so its API keys can be managed there."""
    if not organisatie.arbeidsmarktregios.filter(pk=regio.pk).exists():
        organisatie.arbeidsmarktregios.add(regio)
        log_event(
            actor,
            Handeling.UPDATE,
            organisatie,
            velden=["arbeidsmarktregios"],
            toelichting=f"Actief in {regio} (contract)",
        )


@transaction.atomic
def maak_contract(actor, **waarden) -> Contract:
    """A new contract (all of VELDEN; kenmerk and toelichting may be left out)."""
    waarden = _normaliseer(waarden)
    _mag_regio_beheren(actor, waarden["arbeidsmarktregio"])
    _lock_aanbieder(waarden["organisatie"])
    _valideer(waarden, None)
    contract = Contract.objects.create(**waarden)
    _in_regio(actor, waarden["organisatie"], waarden["arbeidsmarktregio"])
    log_event(actor, Handeling.CREATE, contract, velden=list(waarden), toelichting=f"Contract {contract}"[:255])
    return contract


@transaction.atomic
def wijzig_contract(actor, contract: Contract, **waarden) -> Contract:
    """Change a contract's terms; a contract with enrolments keeps its provider, route and region, and its period
    keeps covering their start dates. Logs the changed fields (nothing when nothing changed)."""
    _mag_regio_beheren(actor, contract.arbeidsmarktregio)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    waarden = _normaliseer({**{veld: getattr(contract, veld) for veld in VELDEN}, **waarden})
    _mag_regio_beheren(actor, waarden["arbeidsmarktregio"])
    _lock_aanbieder(waarden["organisatie"])
    _valideer(waarden, contract)
    gewijzigd = [veld for veld in VELDEN if getattr(contract, veld) != waarden[veld]]
    if gewijzigd:
        for veld in gewijzigd:
            setattr(contract, veld, waarden[veld])
        contract.save(update_fields=gewijzigd)
        _in_regio(actor, contract.organisatie, contract.arbeidsmarktregio)
        log_event(actor, Handeling.UPDATE, contract, velden=gewijzigd, toelichting=f"Contract {contract}"[:255])
    return contract
