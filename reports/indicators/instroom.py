"""Instroom, intake and PIP per cohort (I1, I1b, I1c): how many statushouders a gemeente housed, and how far each
cohort under the Wi2021 got with the brede intake and the PIP (as CBS's Statistiek Wet Inburgering counts them).

A verhuizing copies the person's legal dates into the new gemeente's linked case (cases.services.verhuizing); an
event that happened before the move is counted once, where it happened, and a person counts in a cohort in one
gemeente only: the old one until the move, the new one from the move on."""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from datetime import date

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear

from cases.models import Statushouder
from cases.workflow import Eindreden
from partners.models import Gemeente

from .base import LAND, Maat, Meting, Periode, aandeel, groepeer, indicator, per_eenheid, verhouding
from .gemeenschappelijk import overgedragen_op

EERSTE_COHORT = 2022  # the Wi2021 took effect on 1 January 2022
PROCENT_DECIMALEN = 1


def percentage(label: str) -> Maat:
    """A share of people in %, with PROCENT_DECIMALEN decimals."""
    return Maat("percentage", label, "percentage", "%", PROCENT_DECIMALEN)


def cohort_jaren(periode: Periode) -> range:
    return range(EERSTE_COHORT, periode.eind.year + 1)


# --- I1 ---------------------------------------------------------------------------------------------------------


def inwoners(gemeenten: Sequence[int], niveaus: Sequence[str], db: str) -> dict[tuple[str, str], int]:
    """Inwoners per requested gemeente and, summed over the requested gemeenten, per region and for the land."""
    qs = Gemeente.objects.using(db).filter(pk__in=gemeenten).order_by()
    uit = {}
    if "gemeente" in niveaus:
        uit |= {("gemeente", code): n for code, n in qs.values_list("cbs_code", "inwoners")}
    if "regio" in niveaus:
        per_regio = qs.values("arbeidsmarktregio__code").annotate(n=Sum("inwoners"))
        uit |= {("regio", r["arbeidsmarktregio__code"]): r["n"] for r in per_regio}
    if "land" in niveaus:
        uit["land", LAND] = qs.aggregate(n=Sum("inwoners"))["n"]
    return uit


@indicator(
    "I1",
    "Instroom",
    "instroom",
    (
        Maat("aantal", "Instroom", "aantal"),
        Maat("per_1000", "Per 1.000 inwoners", "verhouding", "per 1.000 inwoners", 2),
    ),
    trend_maat="aantal",
)
def instroom(periode: Periode, gemeenten: Sequence[int], *, niveaus: Sequence[str], db: str) -> list[Meting]:
    """Het aantal statushouders met een huisvestingsdatum in de periode. Een verhuizing naar een andere gemeente
    telt niet als instroom: het vervolgdossier na een verhuizing (met als huisvestingsdatum de verhuisdatum) wordt
    niet meegeteld, zodat iemand in de regio één keer instroomt. Per 1.000 inwoners: dat aantal × 1.000 gedeeld
    door het aantal inwoners van de gemeente (voor de regio en het land: van de gemeenten in het rapport samen), op
    2 decimalen."""
    qs = Statushouder.objects.using(db).filter(
        gemeente_id__in=gemeenten,
        huisvesting_datum__range=(periode.start, periode.eind),
        vorig_dossier__isnull=True,
    )
    aantallen = {
        (r["niveau"], r["eenheid"]): r["aantal"] or 0
        for r in groepeer(qs, "gemeente", niveaus, {"aantal": Count("pk")}, gemeenten=gemeenten)
    }
    return instroom_metingen(aantallen, inwoners(gemeenten, niveaus, db))


def instroom_metingen(aantallen: dict[tuple[str, str], int], inwoners: dict[tuple[str, str], int]) -> list[Meting]:
    """I1's two measures from the count and the inwoners per (niveau, eenheid)."""
    metingen = []
    for (niveau, eenheid), aantal in aantallen.items():
        per_1000 = verhouding(aantal * 1000, inwoners[niveau, eenheid], 2)
        metingen.append(Meting(niveau, eenheid, "aantal", aantal, aantal))
        metingen.append(Meting(niveau, eenheid, "per_1000", per_1000, aantal))
    return metingen


