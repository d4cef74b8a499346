"""Route and uitvoering (DESIGN.md §6): I6 duaal, I7 caseload, I8 aanwezigheid, I9 examens, I10 voortgang op tijd.

Every figure is aggregated in SQL; percentages and hours are also rounded there (numeric arithmetic, halves away from
zero), I7's ratios in Python by the same rule, so the hand-written baseline (reports/benchmark/
handgeschreven_uitvoering.py) gives the same numbers."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, DateField, DecimalField, Exists, ExpressionWrapper, F, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce, NullIf, Round

from cases.models import Statushouder, Voortgangsgesprek
from leerroutes.models import Aanwezigheid, Examenresultaat, Leerroute, Onderdeel

from .base import Maat, Verzameling, eenheden, groepeer, indicator
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


def afgerond(teller, noemer, decimalen: int) -> float | None:
    """teller / noemer rounded like PostgreSQL's round(numeric): halves away from zero (None when noemer is 0)."""
    if not noemer:
        return None
    return float((Decimal(teller) / Decimal(noemer)).quantize(Decimal(1).scaleb(-decimalen), ROUND_HALF_UP))


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
    """Of the trajecten active on the last day of the period (PIP vastgesteld on or before it, case not ended by
    then), the percentage whose PIP-versie in force on that day (the latest vastgestelde versie with a dagtekening
    on or before it) is duaal. A later route or duaal change does not rewrite an earlier period. Base: the number of
    active trajecten. Gemeente = the gemeente of the case (after a move: the new case in the new gemeente)."""
    actief = Count("pk")
    qs = (
        Statushouder.objects.using(db)
        .filter(gemeente__in=gemeenten)
        .filter(traject_actief_op(periode.eind))
        .annotate(plan_duaal=plan_op(periode.eind, "duaal"))
    )
    aggregaten = {"actief": actief, "percentage": procent(Count("pk", filter=Q(plan_duaal=True)), actief, 0)}
    uit = Verzameling()
    for rij in groepeer(qs, "gemeente", niveaus, aggregaten, gemeenten=gemeenten):
        uit.voeg_toe(rij, "percentage", getal(rij["percentage"]), rij["actief"] or 0)
    return uit.metingen


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
    """The cases open on the last day of the period (registered on or before it and not ended by then) that have a
    consultant (the consultant assigned now: assignments have no history). dossiers: their number. per_consultant:
    dossiers ÷ the number of distinct consultants of those cases (in a region counted once across its gemeenten).
    per_fte: the dossiers of consultants whose fte is known ÷ the sum of those consultants' fte (each consultant
    once); empty when no fte is known. Base: the number of open dossiers. One decimal."""
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
    for niveau, codes in eenheden(gemeenten, db).items():
        if niveau in niveaus:
            for code in codes:
                per_unit.setdefault((niveau, code), [])
    uit = Verzameling()
    for (niveau, code), consultants in per_unit.items():
        rij = {"niveau": niveau, "eenheid": code}
        dossiers = sum(n for n, _ in consultants)
        met_fte = [(n, fte) for n, fte in consultants if fte is not None]
        uit.voeg_toe(rij, "dossiers", dossiers, dossiers)
        uit.voeg_toe(rij, "per_consultant", afgerond(dossiers, len(consultants), 1), dossiers)
        uit.voeg_toe(rij, "per_fte", afgerond(sum(n for n, _ in met_fte), sum(f for _, f in met_fte), 1), dossiers)
    return uit.metingen


# --- I8 ---------------------------------------------------------------------------------------------------------------


@indicator(
    "I8",
    "Aanwezigheid",
    "uitvoering",
    (
        Maat("percentage", "Aanwezig", "percentage", "%", 1),
        Maat("gepland_uren", "Uren gepland", "verhouding", "uur"),
        Maat("aanwezig_uren", "Uren aanwezig", "verhouding", "uur"),
    ),
    niveaus=("gemeente", "regio", "aanbieder"),
    uitsplitsingen=LEERROUTES,
    trend_maat="percentage",
)
def aanwezigheid(periode, gemeenten, *, niveaus, db):
    """The attendance rows (lessons, participation activities and MAP practice) dated in the period, of the
    enrolments of statushouders of the gemeente (the gemeente of the case the enrolment belongs to). percentage:
    100 × the attended minutes ÷ the planned minutes (one decimal); gepland_uren and aanwezig_uren: those minutes in
    whole hours. Base: the number of distinct statushouders with attendance in the period. Per taalaanbieder: the
    organisation of the enrolment; per leerroute: the leerroute of the enrolment."""
    qs = Aanwezigheid.objects.using(db).filter(
        inschrijving__statushouder__gemeente__in=gemeenten, datum__gte=periode.start, datum__lte=periode.eind
    )
    gepland, aanwezig = Sum("geplande_minuten"), Sum("aanwezige_minuten")
    aggregaten = {
        "deelnemers": Count("inschrijving__statushouder", distinct=True),
        "percentage": procent(aanwezig, gepland, 1),
        "gepland_uren": uren(gepland),
        "aanwezig_uren": uren(aanwezig),
    }
    uit = Verzameling()
    rijen = groepeer(qs, "inschrijving__statushouder__gemeente", niveaus, aggregaten, met_totaal=True,
                     aanbieder_pad="inschrijving__organisatie", extra=("inschrijving__leerroute__code",),
                     gemeenten=gemeenten)  # fmt: skip
    for rij in rijen:
        sleutel = rij["inschrijving__leerroute__code"] if rij["uitgesplitst"] else ""
        basis = rij["deelnemers"] or 0
        uit.voeg_toe(rij, "percentage", getal(rij["percentage"]), basis, sleutel)
        uit.voeg_toe(rij, "gepland_uren", getal(rij["gepland_uren"]) or 0.0, basis, sleutel)
        uit.voeg_toe(rij, "aanwezig_uren", getal(rij["aanwezig_uren"]) or 0.0, basis, sleutel)
    return uit.metingen


