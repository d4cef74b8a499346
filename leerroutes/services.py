"""Writes on enrolments. The provider API's bulk writes (attendance, exams, reports) come here too."""

from __future__ import annotations

import json
import re
import uuid as uuid_module
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.permissions import require_change
from cases.routekaart import TAALEXAMENS
from cases.services.common import locked, not_in_future, timeline, today
from cases.workflow import Status
from duo import meldingen, regels
from inburgering.accounts import roles
from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event, log_events
from partners.models import Contract, Keurmerk
from partners.selectors.contracten import contract_voor, gebruikte_capaciteit, typefout

from .models import (
    NIVEAUS,
    Aanwezigheid,
    Examenresultaat,
    Inschrijving,
    Onderdeel,
    Taalschakeltraject,
    Voortgangsrapportage,
)

# --- The consultant's side of the enrolment life cycle (aanmelding bij de aanbieder) --------------------------
# From the vastgestelde PIP the consultant enrols the statushouder at a provider for the onderdelen of the route,
# with a planned start; ends an enrolment (or withdraws an aanmelding); or moves the statushouder to another
# provider (the old enrolment ends, the new one `vervangt` it). Every refusal is a Dutch ValidationError and
# writes nothing; every change is in the timeline and the audit log.


def _d(datum: date) -> str:
    return f"{datum:%d-%m-%Y}"


def _vastgestelde_route(statushouder):
    """The vastgestelde PIP version a case enrols from. Only while the PIP is being carried out (`in_uitvoering`):
    before the vaststelling there is no route to enrol for, and a suspended (opgeschort) or ended case takes no
    new aanmelding — hervat it first."""
    from cases.services import vastgestelde_versie

    versie = vastgestelde_versie(statushouder) if statushouder.pip_dagtekening else None
    if versie is None or versie.leerroute_id is None:
        raise ValidationError(_("Inschrijven kan pas als het PIP is vastgesteld: er is nog geen vastgesteld PIP."))
    if statushouder.status == Status.OPGESCHORT:
        raise ValidationError(_("Het dossier is opgeschort: hervat het dossier voordat u inschrijft."))
    if statushouder.status != Status.IN_UITVOERING:
        raise ValidationError(_("Inschrijven kan alleen zolang het PIP wordt uitgevoerd."))
    return versie


def is_teamleider(actor) -> bool:
    return actor is not None and roles.has_role(actor, roles.TEAMLEIDER)


def _controleer_aanmelding(
    *,
    actor,
    statushouder,
    organisatie,
    startdatum,
    leerroute=None,
    onderdelen=None,
    contract=None,
    capaciteit_overschreden_reden: str = "",
    behalve=None,
    voorkeur=None,
):
    """Every rule of an aanmelding, without writing: (leerroute, onderdelen, contract, capaciteit_overschreden_reden).
    `behalve`: an enrolment being replaced (a move), not counted as an open enrolment; `voorkeur`: the onderdelen
    to take (as far as they belong to the route) when none are given — a move keeps the old enrolment's."""
    versie = _vastgestelde_route(statushouder)
    if leerroute is None:
        leerroute = versie.leerroute
    elif leerroute.pk != versie.leerroute_id:
        raise ValidationError(
            {"leerroute": _("De leerroute van het vastgestelde PIP is de %(route)s.") % {"route": versie.leerroute}}
        )
    if startdatum is None:
        raise ValidationError({"startdatum": _("Vul de geplande startdatum in.")})
    if fout := regels.aanbod_fout(statushouder, versie.dagtekening, startdatum):
        raise ValidationError({"startdatum": fout})
    if organisatie is None:
        raise ValidationError({"organisatie": _("Kies een aanbieder.")})
    if fout := typefout(organisatie, leerroute):
        raise ValidationError({"organisatie": fout})
    if leerroute.keurmerk_vereist and not organisatie.keurmerk_geldig_op(startdatum):
        raise ValidationError(
            {
                "organisatie": _("%(organisatie)s heeft op %(datum)s geen geldig Blik op Werk keurmerk.")
                % {"organisatie": organisatie, "datum": _d(startdatum)}
            }
        )
    if leerroute.code == leerroute.Code.ONDERWIJS and not organisatie.keurmerk_geldig_op(
        startdatum, Keurmerk.Soort.TAALSCHAKELINSTELLING
    ):
        raise ValidationError(
            {
                "organisatie": _(
                    "%(organisatie)s is op %(datum)s geen erkende taalschakelinstelling: de onderwijsroute kan daar "
                    "niet."
                )
                % {"organisatie": organisatie, "datum": _d(startdatum)}
            }
        )
    route_onderdelen = list(Onderdeel.objects.filter(leerroutes=leerroute))
    if onderdelen is None:
        onderdelen = [o for o in voorkeur or () if o in route_onderdelen] or route_onderdelen
    onderdelen = list(onderdelen)
    if not onderdelen:
        raise ValidationError({"onderdelen": _("Kies ten minste één onderdeel.")})
    vreemd = [o for o in onderdelen if o not in route_onderdelen]
    if vreemd:
        raise ValidationError(
            {
                "onderdelen": _("%(onderdelen)s hoort niet bij de %(route)s.")
                % {"onderdelen": ", ".join(str(o) for o in vreemd), "route": leerroute}
            }
        )
    open_ = Inschrijving.objects.filter(
        statushouder=statushouder, organisatie=organisatie, status__in=Inschrijving.OPEN
    )
    if behalve is not None:
        open_ = open_.exclude(pk=behalve.pk)
    if open_.exists():
        raise ValidationError(
            {
                "organisatie": _(
                    "Er loopt al een inschrijving bij %(organisatie)s (aangemeld of actief): beëindig die eerst."
                )
                % {"organisatie": organisatie}
            }
        )
    regio = statushouder.gemeente.arbeidsmarktregio
    if contract is None:
        contract = contract_voor(
            organisatie=organisatie, leerroute=leerroute, arbeidsmarktregio_id=regio.pk, datum=startdatum
        )
        if contract is None:
            raise ValidationError(
                {
                    "organisatie": _(
                        "%(organisatie)s heeft op %(datum)s geen contract voor de %(route)s in de "
                        "arbeidsmarktregio %(regio)s."
                    )
                    % {"organisatie": organisatie, "datum": _d(startdatum), "route": leerroute, "regio": regio}
                }
            )
    elif (
        contract.organisatie_id != organisatie.pk
        or contract.leerroute_id != leerroute.pk
        or contract.arbeidsmarktregio_id != regio.pk
        or not (contract.startdatum <= startdatum <= contract.einddatum)
    ):
        raise ValidationError({"contract": _("Dit contract hoort niet bij deze aanbieder, route, regio en datum.")})
    contract = Contract.objects.select_for_update().get(pk=contract.pk)  # two aanmeldingen cannot take one place
    capaciteit_overschreden_reden = (capaciteit_overschreden_reden or "").strip()
    gebruikt = gebruikte_capaciteit(contract)
    if gebruikt >= contract.capaciteit:
        vol = _(
            "Het contract van %(organisatie)s voor de %(route)s is vol: %(gebruikt)d van %(capaciteit)d trajecten "
            "gebruikt."
        ) % {"organisatie": organisatie, "route": leerroute, "gebruikt": gebruikt, "capaciteit": contract.capaciteit}
        if not is_teamleider(actor):
            raise ValidationError(
                {"organisatie": f"{vol} {_('Alleen de teamleider kan boven de capaciteit inschrijven.')}"}
            )
        if not capaciteit_overschreden_reden:
            raise ValidationError(
                {"capaciteit_overschreden_reden": f"{vol} {_('Geef de reden om toch in te schrijven.')}"}
            )
        veld = Inschrijving._meta.get_field("capaciteit_overschreden_reden")
        capaciteit_overschreden_reden = capaciteit_overschreden_reden[: veld.max_length]
    else:
        capaciteit_overschreden_reden = ""  # a reason only where the capacity is exceeded
    return leerroute, onderdelen, contract, capaciteit_overschreden_reden


