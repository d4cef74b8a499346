"""Route and uitvoering (DESIGN.md §6): I6 duaal, I7 caseload, I8 aanwezigheid, I9 examens, I10 voortgang op tijd.

Every figure is aggregated in SQL; percentages and hours are also rounded there (numeric arithmetic, halves away from
zero), I7's ratios in Python by the same rule, so the hand-written baseline (reports/benchmark/
handgeschreven_uitvoering.py) gives the same numbers."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, DateField, DecimalField, Exists, ExpressionWrapper, F, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce, NullIf, Round, TruncMonth

from cases.models import Statushouder, Voortgangsgesprek
from leerroutes.models import Aanwezigheid, Examenresultaat, Leerroute, Onderdeel

from .base import Maat, Meting, Verzameling, groepeer, indicator, per_eenheid, per_maand, verhouding
from .gemeenschappelijk import dossier_open_op, plan_op, traject_actief_op

LEERROUTES = tuple((code.value, code.label) for code in Leerroute.Code)
EXAMENONDERDELEN = tuple(
    (code.value, code.label)
    for code in (
        Onderdeel.Code.LEZEN,
        Onderdeel.Code.LUISTEREN,
        Onderdeel.Code.SPREKEN,
        Onderdeel.Code.SCHRIJVEN,
        Onderdeel.Code.KNM,
    )
)  # the onderdelen that end with an exam (DOMAIN.md: the four B1 skills and KNM)


def procent(teller, noemer, decimalen: int):
    """SQL: round(100 × teller / noemer, decimalen) in numeric arithmetic; NULL when noemer is 0. (Decimal("100.0"):
    psycopg sends Decimal(100) as an integer literal, which would make the division an integer division.)"""
    return Round(
        ExpressionWrapper(Value(Decimal("100.0")) * teller / NullIf(noemer, 0), output_field=DecimalField()), decimalen
    )


def uren(minuten):
    """SQL: minutes as whole hours (numeric, halves away from zero)."""
    return Round(ExpressionWrapper(minuten / Value(Decimal("60.0")), output_field=DecimalField()), 0)


def getal(waarde) -> float | None:
    return None if waarde is None else float(waarde)


def actieve_trajecten(periode, gemeenten, db):
    """The statushouders of the gemeenten whose traject is active on the last day of the period (I6, I10)."""
    return Statushouder.objects.using(db).filter(gemeente__in=gemeenten).filter(traject_actief_op(periode.eind))


def aandeel_actieve_trajecten(qs, teller: Q, gemeenten, niveaus) -> list:
    """I6/I10's one measure: the whole percentage of the active trajecten `qs` for which `teller` holds; base: the
    number of active trajecten."""
    actief = Count("pk")
    aggregaten = {"actief": actief, "percentage": procent(Count("pk", filter=teller), actief, 0)}
    uit = Verzameling()
    for rij in groepeer(qs, "gemeente", niveaus, aggregaten, gemeenten=gemeenten):
        uit.voeg_toe(rij, "percentage", getal(rij["percentage"]), rij["actief"] or 0)
    return uit.metingen


def per_inschrijving(qs, sleutel_veld: str, aggregaten: dict, gemeenten, niveaus):
    """(row, uitsplitsing) of an enrolment's child table (I8 attendance, I9 exam results) per gemeente, region and
    taalaanbieder (the organisation of the enrolment), in total ("") and per `sleutel_veld`."""
    rijen = groepeer(qs, "inschrijving__statushouder__gemeente", niveaus, aggregaten, met_totaal=True,
                     aanbieder_pad="inschrijving__organisatie", extra=(sleutel_veld,),
                     gemeenten=gemeenten)  # fmt: skip
    for rij in rijen:
        yield rij, (rij[sleutel_veld] if rij["uitgesplitst"] else "")


def gesprek_grens(peildatum: date):
    """SQL: the earliest gehouden_op that still counts as on time on `peildatum`: peildatum − the gemeente's
    voortgangsgesprek_weken (else the national norm) × 7 days — the rule of the signal gesprek_te_laat."""
    norm = settings.INBURGERING_NORMEN["VOORTGANGSGESPREK_WEKEN"]
    weken = Coalesce(F("gemeente__voortgangsgesprek_weken"), Value(norm))
    return ExpressionWrapper(Value(peildatum) - weken * Value(7), output_field=DateField())


# --- I6 ---------------------------------------------------------------------------------------------------------------


@indicator(
    "I6",
    "Duaal",
    "uitvoering",
    (Maat("percentage", "Duaal", "percentage", "%"),),
    trend_maat="percentage",
)
def duaal(periode, gemeenten, *, niveaus, db):
    """Van de trajecten die op de laatste dag van de periode in uitvoering zijn (PIP vastgesteld op of vóór die dag,
    dossier niet afgerond; een na verhuizing voortgezet dossier pas vanaf de verhuisdatum) het percentage waarvan de
    PIP-versie die op die dag gold (de laatst vastgestelde versie met een dagtekening op of vóór die dag) duaal is.
    Een latere wijziging van route of duaal verandert een eerdere periode niet. Basis: het aantal trajecten in
    uitvoering. Gemeente: de gemeente van het dossier (na een verhuizing vóór die dag het nieuwe dossier in de
    nieuwe gemeente, anders het dossier in de oude gemeente). Afgerond op hele procenten."""
    qs = actieve_trajecten(periode, gemeenten, db).annotate(plan_duaal=plan_op(periode.eind, "duaal"))
    return aandeel_actieve_trajecten(qs, Q(plan_duaal=True), gemeenten, niveaus)


# --- I7 ---------------------------------------------------------------------------------------------------------------


@indicator(
    "I7",
    "Caseload",
    "uitvoering",
    (
        Maat("dossiers", "Open dossiers met consulent", "aantal"),
        Maat("per_consultant", "Dossiers per consulent", "verhouding", decimalen=1),
        Maat("per_fte", "Dossiers per fte", "verhouding", decimalen=1),
    ),
    trend_maat="per_consultant",
)
def caseload(periode, gemeenten, *, niveaus, db):
    """De dossiers die op de laatste dag van de periode open zijn (aangemaakt op of vóór die dag en niet afgerond;
    een na verhuizing voortgezet dossier pas vanaf de verhuisdatum) en een klantregisseur/consulent hebben (de
    consulent die nu is toegewezen: toewijzingen hebben geen historie). Open dossiers met consulent: hun aantal.
    Dossiers per consulent: dat aantal gedeeld door het aantal verschillende consulenten van die dossiers (in een
    regio elke consulent één keer, ook als die in meer gemeenten werkt). Dossiers per fte: de dossiers van
    consulenten van wie de fte bekend is, gedeeld door de som van de fte van die consulenten (elke consulent één
    keer); leeg als van geen enkele consulent de fte bekend is. Basis: het aantal open dossiers. Op één decimaal."""
    qs = (
        Statushouder.objects.using(db)
        .filter(gemeente__in=gemeenten, consultant__isnull=False)
        .filter(dossier_open_op(periode.eind))
    )
    # One row per unit and consultant (with the consultant's fte): a consultant's fte must count once per unit,
    # which a single GROUP BY over cases cannot do; the few rows are then summed per unit.
    per_unit: dict[tuple[str, str], list[tuple[int, Decimal | None]]] = defaultdict(list)
    for rij in groepeer(qs, "gemeente", niveaus, {"dossiers": Count("pk")}, extra=("consultant_id", "consultant__fte")):
        per_unit[rij["niveau"], rij["eenheid"]].append((rij["dossiers"], rij["consultant__fte"]))
    for niveau, code in per_eenheid(gemeenten, niveaus, db):
        per_unit.setdefault((niveau, code), [])
    uit = Verzameling()
    for (niveau, code), consultants in per_unit.items():
        rij = {"niveau": niveau, "eenheid": code}
        dossiers = sum(n for n, _ in consultants)
        met_fte = [(n, fte) for n, fte in consultants if fte is not None]
        uit.voeg_toe(rij, "dossiers", dossiers, dossiers)
        uit.voeg_toe(rij, "per_consultant", verhouding(dossiers, len(consultants), 1), dossiers)
        uit.voeg_toe(rij, "per_fte", verhouding(sum(n for n, _ in met_fte), sum(f for _, f in met_fte), 1), dossiers)
    return uit.metingen


# --- I8 ---------------------------------------------------------------------------------------------------------------


def _aanwezigheid(van, tot, gemeenten, db):
    return Aanwezigheid.objects.using(db).filter(
        inschrijving__statushouder__gemeente__in=gemeenten, datum__gte=van, datum__lte=tot
    )


def _aanwezigheid_aggregaten() -> dict:
    gepland, aanwezig = Sum("geplande_minuten"), Sum("aanwezige_minuten")
    return {
        "deelnemers": Count("inschrijving__statushouder", distinct=True),
        "percentage": procent(aanwezig, gepland, 1),
        "gepland_uren": uren(gepland),
        "aanwezig_uren": uren(aanwezig),
    }


def _aanwezigheid_metingen(rijen) -> list[Meting]:
    """From (row, uitsplitsing) pairs."""
    uit = Verzameling()
    for rij, sleutel in rijen:
        basis = rij["deelnemers"] or 0
        uit.voeg_toe(rij, "percentage", getal(rij["percentage"]), basis, sleutel)
        uit.voeg_toe(rij, "gepland_uren", getal(rij["gepland_uren"]) or 0.0, basis, sleutel)
        uit.voeg_toe(rij, "aanwezig_uren", getal(rij["aanwezig_uren"]) or 0.0, basis, sleutel)
    return uit.metingen


def per_maand_van_inschrijvingen(rijen_van, aggregaten, metingen):
    """The trend function of an indicator of an enrolment's dated rows (I8's attendance, I9's exam results):
    their totals for each month from one query grouped by month, one pass over the twelve months' rows instead of
    twelve queries that each read the region's enrolments again. `rijen_van(van, tot, gemeenten, db)` is the
    indicator's queryset, `aggregaten()` its aggregates, `metingen((row, uitsplitsing) ...)` its figures."""

    def trend(maanden, gemeenten, *, niveaus, db) -> list[list[Meting]]:
        qs = rijen_van(maanden[0].start, maanden[-1].eind, gemeenten, db).annotate(maand=TruncMonth("datum"))
        samen = aggregaten()
        rijen = groepeer(qs, "inschrijving__statushouder__gemeente", niveaus, samen,
                         aanbieder_pad="inschrijving__organisatie", extra=("maand",))  # fmt: skip
        return [metingen((r, "") for r in m) for m in per_maand(rijen, maanden, gemeenten, niveaus, db, samen)]

    return trend