# --- I9 ---------------------------------------------------------------------------------------------------------------


@indicator(
    "I9",
    "Examens",
    "uitvoering",
    (Maat("percentage", "Behaald", "percentage", "%"),),
    niveaus=("gemeente", "regio", "aanbieder"),
    uitsplitsingen=EXAMENONDERDELEN,
    trend_maat="percentage",
)
def examens(periode, gemeenten, *, niveaus, db):
    """The exam results dated in the period of the onderdelen that end with an exam (lezen, luisteren, spreken,
    schrijven, KNM), of the enrolments of statushouders of the gemeente: the percentage behaald. Every result counts,
    a resit too. Base: the number of results. Per taalaanbieder: the organisation of the enrolment; per onderdeel."""
    qs = Examenresultaat.objects.using(db).filter(
        inschrijving__statushouder__gemeente__in=gemeenten,
        onderdeel__code__in=[code for code, _ in EXAMENONDERDELEN],
        datum__gte=periode.start,
        datum__lte=periode.eind,
    )
    aantal = Count("pk")
    aggregaten = {"resultaten": aantal, "percentage": procent(Count("pk", filter=Q(behaald=True)), aantal, 0)}
    uit = Verzameling()
    rijen = groepeer(qs, "inschrijving__statushouder__gemeente", niveaus, aggregaten, met_totaal=True,
                     aanbieder_pad="inschrijving__organisatie", extra=("onderdeel__code",),
                     gemeenten=gemeenten)  # fmt: skip
    for rij in rijen:
        sleutel = rij["onderdeel__code"] if rij["uitgesplitst"] else ""
        uit.voeg_toe(rij, "percentage", getal(rij["percentage"]), rij["resultaten"] or 0, sleutel)
    return uit.metingen


# --- I10 --------------------------------------------------------------------------------------------------------------


@indicator(
    "I10",
    "Voortgang op tijd",
    "uitvoering",
    (Maat("percentage", "Gesprek op tijd", "percentage", "%"),),
    trend_maat="percentage",
)
def voortgang_op_tijd(periode, gemeenten, *, niveaus, db):
    """Of the trajecten active on the last day of the period (PIP vastgesteld on or before it, case not ended by
    then), the percentage with a voortgangsgesprek held (gehouden_op) on or before that day and at most the norm
    before it: 13 weeks (INBURGERING_NORMEN VOORTGANGSGESPREK_WEKEN) or the gemeente's own number of weeks, the rule
    of the signal "voortgangsgesprek te laat". A traject without any gesprek held counts as not on time, also when
    its PIP is younger than the norm. Gesprekken of the case before a move are not counted. Base: the number of
    active trajecten."""
    gehouden = Voortgangsgesprek.objects.using(db).filter(
        statushouder=OuterRef("pk"), gehouden_op__lte=periode.eind, gehouden_op__gte=OuterRef("gesprek_grens")
    )
    qs = (
        Statushouder.objects.using(db)
        .filter(gemeente__in=gemeenten)
        .filter(traject_actief_op(periode.eind))
        .annotate(gesprek_grens=gesprek_grens(periode.eind))
        .annotate(op_tijd=Exists(gehouden))
    )
    actief = Count("pk")
    aggregaten = {"actief": actief, "percentage": procent(Count("pk", filter=Q(op_tijd=True)), actief, 0)}
    uit = Verzameling()
    for rij in groepeer(qs, "gemeente", niveaus, aggregaten, gemeenten=gemeenten):
        uit.voeg_toe(rij, "percentage", getal(rij["percentage"]), rij["actief"] or 0)
    return uit.metingen