def _maak_aanmelding(
    actor, statushouder, organisatie, startdatum, leerroute, onderdelen, contract, reden, vandaag, vervangt=None
) -> Inschrijving:
    inschrijving = Inschrijving.objects.create(
        statushouder=statushouder,
        organisatie=organisatie,
        leerroute=leerroute,
        contract=contract,
        status=Inschrijving.Status.AANGEMELD,
        aangemeld_op=vandaag,
        geplande_startdatum=startdatum,
        startdatum=startdatum,
        capaciteit_overschreden_reden=reden,
        vervangt=vervangt,
    )
    inschrijving.onderdelen.set(onderdelen)
    meldingen.meld_inburgeringsaanbod(inschrijving)
    tekst = _("Aangemeld bij %(organisatie)s voor de %(route)s, geplande start %(datum)s") % {
        "organisatie": organisatie,
        "route": leerroute,
        "datum": _d(startdatum),
    }
    if reden:
        tekst += _(" (boven de contractcapaciteit: %(reden)s)") % {"reden": reden}
    timeline(statushouder, "inschrijving:aangemeld", tekst[:255], vandaag, actor=actor)
    log_event(
        actor,
        Handeling.CREATE,
        inschrijving,
        statushouder=statushouder,
        velden=[
            "organisatie",
            "leerroute",
            "onderdelen",
            "startdatum",
            *(["capaciteit_overschreden_reden"] if reden else []),
        ],
        toelichting=(f"Capaciteit overschreden: {reden}" if reden else "")[:255],
    )
    return inschrijving


@transaction.atomic
def schrijf_in(
    *,
    actor,
    statushouder,
    organisatie,
    startdatum: date,
    leerroute=None,
    onderdelen=None,
    contract=None,
    capaciteit_overschreden_reden: str = "",
    vandaag: date | None = None,
) -> Inschrijving:
    """Enrol (aanmelden) a statushouder at a provider for the onderdelen (default: all) of the vastgestelde route,
    with a planned start: status `aangemeld`, aangemeld_op `vandaag`, geplande_startdatum = startdatum. Refused,
    with a Dutch message naming the field and nothing written, when there is no vastgesteld PIP (or the case is
    not in uitvoering); the provider cannot teach the route; a B1- or Z-route provider has no Blik op Werk
    keurmerk valid on the start date (DOMAIN.md req. 9); an onderwijsroute institution is not an erkende
    taalschakelinstelling on the start date; there is no contract for the route in the case's arbeidsmarktregio
    covering the start date; the contract is full (the teamleider may enrol anyway, with a reason); or there is
    already an open (aangemeld/actief) enrolment at that provider. Without `contract` the covering one is linked."""
    require_change(actor, statushouder)
    vandaag = vandaag or today()
    statushouder = locked(statushouder)
    leerroute, onderdelen, contract, reden = _controleer_aanmelding(
        actor=actor,
        statushouder=statushouder,
        organisatie=organisatie,
        startdatum=startdatum,
        leerroute=leerroute,
        onderdelen=onderdelen,
        contract=contract,
        capaciteit_overschreden_reden=capaciteit_overschreden_reden,
    )
    return _maak_aanmelding(
        actor, statushouder, organisatie, startdatum, leerroute, onderdelen, contract, reden, vandaag
    )


def _lock_inschrijving(inschrijving) -> Inschrijving:
    return (
        Inschrijving.objects.select_for_update(of=("self",))
        .select_related("organisatie", "leerroute", "statushouder")
        .get(pk=inschrijving.pk)
    )


def _nog_open(inschrijving: Inschrijving) -> None:
    if inschrijving.status not in Inschrijving.OPEN:
        raise ValidationError(
            {"status": _("Deze inschrijving is al %(status)s.") % {"status": inschrijving.get_status_display()}}
        )


def _controleer_einde(inschrijving: Inschrijving, einddatum: date | None, vandaag: date) -> None:
    """May the consultant end this enrolment on `einddatum`: still open, the date given and not in the future, and
    an actief one not before its start (an aangemeld one is withdrawn, whatever its planned start)."""
    _nog_open(inschrijving)
    if einddatum is None:
        raise ValidationError({"einddatum": _("Vul de einddatum in.")})
    if einddatum > vandaag:
        raise ValidationError({"einddatum": _("De einddatum ligt in de toekomst.")})
    if inschrijving.status == Inschrijving.Status.ACTIEF and einddatum < inschrijving.startdatum:
        raise ValidationError(
            {"einddatum": _("De einddatum ligt vóór de start (%(datum)s).") % {"datum": _d(inschrijving.startdatum)}}
        )