@indicator(
    "I8",
    "Aanwezigheid",
    "uitvoering",
    (
        Maat("percentage", "Aanwezig", "verhouding", "%", 1),  # minutes over minutes, not a share of people
        Maat("gepland_uren", "Uren gepland", "verhouding", "uur"),
        Maat("aanwezig_uren", "Uren aanwezig", "verhouding", "uur"),
    ),
    niveaus=("gemeente", "regio", "aanbieder"),
    uitsplitsingen=LEERROUTES,
    trend_maat="percentage",
    trend=per_maand_van_inschrijvingen(_aanwezigheid, _aanwezigheid_aggregaten, _aanwezigheid_metingen),
)
def aanwezigheid(periode, gemeenten, *, niveaus, db):
    """De aanwezigheidsregistraties (lessen, participatieactiviteiten en MAP-praktijkuren) met een datum in de
    periode, bij de inschrijvingen van statushouders van de gemeente (de gemeente van het dossier waarbij de
    inschrijving hoort). Aanwezig: 100 × de aanwezige minuten gedeeld door de geplande minuten, op één decimaal.
    Uren gepland en uren aanwezig: die minuten in hele uren. Basis: het aantal verschillende statushouders met
    aanwezigheid in de periode. Per taalaanbieder: de organisatie van de inschrijving; per leerroute: de leerroute
    van de inschrijving."""
    qs = _aanwezigheid(periode.start, periode.eind, gemeenten, db)
    rijen = per_inschrijving(qs, "inschrijving__leerroute__code", _aanwezigheid_aggregaten(), gemeenten, niveaus)
    return _aanwezigheid_metingen(rijen)