# --- I1b, I1c: cohorts ----------------------------------------------------------------------------------------------


def cohort(periode: Periode, gemeenten: Sequence[int], db: str):
    """The statushouders of the Wi2021 cohorts as they stood at the period end, annotated with their cohort year."""
    eind = periode.eind
    return (
        Statushouder.objects.using(db)
        .filter(
            gemeente_id__in=gemeenten,
            oude_wet=False,
            verblijfsvergunning_datum__range=(date(EERSTE_COHORT, 1, 1), eind),
        )
        .filter(overgedragen_op(eind))
        .exclude(eindreden=Eindreden.VERHUISD, einddatum__lte=eind)
        .annotate(cohort=ExtractYear("verblijfsvergunning_datum"))
    )


def cohort_metingen(periode: Periode, units: list[tuple[str, str]], tellingen: dict) -> list[Meting]:
    """One percentage per unit and cohort year from {(niveau, eenheid, jaar): (teller, basis)}; 0 without data."""
    metingen = []
    for niveau, eenheid in units:
        for jaar in cohort_jaren(periode):
            teller, basis = tellingen.get((niveau, eenheid, jaar), (0, 0))
            metingen.append(
                Meting(niveau, eenheid, "percentage", aandeel(teller, basis, PROCENT_DECIMALEN), basis, str(jaar))
            )
    return metingen


def _cohort_aandeel(periode: Periode, gemeenten: Sequence[int], niveaus: Sequence[str], db: str, teller: Q):
    rijen = groepeer(
        cohort(periode, gemeenten, db),
        "gemeente",
        niveaus,
        {"teller": Count("pk", filter=teller), "basis": Count("pk")},
        extra=("cohort",),
    )
    tellingen = {(r["niveau"], r["eenheid"], r["cohort"]): (r["teller"], r["basis"]) for r in rijen}
    return cohort_metingen(periode, per_eenheid(gemeenten, niveaus, db), tellingen)


COHORT_DEFINITIE = """Cohort: de statushouders onder de Wet inburgering 2021 (niet de oude wet) naar het jaar van de
verblijfsvergunning (daarmee begint de inburgeringsplicht), voor elk jaar van 2022 tot en met het jaar van het einde
van de periode, met een verblijfsvergunning op of vóór het einde van de periode. Wie vóór of op het einde van de
periode is verhuisd naar een andere gemeente telt daar mee (via het vervolgdossier), niet in de oude gemeente; een
dossier dat om een andere reden is afgesloten blijft in het cohort."""
COHORT_UITSPLITSINGEN = tuple((str(j), f"cohort {j}") for j in range(EERSTE_COHORT, 2031))


def _met_cohortdefinitie(bereken):
    """Append the cohort definition, written once, to the indicator's definition."""
    bereken.__doc__ = inspect.cleandoc(bereken.__doc__) + "\n\n" + COHORT_DEFINITIE
    return bereken


@indicator("I1b", "Intake gestart", "instroom", (percentage("Intake gestart"),), uitsplitsingen=COHORT_UITSPLITSINGEN)
@_met_cohortdefinitie
def intake_gestart(periode: Periode, gemeenten: Sequence[int], *, niveaus: Sequence[str], db: str) -> list[Meting]:
    """Per cohort het percentage statushouders bij wie de brede intake op of vóór het einde van de periode is
    gestart (startdatum intake). Basis: de omvang van het cohort."""
    return _cohort_aandeel(periode, gemeenten, niveaus, db, Q(intake_start_datum__lte=periode.eind))


@indicator("I1c", "Zonder PIP", "instroom", (percentage("Zonder PIP"),), uitsplitsingen=COHORT_UITSPLITSINGEN)
@_met_cohortdefinitie
def zonder_pip(periode: Periode, gemeenten: Sequence[int], *, niveaus: Sequence[str], db: str) -> list[Meting]:
    """Per cohort het percentage statushouders zonder PIP dat op of vóór het einde van de periode is vastgesteld
    (dagtekening van het eerste PIP). Basis: de omvang van het cohort."""
    zonder = Q(pip_dagtekening__isnull=True) | Q(pip_dagtekening__gt=periode.eind)
    return _cohort_aandeel(periode, gemeenten, niveaus, db, zonder)