def _beeindig(actor, inschrijving: Inschrijving, *, einddatum: date, reden: str, vandaag: date) -> Inschrijving:
    """End an open enrolment: an actief one is afgebroken on `einddatum`; an aangemeld one (not started) is
    withdrawn — afgebroken too, it gives its contract place back and, ended before its planned start, its start
    becomes the end (the plan stays in geplande_startdatum). Attendance stays with the enrolment."""
    _controleer_einde(inschrijving, einddatum, vandaag)
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": _("Geef de reden.")})
    gewijzigd = ["status", "einddatum", "reden"]
    ingetrokken = inschrijving.status == Inschrijving.Status.AANGEMELD
    if ingetrokken:
        if einddatum < inschrijving.startdatum:
            inschrijving.startdatum = einddatum
            gewijzigd.append("startdatum")
        if inschrijving.contract_id:
            inschrijving.contract = None
            gewijzigd.append("contract")
    inschrijving.status = Inschrijving.Status.AFGEBROKEN
    inschrijving.einddatum = einddatum
    inschrijving.reden = reden[: Inschrijving._meta.get_field("reden").max_length]
    inschrijving.save(update_fields=[*gewijzigd, "gewijzigd_op"])
    meldingen.meld_inburgeringsaanbod(inschrijving)
    if ingetrokken:
        tekst = _("Aanmelding bij %(organisatie)s ingetrokken: %(reden)s")
    else:
        tekst = _("Inschrijving bij %(organisatie)s beëindigd: %(reden)s")
    tekst = tekst % {"organisatie": inschrijving.organisatie, "reden": inschrijving.reden}
    soort = "inschrijving:ingetrokken" if ingetrokken else "inschrijving:beeindigd"
    timeline(inschrijving.statushouder, soort, tekst[:255], einddatum, actor=actor)
    log_event(
        actor,
        Handeling.UPDATE,
        inschrijving,
        statushouder=inschrijving.statushouder,
        velden=gewijzigd,
        toelichting=tekst[:255],
    )
    return inschrijving


@transaction.atomic
def beeindig_inschrijving(
    *, actor, inschrijving: Inschrijving, einddatum: date, reden: str, vandaag: date | None = None
) -> Inschrijving:
    """The consultant ends an enrolment (status afgebroken, with einddatum and reden) or withdraws an aanmelding
    the provider has not started. Refused for an enrolment that already ended."""
    require_change(actor, inschrijving.statushouder)
    inschrijving = _lock_inschrijving(inschrijving)
    return _beeindig(actor, inschrijving, einddatum=einddatum, reden=reden, vandaag=vandaag or today())


@transaction.atomic
def verplaats_inschrijving(
    *,
    actor,
    inschrijving: Inschrijving,
    organisatie,
    startdatum: date,
    einddatum: date | None = None,
    onderdelen=None,
    capaciteit_overschreden_reden: str = "",
    vandaag: date | None = None,
) -> Inschrijving:
    """Move the statushouder to another provider (overstap), in one transaction: the old enrolment ends on
    `einddatum` (default `vandaag`; afgebroken, reden "overstap naar X") and the new one is aangemeld with
    `vervangt` = the old one, under every rule of `schrijf_in` — checked before anything is written. Attendance,
    exams and reports stay with the enrolment they belong to. Default onderdelen: those of the old enrolment that
    belong to the vastgestelde route (all of the route's if none do, e.g. after schakelen)."""
    require_change(actor, inschrijving.statushouder)
    vandaag = vandaag or today()
    statushouder = locked(inschrijving.statushouder)
    oud = _lock_inschrijving(inschrijving)
    _nog_open(oud)
    if organisatie is not None and organisatie.pk == oud.organisatie_id:
        raise ValidationError(
            {"organisatie": _("Kies een andere aanbieder dan %(organisatie)s.") % {"organisatie": oud.organisatie}}
        )
    leerroute, onderdelen, contract, reden = _controleer_aanmelding(
        actor=actor,
        statushouder=statushouder,
        organisatie=organisatie,
        startdatum=startdatum,
        onderdelen=onderdelen,
        capaciteit_overschreden_reden=capaciteit_overschreden_reden,
        behalve=oud,
        voorkeur=list(oud.onderdelen.all()),
    )
    einddatum = einddatum or vandaag
    _controleer_einde(oud, einddatum, vandaag)
    if startdatum < einddatum and oud.status == Inschrijving.Status.ACTIEF:
        raise ValidationError({"startdatum": _("De nieuwe start ligt vóór het einde bij de oude aanbieder.")})
    _beeindig(
        actor,
        oud,
        einddatum=einddatum,
        reden=_("overstap naar %(organisatie)s") % {"organisatie": organisatie},
        vandaag=vandaag,
    )
    return _maak_aanmelding(
        actor, statushouder, organisatie, startdatum, leerroute, onderdelen, contract, reden, vandaag, vervangt=oud
    )


# --- Provider API (issue 5): exam results and progress reports --------------------------------------------
# A taalaanbieder's key (partners.ApiSleutel) is the actor: it writes only to enrolments at its own
# organisation, and another organisation's enrolment is as unknown as a made-up id (nothing is revealed).
# Resending a result or report is idempotent: it updates the stored row (if anything changed) instead of
# adding one. The timeline says which provider reported it; the audit event has the key as actor.

API_ONDERDELEN = (*TAALEXAMENS, "knm", "map", "pvt")  # what a provider reports results for (DESIGN.md §5)
VAARDIGHEDEN = (*TAALEXAMENS, "knm")  # the skills a progress report gives a level for
NIVEAU_CODES = tuple(code for code, _label in NIVEAUS)
AFKORTINGEN = {"knm": "KNM", "map": "MAP", "pvt": "PVT"}


def _api_inschrijving(sleutel, uuid) -> Inschrijving:
    """The key's own enrolment, locked so that two deliveries of the same result cannot both insert it; one the
    provider has not accepted (aangemeld, afgewezen) takes no results or reports."""
    try:
        inschrijving = _api_eigen_inschrijving(sleutel, uuid)
    except Inschrijving.DoesNotExist:
        raise ValidationError({"inschrijving": ONBEKENDE_INSCHRIJVING}) from None
    if reden := niet_geaccepteerd(inschrijving):
        raise ValidationError({"inschrijving": reden})
    return inschrijving


def _niet_voor_start(datum: date, inschrijving: Inschrijving, veld: str) -> None:
    if datum < inschrijving.startdatum:
        raise ValidationError(
            {veld: f"Deze datum ligt vóór de start van de inschrijving ({inschrijving.startdatum:%d-%m-%Y})."}
        )


def _werk_bij(obj, **waarden) -> list[str]:
    """Save the values that differ from the stored row; the names of the changed fields."""
    gewijzigd = [veld for veld, waarde in waarden.items() if getattr(obj, veld) != waarde]
    for veld in gewijzigd:
        setattr(obj, veld, waarden[veld])
    if gewijzigd:
        obj.save(update_fields=gewijzigd)
    return gewijzigd


def _meld(sleutel, inschrijving, obj, *, aangemaakt: bool, gewijzigd: list[str], soort: str, tekst: str, datum):
    """Timeline entry and audit event of a delivery. An unchanged resend adds nothing to the timeline and is
    logged as a READ: the stored row is shown back to the provider."""
    statushouder = inschrijving.statushouder
    if aangemaakt or gewijzigd:
        door = "gemeld" if aangemaakt else "gecorrigeerd"
        timeline(statushouder, soort, f"{tekst}, {door} door {inschrijving.organisatie}"[:255], datum, actor=None)
    handeling = Handeling.CREATE if aangemaakt else Handeling.UPDATE if gewijzigd else Handeling.READ
    log_event(sleutel, handeling, obj, statushouder=statushouder, velden=gewijzigd, toelichting=f"API: {soort}")