# --- I9 ---------------------------------------------------------------------------------------------------------------


def _examens(van, tot, gemeenten, db):
    return Examenresultaat.objects.using(db).filter(
        inschrijving__statushouder__gemeente__in=gemeenten,
        onderdeel__code__in=[code for code, _ in EXAMENONDERDELEN],
        datum__gte=van,
        datum__lte=tot,
    )


def _examen_aggregaten() -> dict:
    aantal = Count("pk")
    return {"resultaten": aantal, "percentage": procent(Count("pk", filter=Q(behaald=True)), aantal, 0)}


def _examen_metingen(rijen) -> list[Meting]:
    """From (row, uitsplitsing) pairs."""
    uit = Verzameling()
    for rij, sleutel in rijen:
        uit.voeg_toe(rij, "percentage", getal(rij["percentage"]), rij["resultaten"] or 0, sleutel)
    return uit.metingen


@indicator(
    "I9",
    "Examens",
    "uitvoering",
    (Maat("percentage", "Behaald", "percentage", "%"),),
    niveaus=("gemeente", "regio", "aanbieder"),
    uitsplitsingen=EXAMENONDERDELEN,
    trend_maat="percentage",
    trend=per_maand_van_inschrijvingen(_examens, _examen_aggregaten, _examen_metingen),
)
def examens(periode, gemeenten, *, niveaus, db):
    """Van de examenresultaten met een datum in de periode bij de onderdelen die met een examen afsluiten (lezen,
    luisteren, spreken, schrijven, KNM), bij de inschrijvingen van statushouders van de gemeente: het percentage
    behaald. Elk resultaat telt, ook een herexamen. Basis: het aantal resultaten. Per taalaanbieder: de organisatie
    van de inschrijving; ook per onderdeel. Afgerond op hele procenten."""
    qs = _examens(periode.start, periode.eind, gemeenten, db)
    return _examen_metingen(per_inschrijving(qs, "onderdeel__code", _examen_aggregaten(), gemeenten, niveaus))


