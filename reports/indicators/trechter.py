"""The cohort funnel (T1, issue 16): per cohort of the Wi2021 — the statushouders whose plicht began (the
verblijfsvergunning) in one year, or at region and land level one quarter — the share that reached each step of the
traject within 6, 12, 24 or 36 months, as the Divosa benchmark looks at it, but live.

Each cohort is reported at one horizon only: the longest that has passed for all of it (`verstreken_horizon`). At a
shorter one most steps have the same count again (nearly everybody has his intake and PIP within a year), and the
funnel rule, which hides a count less than 5 away from one it is part of, hid most of them.

The cohort is I1b's (instroom.cohort: as it stood at the period end, a moved person in the new gemeente only). Each
step's date is read once per person and counted at the first horizon within which it fell (`PerHorizon`); a
cohort's counts are sums of those up to its horizon, so a person's enrolments, exams and participation are read once
for his year and his quarter cohort, whose horizons may differ. Suppression adds the funnel rule (reports/privacy.py
`trechter_onderdrukken`)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from dateutil.relativedelta import relativedelta
from django.db.models import Case, Count, DateField, Expression, F, IntegerField, Sum, When
from django.db.models.functions import ExtractQuarter
from django.utils.translation import gettext_lazy as _

from cases.routekaart import EXAMENS, WERK_SOORTEN
from cases.workflow import Eindreden
from leerroutes.models import Inschrijving, Taalschakeltraject

from .base import Maat, Meting, Periode, aandeel, groepeer, indicator, per_eenheid
from .gemeenschappelijk import OverKeten
from .instroom import EERSTE_COHORT, PROCENT_DECIMALEN, _met_cohortdefinitie, cohort, percentage

GROEP = "trechter"  # not a key of GROEPEN: the generic tables, dashboards, CSV and XLSX leave the funnel out
HORIZONTEN = (6, 12, 24, 36)  # months after the verblijfsvergunning; a cohort is reported at one of them
STAPPEN = (
    ("cohort", _("Cohort")),
    ("intake", _("Brede intake gestart")),
    ("pip", _("PIP vastgesteld")),
    ("inschrijving", _("Ingeschreven bij taalaanbieder")),
    ("examens", _("Examens behaald of route afgerond")),
    ("voldaan", _("Inburgeringsplicht voldaan")),
    ("werk_onderwijs", _("Werk of onderwijs")),
)
# Each step is a part of the one before it where the data make it so (privacy.py).
GENEST = ("intake", "pip", "inschrijving", "examens", "voldaan")
KWARTAAL_NIVEAUS = ("regio", "land")  # quarter cohorts are too small for a gemeente


def sleutel(cohort: str, horizon: int, stap: str) -> str:
    """The uitsplitsing of one funnel cell: "2024|12|pip", "2024-K3|6|cohort"."""
    return f"{cohort}|{horizon}|{stap}"


def ontleed(uitsplitsing: str) -> tuple[str, int, str]:
    """`sleutel` backwards: (cohort, horizon, stap)."""
    cohort, horizon, stap = uitsplitsing.split("|")
    return cohort, int(horizon), stap


def cohort_einde(cohort: str) -> date:
    """The last day of a year ("2024") or quarter ("2024-K3") cohort."""
    jaar, _, kwartaal = cohort.partition("-K")
    laatste_maand = 3 * int(kwartaal) if kwartaal else 12
    return date(int(jaar), laatste_maand, 1) + relativedelta(day=31)


@lru_cache(maxsize=256)
def verstreken_horizon(cohort: str, periode: Periode) -> int | None:
    """The cohort's horizon: the longest that has passed for the whole cohort by the period end (None: not 6 months
    yet). The only one reported: with it beside a shorter one, the funnel rule would hide a step reached by (nearly)
    the same people at both."""
    einde = cohort_einde(cohort)
    return max((h for h in HORIZONTEN if einde + relativedelta(months=h) <= periode.eind), default=None)


def cohorten(periode: Periode, kwartalen: bool) -> list[str]:
    """The year (or quarter) cohorts from the first Wi2021 one that have a horizon passed."""
    jaren = range(EERSTE_COHORT, periode.eind.year + 1)
    namen = [f"{j}-K{k}" for j in jaren for k in range(1, 5)] if kwartalen else [str(j) for j in jaren]
    return [c for c in namen if verstreken_horizon(c, periode)]


def trechter_deel_van(a: str, b: str) -> bool:
    """Whether the funnel cell of stap a counts a part of the people of the one of stap b, within one unit and cohort
    (so one horizon: there is no rule across horizons): the cohort holds every step, and intake ⊇ PIP ⊇ inschrijving
    ⊇ examens ⊇ voldaan, as far as the data make it so (privacy.trechter_onderdrukken)."""
    if a == b or a == "cohort":
        return False
    return b == "cohort" or (a in GENEST and b in GENEST and GENEST.index(b) < GENEST.index(a))


# The base of `PerHorizon`: each horizon's count is a group of 6 decimal digits of the sum (the last one's all that
# is left), so a year's count of one unit within 6, 12 or 24 months must stay below a million; every year of the
# Wi2021 the whole land housed some tens of thousands.
TELLER = 10**6


class PerHorizon(Expression):
    """SQL: per person, a 1 in the digit group of the first horizon (6, 12, 24 or 36 months after the
    verblijfsvergunning) within which `datum` fell — 1, TELLER, TELLER² or TELLER³ — and 0 when it did not (or is
    NULL). Its sum over a group of people holds the count per horizon (`per_horizon`): one aggregate per step, where a
    count per step and horizon would compute each date four times, and a grouping set per step returned a row per
    step and horizon (most of T1's time went into grouping and reading those rows). A date read through a subquery
    is computed once, in a subquery the planner keeps (OFFSET 0); a column is simply repeated."""

    output_field = IntegerField()

    def __init__(self, datum):
        super().__init__()
        self.datum, self.vergunning = datum, F("verblijfsvergunning_datum")

    def get_source_expressions(self):
        return [self.datum, self.vergunning]

    def set_source_expressions(self, exprs):
        self.datum, self.vergunning = exprs

    def as_sql(self, compiler, connection):
        datum_sql, datum_params = compiler.compile(self.datum)
        vergunning_sql, vergunning_params = compiler.compile(self.vergunning)
        if not isinstance(self.datum, OverKeten):
            gevallen = " ".join(
                f"WHEN {datum_sql} <= {vergunning_sql} + interval '{h} months' THEN {TELLER**i}"
                for i, h in enumerate(HORIZONTEN)
            )
            return f"CASE {gevallen} ELSE 0 END", (*datum_params, *vergunning_params) * len(HORIZONTEN)
        gevallen = " ".join(
            f"WHEN x.d <= x.v + interval '{h} months' THEN {TELLER**i}" for i, h in enumerate(HORIZONTEN)
        )
        sql = f"(SELECT CASE {gevallen} ELSE 0 END FROM (SELECT {datum_sql} AS d, {vergunning_sql} AS v OFFSET 0) x)"
        return sql, (*datum_params, *vergunning_params)


def per_horizon(som: int | None) -> dict[int, int]:
    """A sum of `PerHorizon` back to {horizon: the people who reached the step first within it}."""
    uit, rest = {}, som or 0
    for h in HORIZONTEN[:-1]:
        rest, uit[h] = divmod(rest, TELLER)
    uit[HORIZONTEN[-1]] = rest
    return uit


def _eerste(selectie: str, params: Sequence = ()) -> OverKeten:
    return OverKeten(selectie, params, output_field=DateField())


def stap_datums() -> dict[str, Expression]:
    """SQL per step (but the cohort): the date on which the person reached it, NULL when not (yet)."""
    nummers = range(len(EXAMENS))
    return {
        "intake": F("intake_start_datum"),
        "pip": F("pip_dagtekening"),
        "inschrijving": _eerste(
            "SELECT min(i.startdatum) FROM keten k JOIN leerroutes_inschrijving i ON i.statushouder_id = k.id"
            " WHERE i.status <> %s",
            [Inschrijving.Status.AFGEWEZEN],
        ),
        # The first of: the day the last of the five exams was first passed (each exam's first pass, in one pass
        # over the results; GREATEST only when all five are there, as it would skip a NULL); the end of a completed
        # taalschakeltraject (onderwijsroute); the eindgesprek Z-route. LEAST skips the NULLs. Each onderdeel is
        # looked up once per statement (an InitPlan), not joined for every result.
        "examens": _eerste(
            "SELECT least("
            f" (SELECT CASE WHEN {' AND '.join(f'x.e{n} IS NOT NULL' for n in nummers)}"
            f" THEN greatest({', '.join(f'x.e{n}' for n in nummers)}) END FROM (SELECT "
            + ", ".join(
                f"min(e.datum) FILTER (WHERE e.onderdeel_id = (SELECT o.id FROM leerroutes_onderdeel o"
                f" WHERE o.code = %s)) AS e{n}"
                for n in nummers
            )
            + " FROM keten k JOIN leerroutes_inschrijving i ON i.statushouder_id = k.id"
            " JOIN leerroutes_examenresultaat e ON e.inschrijving_id = i.id WHERE e.behaald) x),"
            " (SELECT min(t.einddatum) FROM keten k JOIN leerroutes_inschrijving i ON i.statushouder_id = k.id"
            " JOIN leerroutes_taalschakeltraject t ON t.inschrijving_id = i.id WHERE t.resultaat = %s),"
            " (SELECT min(r.zroute_eindgesprek_op) FROM keten k"
            " JOIN leerroutes_routeafronding r ON r.statushouder_id = k.id))",
            [*EXAMENS, Taalschakeltraject.Resultaat.AFGEROND],
        ),
        "voldaan": Case(When(eindreden=Eindreden.VOLDAAN, then=F("einddatum"))),
        "werk_onderwijs": _eerste(
            "SELECT min(p.startdatum) FROM keten k JOIN cases_participatie p ON p.statushouder_id = k.id"
            f" WHERE p.soort IN ({', '.join(['%s'] * len(WERK_SOORTEN))})",
            [str(s) for s in WERK_SOORTEN],
        ),
    }


@indicator(
    "T1",
    "Cohorttrechter",
    GROEP,
    (Maat("aantal", "Aantal", "aantal"), percentage("Percentage van het cohort")),
)
@_met_cohortdefinitie
def trechter(periode: Periode, gemeenten: Sequence[int], *, niveaus: Sequence[str], db: str) -> list[Meting]:
    """Per cohort het aantal statushouders en, voor elke stap, het aantal en het percentage van het cohort dat die
    stap heeft bereikt binnen 6, 12, 24 of 36 maanden na de datum van de verblijfsvergunning: elk cohort één keer,
    bij de langste van die termijnen die voor het hele cohort is verstreken op het einde van de periode (laatste dag
    van het cohort plus de termijn op of vóór die dag); een cohort waarvoor nog geen 6 maanden zijn verstreken,
    staat er niet bij. Een cohort is een kalenderjaar (in de gemeente, de regio en het land) of een kwartaal (alleen
    in de regio en het land) van die datum.
    De stappen: brede intake gestart (startdatum intake); PIP vastgesteld (dagtekening van het eerste PIP);
    ingeschreven bij een taalaanbieder (de startdatum van de eerste inschrijving die niet is afgewezen);
    examens behaald of route afgerond (de eerste van: de dag waarop het laatste van de vijf examens lezen,
    luisteren, spreken, schrijven en KNM voor het eerst was behaald; de einddatum van een afgerond
    taalschakeltraject in de onderwijsroute; de datum van het eindgesprek Z-route); inburgeringsplicht voldaan
    (einddatum van het dossier met die reden); werk of onderwijs (de startdatum van de eerste participatie betaald
    werk of onderwijs). Inschrijvingen, examens, afronding en participatie van het dossier in een vorige gemeente
    tellen mee. Basis van de percentages: de omvang van het cohort. Aantallen waarvan het verschil met een aantal
    waarvan ze een deel zijn kleiner is dan 5 worden niet getoond (zie de onderdrukking)."""
    jaren, kwartalen = cohorten(periode, kwartalen=False), cohorten(periode, kwartalen=True)
    if not kwartalen:  # no quarter has had 6 months yet, nor has a year
        return []
    stappen = [code for code, _label in STAPPEN[1:]]
    mensen = (
        cohort(periode, gemeenten, db)
        .filter(verblijfsvergunning_datum__lte=cohort_einde(kwartalen[-1]))
        .annotate(kwartaal=ExtractQuarter("verblijfsvergunning_datum"))
    )
    aggregaten = {"n": Count("pk")} | {f"s_{stap}": Sum(PerHorizon(datum)) for stap, datum in stap_datums().items()}
    # per (niveau, eenheid, cohort): {stap: the sum of PerHorizon (sums add up, a count per horizon stays below
    # TELLER)}, the cohort size under "cohort"
    tellingen: dict[tuple[str, str, str], Counter] = defaultdict(Counter)
    for rij in groepeer(mensen, "gemeente", niveaus, aggregaten, extra=("cohort", "kwartaal")):
        # a quarter's people count in its year too (one statement: every step's date is read once)
        for naam in (str(rij["cohort"]), f"{rij['cohort']}-K{rij['kwartaal']}"):
            telling = tellingen[rij["niveau"], rij["eenheid"], naam]
            telling["cohort"] += rij["n"]
            for stap in stappen:
                telling[stap] += rij[f"s_{stap}"] or 0
    metingen = []
    for niveau, eenheid in per_eenheid(gemeenten, niveaus, db):
        for naam in jaren + (kwartalen if niveau in KWARTAAL_NIVEAUS else []):
            telling, horizon = tellingen[niveau, eenheid, naam], verstreken_horizon(naam, periode)
            bereikt = {stap: sum(n for h, n in per_horizon(telling[stap]).items() if h <= horizon) for stap in stappen}
            metingen += trechter_metingen(niveau, eenheid, naam, telling["cohort"], bereikt, periode)
    return metingen


@lru_cache(maxsize=4096)
def _procent(n: int, omvang: int) -> float | None:
    """`aandeel` remembered: exact rounding is slow, and a funnel repeats the same pairs (0 of 0) many times."""
    return aandeel(n, omvang, PROCENT_DECIMALEN)


def trechter_metingen(
    niveau: str, eenheid: str, naam: str, omvang: int, bereikt: dict[str, int], periode: Periode
) -> list[Meting]:
    """One unit's cells of one cohort at its horizon (`verstreken_horizon`), from the cohort size and the people who
    reached each step within it ({stap: n}; missing: 0)."""
    horizon = verstreken_horizon(naam, periode)
    metingen = [Meting(niveau, eenheid, "aantal", omvang, omvang, sleutel(naam, horizon, "cohort"))]
    for stap, _label in STAPPEN[1:]:
        n = bereikt.get(stap, 0)
        cel = sleutel(naam, horizon, stap)
        metingen.append(Meting(niveau, eenheid, "aantal", n, n, cel))
        metingen.append(Meting(niveau, eenheid, "percentage", _procent(n, omvang), omvang, cel))
    return metingen