@transaction.atomic
def registreer_examenresultaat(
    *, sleutel, inschrijving, onderdeel: str, datum: date, behaald: bool, niveau: str | None = ""
) -> tuple[Examenresultaat, bool]:
    """An exam result (or a completed MAP or PVT) from a provider, on the enrolment with UUID `inschrijving`;
    returns (result, created). From its date on it counts for the route map and the voldaan check
    (cases.routekaart). The onderdeel must belong to the enrolment's route (no MAP in the onderwijsroute)
    and a language exam needs its level."""
    inschrijving = _api_inschrijving(sleutel, inschrijving)
    niveau = niveau or ""  # none for KNM, MAP and PVT
    naam = AFKORTINGEN.get(onderdeel, onderdeel)
    gevonden = (
        Onderdeel.objects.filter(code=onderdeel, leerroutes=inschrijving.leerroute_id).first()
        if onderdeel in API_ONDERDELEN
        else None
    )
    if gevonden is None:
        raise ValidationError(
            {"onderdeel": f"{naam} hoort niet bij de leerroute van deze inschrijving ({inschrijving.leerroute})."}
        )
    _niet_voor_start(datum, inschrijving, "datum")
    not_in_future(datum, "datum")
    if niveau and niveau not in NIVEAU_CODES:
        raise ValidationError({"niveau": "Gebruik een niveau van A0 tot en met C1."})
    if onderdeel in TAALEXAMENS and not niveau:
        raise ValidationError({"niveau": "Geef het niveau van dit taalexamen (A0 tot en met C1)."})
    if onderdeel not in TAALEXAMENS and niveau:
        raise ValidationError({"niveau": f"{naam} heeft geen niveau; laat niveau weg of geef null."})
    resultaat, aangemaakt = Examenresultaat.objects.get_or_create(
        inschrijving=inschrijving, onderdeel=gevonden, datum=datum, defaults={"niveau": niveau, "behaald": behaald}
    )
    gewijzigd = [] if aangemaakt else _werk_bij(resultaat, niveau=niveau, behaald=behaald)
    tekst = f"Examen {naam} {'behaald' if behaald else 'niet behaald'}{f' ({niveau})' if niveau else ''}"
    _meld(
        sleutel,
        inschrijving,
        resultaat,
        aangemaakt=aangemaakt,
        gewijzigd=gewijzigd,
        soort="examenresultaat",
        tekst=tekst,
        datum=datum,
    )
    return resultaat, aangemaakt


@transaction.atomic
def registreer_voortgangsrapportage(
    *, sleutel, inschrijving, periode_start: date, periode_eind: date, niveaus: dict, toelichting: str = ""
) -> tuple[Voortgangsrapportage, bool]:
    """A provider's progress report over a period (a level per skill, a toelichting) on the enrolment with
    UUID `inschrijving`, shown on the case page; returns (report, created). A report for the same period
    replaces the earlier one."""
    inschrijving = _api_inschrijving(sleutel, inschrijving)
    if periode_eind < periode_start:
        raise ValidationError({"periode_eind": "Het einde van de periode ligt vóór het begin."})
    _niet_voor_start(periode_start, inschrijving, "periode_start")
    not_in_future(periode_eind, "periode_eind")
    onbekend = sorted(set(niveaus) - set(VAARDIGHEDEN))
    if onbekend:
        raise ValidationError({"niveaus": f"Onbekende vaardigheid: {', '.join(onbekend)}."})
    if any(niveau not in NIVEAU_CODES for niveau in niveaus.values()):
        raise ValidationError({"niveaus": "Gebruik een niveau van A0 tot en met C1."})
    toelichting = toelichting.strip()
    if not niveaus and not toelichting:
        raise ValidationError({"niveaus": "Geef ten minste één niveau of een toelichting."})
    niveaus = {v: niveaus[v] for v in VAARDIGHEDEN if v in niveaus}  # one order, so a resend compares equal
    rapportage, aangemaakt = Voortgangsrapportage.objects.get_or_create(
        inschrijving=inschrijving,
        periode_start=periode_start,
        periode_eind=periode_eind,
        defaults={"niveaus": niveaus, "toelichting": toelichting},
    )
    gewijzigd = [] if aangemaakt else _werk_bij(rapportage, niveaus=niveaus, toelichting=toelichting)
    tekst = f"Voortgangsrapportage {periode_start:%d-%m-%Y} t/m {periode_eind:%d-%m-%Y}"
    if niveaus:
        tekst += ": " + ", ".join(f"{AFKORTINGEN.get(v, v)} {n}" for v, n in niveaus.items())
    _meld(
        sleutel,
        inschrijving,
        rapportage,
        aangemaakt=aangemaakt,
        gewijzigd=gewijzigd,
        soort="voortgangsrapportage",
        tekst=tekst,
        datum=periode_eind,
    )
    return rapportage, aangemaakt


# --- Provider API (issue 5): bulk attendance ----------------------------------------------------------------
# A batch of up to settings.API_BATCH_MAX_RIJEN rows in the API's own format (DESIGN.md §5, camelCase) is
# checked as a whole in plain Python — one query fetches the referenced enrolments of the key's organisation —
# and written with ONE upsert statement, so a batch costs the same few queries at 10 rows as at 5,000.
# A foreign enrolment is as unknown as a made-up one. No timeline entries: attendance shows on the case page
# and in the verzuim signal, and a nightly upload would otherwise add an entry per case per night.

API_STATUS = {
    "aanwezig": Aanwezigheid.Status.AANWEZIG.value,
    "geoorloofdAfwezig": Aanwezigheid.Status.GEOORLOOFD_AFWEZIG.value,
    "ongeoorloofdAfwezig": Aanwezigheid.Status.ONGEOORLOOFD_AFWEZIG.value,
}
API_SOORT = {soort.value: soort.value for soort in Aanwezigheid.Soort}
VERPLICHT = ("inschrijving", "lesId", "datum", "geplandeMinuten", "aanwezigeMinuten", "status")
RIJ_VELDEN = frozenset((*VERPLICHT, "soort", "opmerking"))  # any other field in a row is refused, named
DATUM_PATROON = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # JJJJ-MM-DD only: fromisoformat takes 2026-W48-1 too
MAX_MINUTEN = 24 * 60  # a lesson fits in a day; also keeps values far from the integer column's limit
LES_ID_MAX = Aanwezigheid._meta.get_field("les_id").max_length
OPMERKING_MAX = Aanwezigheid._meta.get_field("opmerking").max_length
ONBEKENDE_INSCHRIJVING = "Onbekende inschrijving."