# --- I10 --------------------------------------------------------------------------------------------------------------


@indicator(
    "I10",
    "Voortgang op tijd",
    "uitvoering",
    (Maat("percentage", "Gesprek op tijd", "percentage", "%"),),
    trend_maat="percentage",
)
def voortgang_op_tijd(periode, gemeenten, *, niveaus, db):
    """Van de trajecten die op de laatste dag van de periode in uitvoering zijn (PIP vastgesteld op of vóór die dag,
    dossier niet afgerond; een na verhuizing voortgezet dossier pas vanaf de verhuisdatum) het percentage met een
    voortgangsgesprek dat is gehouden op of vóór die dag en ten hoogste de norm eerder: 13 weken (de landelijke
    norm) of het aantal weken dat de gemeente zelf heeft vastgelegd, dezelfde regel als het signaal
    "voortgangsgesprek te laat". Een traject zonder gehouden gesprek telt als niet op tijd, ook als het PIP jonger
    is dan de norm. Gesprekken in het dossier van vóór een verhuizing tellen niet mee. Basis: het aantal trajecten
    in uitvoering. Afgerond op hele procenten."""
    gehouden = Voortgangsgesprek.objects.using(db).filter(
        statushouder=OuterRef("pk"), gehouden_op__lte=periode.eind, gehouden_op__gte=OuterRef("gesprek_grens")
    )
    qs = (
        actieve_trajecten(periode, gemeenten, db)
        .annotate(gesprek_grens=gesprek_grens(periode.eind))
        .annotate(op_tijd=Exists(gehouden))
    )
    return aandeel_actieve_trajecten(qs, Q(op_tijd=True), gemeenten, niveaus)
