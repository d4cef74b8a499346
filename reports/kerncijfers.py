"""The overview of a region or a gemeente (issue 16): the headline figures of the latest ready month and quarter run
and the cohort funnels, each beside the national figure. Everything is read from STORED, already suppressed runs —
the page never computes over personal data on request — so a figure here is a cell of a stored table, "<5" where
the table has "<5", and no difference or sum of cells is shown that the run's tables do not show themselves.

- the region's runs are its REGIO runs (a gemeente overview reads the gemeente rows in its region's runs);
- the national figure is the level "land" of the latest ready national run of the same period;
- best and lowest gemeente are chosen among the gemeente cells that are shown (none when fewer than 2 are);
- a funnel per horizon shows the most recent cohort that carries information (`_informatief`); a run has each cohort
  at one horizon (the longest that has passed for all of it), so a cohort the user picks is one funnel."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import privacy, tabellen
from .indicators.base import LAND as NL
from .indicators.trechter import STAPPEN, ontleed
from .models import ReportRun
from .privacy import Cel

LAND = ("land", NL)
TRECHTER = "T1"
WERK_STAP = "werk_onderwijs"
MIN_KWARTAALCOHORT = 20  # people: a quarter cohort smaller than this says little; the year cohort is taken then


# --- The runs an overview reads -------------------------------------------------------------------------------------


def laatste_runs(runs: QuerySet[ReportRun], regio) -> dict[str, ReportRun]:
    """The latest ready REGIO run of `regio` per period kind ("maand", "kwartaal"): the most recent period, and of
    that the most recently finished run. One query; the result is not loaded (`resultaten` reads it when needed)."""
    qs = (
        runs.filter(
            soort=ReportRun.Soort.REGIO,
            arbeidsmarktregio=regio,
            status=ReportRun.Status.KLAAR,
            periode__in=(ReportRun.Periode.MAAND, ReportRun.Periode.KWARTAAL),
        )
        .order_by("periode", "-periode_start", "-klaar_op", "-pk")
        .distinct("periode")
        .defer("resultaat")
    )
    return {run.periode: run for run in qs}


def _landelijk_qs(runs: Iterable[ReportRun]) -> QuerySet[ReportRun]:
    periodes = Q(pk__in=[])
    for run in runs:
        periodes |= Q(periode=run.periode, periode_start=run.periode_start)
    return (
        ReportRun.objects.filter(
            periodes, soort=ReportRun.Soort.LANDELIJK, status=ReportRun.Status.KLAAR, bovenliggend__isnull=True
        )
        .order_by("periode", "periode_start", "-klaar_op", "-pk")
        .distinct("periode", "periode_start")
    )


def landelijke_runs(runs: Iterable[ReportRun]) -> dict[int, ReportRun]:
    """Per run (by pk) the latest ready national run of the same period, if there is one; one query, results not
    loaded."""
    runs = list(runs)
    if not runs:
        return {}
    per_periode = {(n.periode, n.periode_start): n for n in _landelijk_qs(runs).defer("resultaat")}
    paren = ((run.pk, per_periode.get((run.periode, run.periode_start))) for run in runs)
    return {pk: landelijk for pk, landelijk in paren if landelijk is not None}


def resultaten(runs: Iterable[ReportRun]) -> dict[int, dict]:
    """The stored results of these runs by pk, in one query."""
    pks = {run.pk for run in runs}
    return dict(ReportRun.objects.filter(pk__in=pks).values_list("pk", "resultaat")) if pks else {}


def met_land(resultaat: dict | None) -> dict | None:
    """The national result if it has the national level (a national run from before issue 16 has only regions)."""
    return resultaat if resultaat and resultaat["eenheden"].get("land") else None


def heeft_landelijk(run: ReportRun) -> bool:
    """Whether `landelijk_resultaat(run)` has a result, read from its land's name only (a national result is some
    megabytes of JSON, and the PDF reads it anyway)."""
    return bool(_landelijk_qs([run]).values_list("resultaat__eenheden__land", flat=True).first())


def landelijk_resultaat(run: ReportRun) -> dict | None:
    """The result of the latest ready national run of the same period as `run` (None: there is none yet)."""
    landelijk = _landelijk_qs([run]).only("resultaat").first()
    return met_land(landelijk.resultaat) if landelijk else None


# --- Headline figures -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Definitie:
    code: str
    label: str  # lazy
    indicator: str
    maat: str
    uitsplitsing: str = ""
    hoger_is_beter: bool | None = None
    horizon: int | None = None  # the T1 figures: work or education this many months after the cohort's start


DEFINITIES = (
    Definitie("instroom", gettext_lazy("Instroom (personen)"), "I1", "aantal"),
    Definitie("pip_binnen_norm", gettext_lazy("PIP binnen de norm van 10 weken"), "I4", "percentage",
              hoger_is_beter=True),
    Definitie("doorlooptijd_pip", gettext_lazy("Dagen van intake tot PIP (mediaan)"), "I3", "mediaan",
              hoger_is_beter=False),
    Definitie("doorlooptijd_les", gettext_lazy("Dagen van huisvesting tot eerste les (mediaan)"), "I2b", "mediaan",
              hoger_is_beter=False),
    Definitie("route_b1", gettext_lazy("Nieuwe PIP's in de B1-route"), "I5", "percentage", "b1"),
    Definitie("route_onderwijs", gettext_lazy("Nieuwe PIP's in de onderwijsroute"), "I5", "percentage", "onderwijs"),
    Definitie("route_z", gettext_lazy("Nieuwe PIP's in de Z-route"), "I5", "percentage", "z"),
    Definitie("aanwezigheid", gettext_lazy("Aanwezigheid bij lessen en activiteiten"), "I8", "percentage",
              hoger_is_beter=True),
    Definitie("examens", gettext_lazy("Examens behaald"), "I9", "percentage", hoger_is_beter=True),
    Definitie("voortgang_op_tijd", gettext_lazy("Voortgangsgesprek op tijd"), "I10", "percentage",
              hoger_is_beter=True),
    Definitie("werk_12", gettext_lazy("Werk of onderwijs na 12 maanden"), TRECHTER, "percentage",
              hoger_is_beter=True, horizon=12),
    Definitie("werk_24", gettext_lazy("Werk of onderwijs na 24 maanden"), TRECHTER, "percentage",
              hoger_is_beter=True, horizon=24),
    # a count of people: fewer at risk in a small gemeente is no better work than more in a large one
    Definitie("termijn_risico", gettext_lazy("Termijn bijna verstreken (personen)"), "I11", "risico"),
)  # fmt: skip


@dataclass
class Kerncijfer:
    """One headline figure of the overview, for one unit (a region, or a gemeente beside its region)."""

    code: str  # a Definitie's code: "instroom", "pip_binnen_norm", ..., "werk_12", "termijn_risico"
    label: str
    indicator: str  # the indicator its detail is under ("I4"; "T1" for werk_12/24)
    waarde: Cel  # the unit's figure
    vergelijk: Cel | None  # on a gemeente overview: its region's figure
    landelijk: Cel | None  # the national figure (None: no national run of that period)
    beste: tuple[str, Cel] | None  # (gemeente, Cel): the best shown gemeente of the region; without a direction the
    laagste: tuple[str, Cel] | None  # highest — and the weakest (without a direction: the lowest)
    trend: list[tuple[str, Cel]]  # ("2026-01", Cel) the unit's 12 months; [] where none is stored
    trend_landelijk: list[tuple[str, Cel]]
    hoger_is_beter: bool | None  # None: no direction (instroom, route mix; a count of people at risk)
    trend_vergelijk: list[tuple[str, Cel]] = field(default_factory=list)  # a gemeente overview: its region's trend
    cohort: str = ""  # the T1 figures: the cohort it follows ("2025-K2"), as its funnel at that horizon
    maat_eenheid: str = ""  # "%", "dagen", "" (the chart's axis)
    maat_soort: str = ""  # "aantal" (a count: a region's and the country's are totals, not levels to compare), ...
    naam: str = ""  # the unit's name ("Achterhoek", "Winterswijk"), and its region's on a gemeente overview
    vergelijk_naam: str = ""


class Lezer:
    """A stored result indexed once: its metingen by (indicator, niveau, eenheid, uitsplitsing, maat), of the
    levels asked for only (a national result holds every gemeente; the overview needs its level "land")."""

    def __init__(self, resultaat: dict, niveaus: tuple[str, ...] = ("regio", "gemeente")):
        self.resultaat = resultaat
        self.indicatoren = {ind["code"]: ind for ind in resultaat["indicatoren"]}
        self.metingen = {
            (ind["code"], m["niveau"], m["eenheid"], m["uitsplitsing"], m["maat"]): m
            for ind in resultaat["indicatoren"]
            for m in ind["metingen"]
            if m["niveau"] in niveaus
        }

    def heeft(self, code: str) -> bool:
        return code in self.indicatoren

    def cel(self, code: str, eenheid: tuple[str, str], maat: str, uitsplitsing: str = "") -> Cel:
        ind = self.indicatoren.get(code)
        if ind is None:
            return Cel(None)
        maat_dict = next(m for m in ind["maten"] if m["code"] == maat)
        return tabellen.cel(self.metingen.get((code, *eenheid, uitsplitsing, maat)), maat_dict)

    def trend(self, code: str, eenheid: tuple[str, str], maat: str) -> list[tuple[str, Cel]]:
        """The stored 12-month trend of `maat` at the unit: only the indicator's trend measure has one, and only
        regions and the country have a trend (a gemeente's months are not stored)."""
        ind = self.indicatoren.get(code)
        if ind is None or ind["trend_maat"] != maat:
            return []
        return tabellen.trend(self.resultaat, code, eenheid[1], niveau=eenheid[0])

    def naam(self, eenheid: tuple[str, str]) -> str:
        return self.resultaat["eenheden"].get(eenheid[0], {}).get(eenheid[1], eenheid[1])

    def regio_van(self, eenheid: tuple[str, str]) -> str:
        """The region of a unit ("" for a gemeente the result does not have: one added after the run)."""
        if eenheid[0] == "regio":
            return eenheid[1]
        per_regio = self.resultaat["gemeenten_per_regio"].items()
        return next((r for r, gemeenten in per_regio if eenheid[1] in gemeenten), "")

    def gemeenten(self, regio: str) -> list[tuple[str, str]]:
        """(cbs_code, naam) of the region's gemeenten, by name."""
        namen = self.resultaat["eenheden"]["gemeente"]
        return [(g, namen.get(g, g)) for g in self.resultaat["gemeenten_per_regio"].get(regio, [])]


def _uitersten(
    lezer: Lezer, d: Definitie, regio: str, uitsplitsing: str
) -> tuple[tuple[str, Cel] | None, tuple[str, Cel] | None]:
    """(beste, laagste) among the region's gemeenten whose cell is shown; (None, None) when fewer than 2 are."""
    getoond = [
        (naam, c)
        for code, naam in lezer.gemeenten(regio)
        if (c := lezer.cel(d.indicator, ("gemeente", code), d.maat, uitsplitsing)).waarde is not None
    ]
    if len(getoond) < 2:
        return None, None
    hoogste = min(getoond, key=lambda nc: (-nc[1].waarde, nc[0]))
    laagste = min(getoond, key=lambda nc: (nc[1].waarde, nc[0]))
    return (laagste, hoogste) if d.hoger_is_beter is False else (hoogste, laagste)


def kerncijfers(
    resultaat: dict,
    *,
    eenheid: tuple[str, str],
    landelijk: dict | None,
    vergelijk: tuple[str, str] | None = None,
) -> list[Kerncijfer]:
    """The headline figures of `eenheid` (("regio", "AM03") or ("gemeente", "GM0294")) in a stored result, with
    `vergelijk` (its region, on a gemeente overview) and the national result's level "land" beside it. A figure of
    an indicator the result does not have (a run from before it existed) is left out."""
    lezer = Lezer(resultaat)
    land = Lezer(landelijk, ("land",)) if landelijk else None
    regio = lezer.regio_van(vergelijk or eenheid)
    per_horizon = {t.horizon: t for t in _trechters(lezer, land, eenheid, vergelijk, None)}
    uit = []
    for d in DEFINITIES:
        if not lezer.heeft(d.indicator):
            continue
        uitsplitsing, cohort = d.uitsplitsing, ""
        if d.horizon:
            trechter = per_horizon.get(d.horizon)
            if trechter is None:
                continue
            cohort = trechter.cohort
            uitsplitsing = f"{cohort}|{d.horizon}|{WERK_STAP}"
        beste, laagste = _uitersten(lezer, d, regio, uitsplitsing)
        maat = next(m for m in lezer.indicatoren[d.indicator]["maten"] if m["code"] == d.maat)
        label = str(d.label)
        if cohort:
            label = _("%(figuur)s (cohort %(cohort)s)") % {"figuur": label, "cohort": cohort_label(cohort)}
        uit.append(
            Kerncijfer(
                code=d.code,
                label=label,
                indicator=d.indicator,
                waarde=lezer.cel(d.indicator, eenheid, d.maat, uitsplitsing),
                vergelijk=lezer.cel(d.indicator, vergelijk, d.maat, uitsplitsing) if vergelijk else None,
                landelijk=land.cel(d.indicator, LAND, d.maat, uitsplitsing) if land else None,
                beste=beste,
                laagste=laagste,
                trend=lezer.trend(d.indicator, eenheid, d.maat),
                trend_landelijk=land.trend(d.indicator, LAND, d.maat) if land else [],
                hoger_is_beter=d.hoger_is_beter,
                trend_vergelijk=lezer.trend(d.indicator, vergelijk, d.maat) if vergelijk else [],
                cohort=cohort,
                maat_eenheid=maat["eenheid"],
                maat_soort=maat["soort"],
                naam=lezer.naam(eenheid),
                vergelijk_naam=lezer.naam(vergelijk) if vergelijk else "",
            )
        )
    return uit


# --- Cohort funnels ---------------------------------------------------------------------------------------------------


@dataclass
class Trechter:
    """One cohort at one horizon: per stap the share of the cohort that reached it, for the unit, the country and
    (on a gemeente overview) the region."""

    cohort: str
    cohort_label: str
    horizon: int
    omvang: Cel  # the unit's cohort size
    stappen: list[tuple[str, Cel, Cel | None, Cel | None]]  # (stap label, unit %, national %, vergelijk %)
    omvang_landelijk: Cel | None = None
    omvang_vergelijk: Cel | None = None


def cohort_label(cohort: str) -> str:
    """ "2025" → "2025", "2025-K2" → "2e kwartaal 2025"."""
    jaar, _streep, kwartaal = cohort.partition("-K")
    return _("%(nummer)se kwartaal %(jaar)s") % {"nummer": kwartaal, "jaar": jaar} if kwartaal else jaar


def _recent(cohort: str) -> tuple:
    """Sort key, most recent last: by the cohort's last month, a quarter after the year that ends with it."""
    jaar, _streep, kwartaal = cohort.partition("-K")
    return (int(jaar), int(kwartaal or 4), bool(kwartaal))


def _cohorten(lezer: Lezer, eenheid: tuple[str, str]) -> dict[int, list[str]]:
    """Per horizon the cohorts the result has at it for the unit (each cohort under one), most recent first."""
    per_horizon: dict[int, set[str]] = {}
    for code, niveau, code_eenheid, uitsplitsing, maat in lezer.metingen:
        if code == TRECHTER and (niveau, code_eenheid) == eenheid and maat == "aantal":
            cohort, horizon, stap = ontleed(uitsplitsing)
            if stap == STAPPEN[0][0]:
                per_horizon.setdefault(horizon, set()).add(cohort)
    return {h: sorted(c, key=_recent, reverse=True) for h, c in per_horizon.items()}


def _omvang(lezer: Lezer, eenheid: tuple[str, str], cohort: str, horizon: int) -> Cel:
    return lezer.cel(TRECHTER, eenheid, "aantal", f"{cohort}|{horizon}|{STAPPEN[0][0]}")


def _informatief(omvang: Cel, cohort: str) -> bool:
    """A cohort carries information when its size is shown, and a quarter cohort when it has at least
    MIN_KWARTAALCOHORT people (a year cohort is the fallback)."""
    return omvang.waarde is not None and ("-K" not in cohort or omvang.waarde >= MIN_KWARTAALCOHORT)


def _stap_cel(lezer: Lezer, eenheid: tuple[str, str], uitsplitsing: str, omvang: Cel) -> Cel:
    """A funnel step's share; one hidden because nearly all of the shown cohort reached it ("rest_klein", engine
    `_bijna_allen`) prints as at least the share of the cohort minus the threshold − 1, rounded down."""
    cel = lezer.cel(TRECHTER, eenheid, "percentage", uitsplitsing)
    meting = lezer.metingen.get((TRECHTER, *eenheid, uitsplitsing, "percentage"))
    if cel.onderdrukt and meting and meting.get("rest_klein") and omvang.waarde:
        grens = math.floor(1000 * (omvang.waarde - privacy.drempel() + 1) / omvang.waarde) / 10
        return Cel(None, onderdrukt=True, decimalen=1, eenheid="%", ondergrens=grens)
    return cel


def _trechters(
    lezer: Lezer, land: Lezer | None, eenheid: tuple[str, str], vergelijk: tuple[str, str] | None, cohort: str | None
) -> list[Trechter]:
    if not lezer.heeft(TRECHTER):
        return []
    uit = []
    for horizon, cohorten in sorted(_cohorten(lezer, eenheid).items()):
        if cohort is not None:
            gekozen = cohort if cohort in cohorten else None
        else:  # the most recent informative one; none is: the most recent year cohort ("<5" says why)
            jaren = [c for c in cohorten if "-K" not in c] or cohorten
            gekozen = next((c for c in cohorten if _informatief(_omvang(lezer, eenheid, c, horizon), c)), jaren[0])
        if gekozen is None:
            continue

        def cel(lz: Lezer, e: tuple[str, str], stap: str, c: str = gekozen, h: int = horizon) -> Cel:
            return _stap_cel(lz, e, f"{c}|{h}|{stap}", _omvang(lz, e, c, h))

        stappen = [
            (str(label), cel(lezer, eenheid, stap), cel(land, LAND, stap) if land else None,
             cel(lezer, vergelijk, stap) if vergelijk else None)
            for stap, label in STAPPEN[1:]
        ]  # fmt: skip
        uit.append(
            Trechter(
                cohort=gekozen,
                cohort_label=cohort_label(gekozen),
                horizon=horizon,
                omvang=_omvang(lezer, eenheid, gekozen, horizon),
                stappen=stappen,
                omvang_landelijk=_omvang(land, LAND, gekozen, horizon) if land else None,
                omvang_vergelijk=_omvang(lezer, vergelijk, gekozen, horizon) if vergelijk else None,
            )
        )
    return uit


def trechters(
    resultaat: dict,
    *,
    eenheid: tuple[str, str],
    landelijk: dict | None,
    vergelijk: tuple[str, str] | None = None,
    cohort: str | None = None,
) -> list[Trechter]:
    """Per horizon (HORIZONTEN, only those that are some cohort's) one funnel of the unit: the most recent cohort at
    that horizon that carries information (`_informatief`: a quarter cohort — at region level only — of at least
    MIN_KWARTAALCOHORT people whose size is shown, else a year cohort whose size is shown); or, where the user
    picked a `cohort`, its one funnel, at its horizon."""
    land = Lezer(landelijk, ("land",)) if landelijk else None
    return _trechters(Lezer(resultaat), land, eenheid, vergelijk, cohort)


def cohorten(resultaat: dict, eenheid: tuple[str, str]) -> list[tuple[str, str]]:
    """(cohort, label) of every cohort the result has a funnel of for the unit, most recent first: the choices, each
    labelled with the horizon it is shown at ("2024 (na 12 maanden)")."""
    horizon = {c: h for h, lijst in _cohorten(Lezer(resultaat), eenheid).items() for c in lijst}
    return [
        (c, _("%(cohort)s (na %(horizon)s maanden)") % {"cohort": cohort_label(c), "horizon": horizon[c]})
        for c in sorted(horizon, key=_recent, reverse=True)
    ]