def niet_geaccepteerd(inschrijving: Inschrijving) -> str:
    """Why a provider cannot report on this enrolment yet (lessons, exams, reports need an accepted one), or ''."""
    if inschrijving.status == Inschrijving.Status.AANGEMELD:
        return (
            "Deze inschrijving is nog niet geaccepteerd (status aangemeld): accepteer haar eerst met "
            "PATCH /inschrijvingen/{id} en status actief."
        )
    if inschrijving.status == Inschrijving.Status.AFGEWEZEN:
        return "Deze inschrijving is afgewezen: daarvoor meldt u niets."
    return ""


@dataclass(frozen=True)
class AanwezigheidResultaat:
    aangemaakt: int
    bijgewerkt: int
    ongewijzigd: int


class BatchOngeldig(ValidationError):
    """One or more rows are bad; `per_rij` maps the row index to {field (API name): reason}."""

    def __init__(self, per_rij: dict[int, dict[str, str]]):
        super().__init__("De batch bevat ongeldige rijen; er is niets opgeslagen.")
        self.per_rij = per_rij


def _keuze(waarden: dict, waarde):
    return waarden.get(waarde) if isinstance(waarde, str) else None


def _minuten(waarde, minimum: int) -> bool:
    return type(waarde) is int and minimum <= waarde <= MAX_MINUTEN  # not bool, not 90.5


def _tekst(waarde, maximum: int) -> bool:
    """Text PostgreSQL can store: no NUL character and no lone surrogate (JSON allows "\\ud800")."""
    if not isinstance(waarde, str) or len(waarde) > maximum or "\x00" in waarde:
        return False
    try:
        waarde.encode()
    except UnicodeEncodeError:
        return False
    return True


def _datum(waarde) -> date | None:
    if not (isinstance(waarde, str) and DATUM_PATROON.fullmatch(waarde)):
        return None
    try:
        return date.fromisoformat(waarde)
    except ValueError:
        return None


def _lees_rij(rij, inschrijvingen: dict, vandaag: date) -> tuple[tuple | None, dict[str, str]]:
    """One row → (its column values for the upsert, {}) or (None, {field: reason}), every bad field named."""
    if not isinstance(rij, dict):
        return None, {"body": "Een rij is een object met de velden van één les."}
    fouten = {veld: "Dit veld is verplicht." for veld in VERPLICHT if rij.get(veld) is None}
    fouten.update({str(veld): "Onbekend veld; een rij kent het niet." for veld in rij if veld not in RIJ_VELDEN})
    tekst = rij.get("inschrijving")
    inschrijving = inschrijvingen.get(tekst) if isinstance(tekst, str) else None
    if inschrijving is None and "inschrijving" not in fouten:
        fouten["inschrijving"] = ONBEKENDE_INSCHRIJVING
    elif inschrijving is not None and (reden := niet_geaccepteerd(inschrijving)):
        fouten["inschrijving"] = reden
    les_id = rij.get("lesId")
    if "lesId" not in fouten and not (_tekst(les_id, LES_ID_MAX) and les_id.strip()):
        fouten["lesId"] = f"Geef een lesId van 1 tot en met {LES_ID_MAX} geldige tekens."
    datum = _datum(rij.get("datum"))
    if "datum" in fouten:
        pass
    elif datum is None:
        fouten["datum"] = "Geen geldige datum; schrijf JJJJ-MM-DD."
    elif datum > vandaag:
        fouten["datum"] = "Deze datum ligt in de toekomst."
    elif inschrijving is not None and datum < inschrijving.startdatum:
        fouten["datum"] = f"Deze datum ligt vóór de start van de inschrijving ({inschrijving.startdatum:%d-%m-%Y})."
    elif inschrijving is not None and inschrijving.einddatum and datum > inschrijving.einddatum:
        fouten["datum"] = f"Deze datum ligt na het einde van de inschrijving ({inschrijving.einddatum:%d-%m-%Y})."
    gepland, aanwezig = rij.get("geplandeMinuten"), rij.get("aanwezigeMinuten")
    if "geplandeMinuten" not in fouten and not _minuten(gepland, 1):
        fouten["geplandeMinuten"] = f"Geef een geheel aantal minuten van 1 tot en met {MAX_MINUTEN}."
    status = _keuze(API_STATUS, rij.get("status"))
    if "status" not in fouten and status is None:
        fouten["status"] = f"Onbekende status; kies uit {', '.join(API_STATUS)}."
    if "aanwezigeMinuten" in fouten:
        pass
    elif not _minuten(aanwezig, 0):
        fouten["aanwezigeMinuten"] = f"Geef een geheel aantal minuten van 0 tot en met {MAX_MINUTEN}."
    elif _minuten(gepland, 1) and aanwezig > gepland:
        fouten["aanwezigeMinuten"] = f"Meer aanwezige dan geplande minuten ({aanwezig} > {gepland})."
    elif status == Aanwezigheid.Status.ONGEOORLOOFD_AFWEZIG and aanwezig:
        fouten["aanwezigeMinuten"] = "Bij ongeoorloofdAfwezig horen 0 aanwezige minuten."
    soort = rij.get("soort")
    soort = Aanwezigheid.Soort.LES.value if soort is None else _keuze(API_SOORT, soort)
    if soort is None:
        fouten["soort"] = f"Onbekende soort; kies uit {', '.join(API_SOORT)}."
    opmerking = rij.get("opmerking") or ""
    if not _tekst(opmerking, OPMERKING_MAX):
        fouten["opmerking"] = f"Een opmerking is tekst van hoogstens {OPMERKING_MAX} geldige tekens."
    if fouten:
        return None, fouten
    return (inschrijving.pk, les_id, datum.isoformat(), soort, gepland, aanwezig, status, opmerking), {}


def _api_inschrijvingen(organisatie, rijen: list) -> dict:
    """The organisation's enrolments the rows name, by the text the rows use (one query). Made-up, malformed
    and other organisations' ids are simply absent."""
    uuids = {}
    for rij in rijen:
        tekst = rij.get("inschrijving") if isinstance(rij, dict) else None
        if isinstance(tekst, str) and tekst not in uuids:
            try:
                uuids[tekst] = uuid_module.UUID(tekst)
            except ValueError:
                pass
    gevonden = {
        inschrijving.uuid: inschrijving
        for inschrijving in Inschrijving.objects.for_organisatie(organisatie)
        .filter(uuid__in=set(uuids.values()))
        .select_related("statushouder__gemeente")
        .only("uuid", "status", "startdatum", "einddatum", "statushouder__uuid", "statushouder__gemeente__cbs_code")
    }
    return {tekst: gevonden[u] for tekst, u in uuids.items() if u in gevonden}


