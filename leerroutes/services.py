"""Writes on enrolments. The provider API's bulk writes (attendance, exams, reports) come here too."""

from __future__ import annotations

import json
import uuid as uuid_module
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from cases.permissions import require_change
from cases.routekaart import TAALEXAMENS
from cases.services.common import not_in_future, timeline, today
from cases.workflow import Status
from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event, log_events
from partners.selectors.contracten import contract_voor, typefout

from .models import NIVEAUS, Aanwezigheid, Examenresultaat, Inschrijving, Onderdeel, Voortgangsrapportage


@transaction.atomic
def schrijf_in(*, actor, statushouder, organisatie, leerroute, startdatum: date, contract=None) -> Inschrijving:
    """Enrol a statushouder at a provider for a route. Refused (Dutch message naming what is missing) when the
    provider cannot teach the route, when a B1- or Z-route provider has no Blik op Werk keurmerk valid on the
    start date (DOMAIN.md req. 9), or when there is no contract for the route in the case's arbeidsmarktregio
    covering the start date (issue 7). Without `contract` the covering contract is linked."""
    require_change(actor, statushouder)
    if fout := typefout(organisatie, leerroute):
        raise ValidationError({"organisatie": fout})
    if leerroute.keurmerk_vereist and not organisatie.keurmerk_geldig_op(startdatum):
        raise ValidationError(
            {
                "organisatie": _("%(organisatie)s heeft op %(datum)s geen geldig Blik op Werk keurmerk.")
                % {"organisatie": organisatie, "datum": f"{startdatum:%d-%m-%Y}"}
            }
        )
    if statushouder.status in (Status.AANGEMELD, Status.AFGEROND):
        raise ValidationError(_("Inschrijven kan vanaf de intake en zolang het traject loopt."))
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
                    % {
                        "organisatie": organisatie,
                        "datum": f"{startdatum:%d-%m-%Y}",
                        "route": leerroute,
                        "regio": regio,
                    }
                }
            )
    elif (
        contract.organisatie_id != organisatie.pk
        or contract.leerroute_id != leerroute.pk
        or contract.arbeidsmarktregio_id != regio.pk
        or not (contract.startdatum <= startdatum <= contract.einddatum)
    ):
        raise ValidationError({"contract": _("Dit contract hoort niet bij deze aanbieder, route, regio en datum.")})
    inschrijving = Inschrijving.objects.create(
        statushouder=statushouder,
        organisatie=organisatie,
        leerroute=leerroute,
        startdatum=startdatum,
        contract=contract,
    )
    log_event(actor, Handeling.CREATE, inschrijving, statushouder=statushouder)
    return inschrijving


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
    """The key's own enrolment, locked so that two deliveries of the same result cannot both insert it."""
    try:
        return (
            Inschrijving.objects.for_organisatie(sleutel.organisatie)
            .select_related("statushouder", "leerroute", "organisatie")
            .select_for_update(of=("self",))
            .get(uuid=uuid)
        )
    except Inschrijving.DoesNotExist:
        raise ValidationError({"inschrijving": ONBEKENDE_INSCHRIJVING}) from None


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
MAX_MINUTEN = 24 * 60  # a lesson fits in a day; also keeps values far from the integer column's limit
LES_ID_MAX = Aanwezigheid._meta.get_field("les_id").max_length
OPMERKING_MAX = Aanwezigheid._meta.get_field("opmerking").max_length
ONBEKENDE_INSCHRIJVING = "Onbekende inschrijving."


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
    if not (isinstance(waarde, str) and len(waarde) == 10):
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
    tekst = rij.get("inschrijving")
    inschrijving = inschrijvingen.get(tekst) if isinstance(tekst, str) else None
    if inschrijving is None and "inschrijving" not in fouten:
        fouten["inschrijving"] = ONBEKENDE_INSCHRIJVING
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
        .only("uuid", "startdatum", "einddatum", "statushouder__uuid", "statushouder__gemeente__cbs_code")
    }
    return {tekst: gevonden[u] for tekst, u in uuids.items() if u in gevonden}


# The rows travel as ONE json parameter (json.dumps is C, PostgreSQL parses it in ~2 ms for 5,000 rows): binding
# them as eight arrays cost more in psycopg's client-side quoting than the insert itself (bench_api).
UPSERT_AANWEZIGHEID = """
WITH geschreven AS (
    INSERT INTO leerroutes_aanwezigheid AS a
        (inschrijving_id, les_id, datum, soort, geplande_minuten, aanwezige_minuten, status, opmerking, gewijzigd_op)
    SELECT (r->>0)::bigint, r->>1, (r->>2)::date, r->>3, (r->>4)::integer, (r->>5)::integer, r->>6, r->>7, now()
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
        cursor.execute(UPSERT_AANWEZIGHEID, [json.dumps(waarden)])
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