# The rows travel as ONE json parameter (json.dumps is C, PostgreSQL parses it in ~2 ms for 5,000 rows): binding
# them as eight arrays cost more in psycopg's client-side quoting than the insert itself (bench_api).
UPSERT_AANWEZIGHEID = """
WITH geschreven AS (
    INSERT INTO leerroutes_aanwezigheid AS a
        (inschrijving_id, les_id, datum, soort, geplande_minuten, aanwezige_minuten, status, opmerking, gewijzigd_op)
    SELECT (r->>0)::bigint, r->>1, (r->>2)::date, r->>3, (r->>4)::integer, (r->>5)::integer, r->>6, r->>7, %s
    FROM json_array_elements(%s::json) AS r
    ON CONFLICT (inschrijving_id, les_id) DO UPDATE SET
        datum = EXCLUDED.datum, soort = EXCLUDED.soort, geplande_minuten = EXCLUDED.geplande_minuten,
        aanwezige_minuten = EXCLUDED.aanwezige_minuten, status = EXCLUDED.status, opmerking = EXCLUDED.opmerking,
        gewijzigd_op = EXCLUDED.gewijzigd_op
    WHERE (a.datum, a.soort, a.geplande_minuten, a.aanwezige_minuten, a.status, a.opmerking)
        IS DISTINCT FROM (EXCLUDED.datum, EXCLUDED.soort, EXCLUDED.geplande_minuten,
                          EXCLUDED.aanwezige_minuten, EXCLUDED.status, EXCLUDED.opmerking)
    RETURNING a.inschrijving_id, a.xmax = 0 AS nieuw
)
SELECT inschrijving_id, count(*) FILTER (WHERE nieuw), count(*) FILTER (WHERE NOT nieuw)
FROM geschreven GROUP BY inschrijving_id
"""


@transaction.atomic
def registreer_aanwezigheid(*, sleutel, rijen: list, vandaag: date | None = None) -> AanwezigheidResultaat:
    """A provider's batch of attendance rows, all or nothing (DESIGN.md §5, JOURNEYS.md journey 3). Any bad
    row raises BatchOngeldig naming every bad row and field, and nothing is written. Rows are upserted on
    (inschrijving, lesId); a row that is already stored with the same values is not touched (its
    gewijzigd_op stays), so a resend of a batch changes nothing. One audit event per enrolment written to."""
    vandaag = vandaag or today()
    inschrijvingen = _api_inschrijvingen(sleutel.organisatie, rijen)
    waarden, per_rij, gezien = [], {}, {}
    for index, rij in enumerate(rijen):
        gelezen, fouten = _lees_rij(rij, inschrijvingen, vandaag)
        if gelezen is not None:
            eerder = gezien.setdefault(gelezen[:2], index)
            if eerder != index:
                fouten = {"lesId": f"Deze inschrijving en lesId staan ook in rij {eerder}."}
        if fouten:
            per_rij[index] = fouten
        elif not per_rij:
            waarden.append(gelezen)
    if per_rij:
        raise BatchOngeldig(per_rij)
    waarden.sort()  # concurrent batches lock shared rows in the same order: no deadlock
    with connection.cursor() as cursor:
        # The change time from the application's clock, like every other timestamp (not the database's now()).
        cursor.execute(UPSERT_AANWEZIGHEID, [timezone.now(), json.dumps(waarden)])
        per_inschrijving = cursor.fetchall()
    aangemaakt = sum(nieuw for _id, nieuw, _bijgewerkt in per_inschrijving)
    bijgewerkt = sum(bij for _id, _nieuw, bij in per_inschrijving)
    per_id = {inschrijving.pk: inschrijving for inschrijving in inschrijvingen.values()}
    log_events(
        sleutel,
        Handeling.UPDATE,
        [per_id[inschrijving_id] for inschrijving_id, _nieuw, _bij in per_inschrijving],
        velden=["aanwezigheid"],
        toelichting="API: aanwezigheid",
    )
    return AanwezigheidResultaat(aangemaakt, bijgewerkt, len(waarden) - aangemaakt - bijgewerkt)


# --- Provider API: the provider's side of the enrolment life cycle (helper A2) ------------------------------
# The provider answers an aanmelding (accept: `actief` with the real start date; decline: `afgewezen` with a
# reason) and later ends the enrolment (`afgerond` with the result, `afgebroken` with a reason). Each change is
# one timeline entry and one audit event with the key as actor; the same request again changes nothing, adds
# nothing to the timeline and is logged as a READ (the stored enrolment is shown back). A transition from the
# wrong status raises OvergangNietToegestaan (the API answers 409); bad input a plain ValidationError (400).
# The accepted start date may lie in the near future (an aanmelding is answered before the course starts, and
# the signal `aanmelding` expects an answer within a few werkdagen) but not more than START_MAX_VOORUIT_DAGEN
# ahead; an end date may not lie in the future.

START_MAX_VOORUIT_DAGEN = 183  # about six months


class OvergangNietToegestaan(ValidationError):
    """The enrolment's current status does not allow this change (HTTP 409 in the API)."""


OVERGANGEN = {
    # target: (the status it comes from, the fields it takes)
    Inschrijving.Status.ACTIEF: (Inschrijving.Status.AANGEMELD, ("startdatum",)),
    Inschrijving.Status.AFGEWEZEN: (Inschrijving.Status.AANGEMELD, ("reden",)),
    Inschrijving.Status.AFGEROND: (Inschrijving.Status.ACTIEF, ("einddatum", "resultaat")),
    Inschrijving.Status.AFGEBROKEN: (Inschrijving.Status.ACTIEF, ("einddatum", "reden")),
}
OVERGANG_VELDEN = ("startdatum", "einddatum", "reden", "resultaat")
EEN_ANDER = {"resultaat": "een ander"}  # het resultaat; de startdatum, einddatum, reden
OVERGANG_WOORDEN = {
    Inschrijving.Status.ACTIEF: "accepteren",
    Inschrijving.Status.AFGEWEZEN: "afwijzen",
    Inschrijving.Status.AFGEROND: "afronden",
    Inschrijving.Status.AFGEBROKEN: "afbreken",
}


def _api_eigen_inschrijving(sleutel, uuid) -> Inschrijving:
    """The key's own enrolment, locked; Inschrijving.DoesNotExist when unknown or another organisation's."""
    return (
        Inschrijving.objects.for_organisatie(sleutel.organisatie)
        .select_related("statushouder", "organisatie", "leerroute")
        .select_for_update(of=("self",))
        .get(uuid=uuid)
    )


def _overgang_waarden(status: str, waarden: dict) -> dict:
    """The fields the target status takes, all present and no others (400 naming each bad field)."""
    _van, nodig = OVERGANGEN[status]
    fouten = {}
    for veld in OVERGANG_VELDEN:
        waarde = waarden.get(veld)
        if isinstance(waarde, str):
            waarde = waarde.strip()
        if veld in nodig and waarde in (None, ""):
            fouten[veld] = f"Verplicht bij status {status}."
        elif veld not in nodig and waarde not in (None, ""):
            fouten[veld] = f"Hoort niet bij status {status}; alleen {', '.join(nodig)}."
        waarden[veld] = waarde
    if fouten:
        raise ValidationError(fouten)
    return {veld: waarden[veld] for veld in nodig}


def _overgang_data(inschrijving: Inschrijving, status: str, nieuw: dict, vandaag: date) -> None:
    """The dates of a change: a start at most START_MAX_VOORUIT_DAGEN ahead (no lower bound: an aanmelding is
    sometimes registered after the lessons began); an end not before the start, not in the future and not before
    the last lesson reported."""
    if "startdatum" in nieuw:
        if (nieuw["startdatum"] - vandaag).days > START_MAX_VOORUIT_DAGEN:
            raise ValidationError(
                {"startdatum": "De start ligt meer dan zes maanden in de toekomst; accepteer met de echte startdatum."}
            )
    if "einddatum" in nieuw:
        einde = nieuw["einddatum"]
        if einde > vandaag:
            raise ValidationError({"einddatum": "Deze datum ligt in de toekomst."})
        _niet_voor_start(einde, inschrijving, "einddatum")
        laatste = inschrijving.aanwezigheden.filter(datum__gt=einde).order_by("-datum").values_list("datum", flat=True)
        if laatste:
            raise ValidationError(
                {"einddatum": f"Er is een les gemeld na deze datum (op {laatste[0]:%d-%m-%Y}); het einde ligt daarna."}
            )


def _overgang_tekst(inschrijving: Inschrijving, status: str) -> tuple[str, date | None]:
    """The timeline entry of a change and its date."""
    aanbieder = inschrijving.organisatie
    if status == Inschrijving.Status.ACTIEF:
        return f"Aanmelding geaccepteerd door {aanbieder}, start {inschrijving.startdatum:%d-%m-%Y}", None
    if status == Inschrijving.Status.AFGEWEZEN:
        return f"Aanmelding afgewezen door {aanbieder}: {inschrijving.reden}", None
    if status == Inschrijving.Status.AFGEROND:
        resultaat = inschrijving.get_resultaat_display()
        return f"Inschrijving bij {aanbieder} afgerond: {resultaat}", inschrijving.einddatum
    return f"Inschrijving bij {aanbieder} afgebroken: {inschrijving.reden}", inschrijving.einddatum


@transaction.atomic
def wijzig_status_api(
    *,
    sleutel,
    inschrijving,
    status: str,
    startdatum: date | None = None,
    einddatum: date | None = None,
    reden: str | None = None,
    resultaat: str | None = None,
    vandaag: date | None = None,
) -> tuple[Inschrijving, bool]:
    """A provider's answer to an aanmelding or the end of an enrolment (UUID `inschrijving`, of the key's own
    organisation, else Inschrijving.DoesNotExist); returns (enrolment, changed). The same change again returns
    (enrolment, False) without a timeline entry. Allowed: aangemeld → actief (startdatum) or afgewezen (reden);
    actief → afgerond (einddatum, resultaat) or afgebroken (einddatum, reden)."""
    vandaag = vandaag or today()
    inschrijving = _api_eigen_inschrijving(sleutel, inschrijving)
    if status not in OVERGANGEN:
        raise ValidationError({"status": "Kies actief, afgewezen, afgerond of afgebroken."})
    van, _velden = OVERGANGEN[status]
    nieuw = _overgang_waarden(
        status, {"startdatum": startdatum, "einddatum": einddatum, "reden": reden, "resultaat": resultaat}
    )
    statushouder = inschrijving.statushouder
    if inschrijving.status == status:
        anders = {veld: waarde for veld, waarde in nieuw.items() if getattr(inschrijving, veld) != waarde}
        if not anders:
            log_event(
                sleutel,
                Handeling.READ,
                inschrijving,
                statushouder=statushouder,
                toelichting=f"API: {status}, al zo opgeslagen",
            )
            return inschrijving, False
        raise OvergangNietToegestaan(
            {
                veld: f"De inschrijving is al {status} met {EEN_ANDER.get(veld, 'een andere')} {veld} "
                f"({_als_tekst(getattr(inschrijving, veld))}); dat is niet meer te wijzigen."
                for veld in anders
            }
        )
    if inschrijving.status != van:
        raise OvergangNietToegestaan(
            {
                "status": f"Een inschrijving met status {inschrijving.status} kunt u niet {OVERGANG_WOORDEN[status]}; "
                f"dat kan alleen als ze {van} is."
            }
        )
    _overgang_data(inschrijving, status, nieuw, vandaag)
    velden = ["status", *nieuw]
    if status == Inschrijving.Status.ACTIEF and inschrijving.geplande_startdatum is None:
        inschrijving.geplande_startdatum = inschrijving.startdatum  # keep the plan next to the real start
        velden.append("geplande_startdatum")
    if status in (Inschrijving.Status.ACTIEF, Inschrijving.Status.AFGEWEZEN):
        inschrijving.beantwoord_op = timezone.now()
        velden.append("beantwoord_op")
    inschrijving.status = status
    for veld, waarde in nieuw.items():
        setattr(inschrijving, veld, waarde)
    inschrijving.save(update_fields=[*velden, "gewijzigd_op"])
    meldingen.meld_inburgeringsaanbod(inschrijving)
    tekst, datum = _overgang_tekst(inschrijving, status)
    timeline(statushouder, f"inschrijving:{status}", tekst[:255], datum or vandaag, actor=None)
    log_event(
        sleutel, Handeling.UPDATE, inschrijving, statushouder=statushouder, velden=velden, toelichting=f"API: {status}"
    )
    return inschrijving, True


def _als_tekst(waarde) -> str:
    """A stored value as the API writes it: a date as dd-mm-jjjj, niet_behaald as nietBehaald."""
    if isinstance(waarde, date):
        return f"{waarde:%d-%m-%Y}"
    return {Inschrijving.Resultaat.NIET_BEHAALD: "nietBehaald"}.get(waarde, str(waarde))


# --- Provider API: the taalschakeltraject of an onderwijsroute enrolment (helper A2) --------------------------
# One per enrolment (leerroutes.Taalschakeltraject), written whole with PUT: what is left out is emptied. The
# one place where a taalschakeltraject and its result are recorded (POST /examenresultaten points here).

TAALSCHAKEL_VELDEN = ("startdatum", "einddatum", "resultaat", "vervolgopleiding", "vervolgniveau")


def taalschakeltraject_waarden(
    inschrijving,
    *,
    startdatum: date | None,
    einddatum: date | None,
    resultaat: str,
    vervolgopleiding: str,
    vervolgniveau: str,
    vandaag: date,
) -> dict:
    """The rules of a taalschakeltraject's facts, the same for the provider's PUT over the API and the consultant's
    form: an end date goes with a result and the other way round; no date in the future, none before the
    enrolment's start. Returns the values to store; a ValidationError names each wrong field."""
    resultaat, vervolgopleiding, vervolgniveau = resultaat or "", (vervolgopleiding or "").strip(), vervolgniveau or ""
    fouten = {}
    if startdatum is None:
        fouten["startdatum"] = _("Vul de startdatum in.")
    elif startdatum > vandaag:
        fouten["startdatum"] = _("Deze datum ligt in de toekomst.")
    elif startdatum < inschrijving.startdatum:
        fouten["startdatum"] = _("Deze datum ligt vóór de start van de inschrijving (%(start)s).") % {
            "start": _d(inschrijving.startdatum)
        }
    if einddatum is not None and einddatum > vandaag:
        fouten["einddatum"] = _("Deze datum ligt in de toekomst.")
    elif einddatum is not None and startdatum is not None and einddatum < startdatum:
        fouten["einddatum"] = _("Het einde ligt vóór de start van het taalschakeltraject.")
    elif einddatum is not None and not resultaat:
        fouten["resultaat"] = _("Geef bij een einddatum ook het resultaat.")
    elif einddatum is None and resultaat:
        fouten["einddatum"] = _("Geef bij een resultaat ook de einddatum.")
    if resultaat and resultaat not in Taalschakeltraject.Resultaat.values:
        fouten["resultaat"] = _("Kies een geldig resultaat.")
    if vervolgniveau and vervolgniveau not in Taalschakeltraject.Vervolgniveau.values:
        fouten["vervolgniveau"] = _("Kies mbo, hbo of wo.")
    max_lengte = Taalschakeltraject._meta.get_field("vervolgopleiding").max_length
    if len(vervolgopleiding) > max_lengte:
        fouten["vervolgopleiding"] = _("Gebruik ten hoogste %(max)s tekens.") % {"max": max_lengte}
    if fouten:
        raise ValidationError(fouten)
    return {
        "startdatum": startdatum,
        "einddatum": einddatum,
        "resultaat": resultaat,
        "vervolgopleiding": vervolgopleiding,
        "vervolgniveau": vervolgniveau,
    }


def schrijf_taalschakeltraject(inschrijving, waarden: dict) -> tuple[Taalschakeltraject, bool, list[str], str]:
    """Store the checked `waarden` on the enrolment's taalschakeltraject (created, or the changed fields saved);
    returns (traject, created, changed fields, the Dutch timeline text)."""
    traject, aangemaakt = Taalschakeltraject.objects.select_for_update().get_or_create(
        inschrijving=inschrijving, defaults=waarden
    )
    gewijzigd = list(waarden) if aangemaakt else _werk_bij(traject, **waarden)
    with translation.override("nl"):  # the timeline is Dutch whatever the language of the request
        if traject.resultaat:
            tekst = f"Taalschakeltraject {traject.get_resultaat_display()} op {_d(traject.einddatum)}"
        else:
            tekst = f"Taalschakeltraject gestart op {_d(traject.startdatum)}"
    if traject.vervolgopleiding or traject.vervolgniveau:
        tekst += f" (vervolg: {' '.join(filter(None, (traject.vervolgopleiding, traject.vervolgniveau)))})"
    return traject, aangemaakt, gewijzigd, tekst


@transaction.atomic
def registreer_taalschakeltraject(
    *,
    sleutel,
    inschrijving,
    startdatum: date,
    einddatum: date | None = None,
    resultaat: str = "",
    vervolgopleiding: str = "",
    vervolgniveau: str = "",
    vandaag: date | None = None,
) -> tuple[Taalschakeltraject, bool]:
    """Record (or replace) the taalschakeltraject of the key's onderwijsroute enrolment with UUID `inschrijving`
    (Inschrijving.DoesNotExist when not the key's); returns (traject, created). Only for an accepted
    onderwijsroute enrolment (else OvergangNietToegestaan); the facts' rules are taalschakeltraject_waarden's."""
    inschrijving = _api_eigen_inschrijving(sleutel, inschrijving)
    if inschrijving.leerroute.code != inschrijving.leerroute.Code.ONDERWIJS:
        raise OvergangNietToegestaan(
            {
                "inschrijving": f"Een taalschakeltraject hoort bij de onderwijsroute; deze inschrijving is voor de "
                f"{inschrijving.leerroute}."
            }
        )
    if inschrijving.status in (Inschrijving.Status.AANGEMELD, Inschrijving.Status.AFGEWEZEN):
        raise OvergangNietToegestaan(
            {
                "inschrijving": f"Deze inschrijving is {inschrijving.status}: accepteer haar eerst "
                "(status actief) voordat u een taalschakeltraject meldt."
            }
        )
    waarden = taalschakeltraject_waarden(
        inschrijving,
        startdatum=startdatum,
        einddatum=einddatum,
        resultaat=resultaat,
        vervolgopleiding=vervolgopleiding,
        vervolgniveau=vervolgniveau,
        vandaag=vandaag or today(),
    )
    traject, aangemaakt, gewijzigd, tekst = schrijf_taalschakeltraject(inschrijving, waarden)
    if aangemaakt:
        gewijzigd = []
    _meld(
        sleutel,
        inschrijving,
        traject,
        aangemaakt=aangemaakt,
        gewijzigd=gewijzigd,
        soort="taalschakeltraject",
        tekst=tekst,
        datum=traject.einddatum or traject.startdatum,
    )
    return traject, aangemaakt


def api_taalschakeltraject(sleutel, inschrijving) -> Taalschakeltraject:
    """The taalschakeltraject of the key's enrolment, logged as READ; Taalschakeltraject.DoesNotExist when
    there is none, or the enrolment is unknown or another organisation's."""
    traject = Taalschakeltraject.objects.select_related("inschrijving__statushouder").get(
        inschrijving__uuid=inschrijving, inschrijving__organisatie=sleutel.organisatie
    )
    log_event(
        sleutel,
        Handeling.READ,
        traject,
        statushouder=traject.inschrijving.statushouder,
        toelichting="API: taalschakeltraject opgevraagd",
    )
    return traject
