"""Computing a report: every registered indicator for a set of gemeenten and one period, plus the 12-month trend,
into the result dict that a ReportRun stores (format below). The figures come out true; `onderdruk` then hides
small cells, and only the suppressed result is ever stored, shown or exported.

Result format (version 1), JSON-serialisable:

    {"versie": 1,
     "periode": {"soort", "start", "eind", "label"},
     "eenheden": {"regio": {code: naam}, "gemeente": {cbs_code: naam}, "aanbieder": {uuid: naam},
                  "land": {"NL": "Nederland"}},                    # "land" only when computed (a national run)
     "gemeenten_per_regio": {regiocode: [cbs_code, ...]},          # in name order
     "indicatoren": [
        {"code", "naam", "groep", "definitie", "niveaus": [...], "uitsplitsingen": [[key, label], ...],
         "maten": [{"code", "label", "soort", "eenheid", "decimalen"}], "trend_maat": code | None,
         "metingen": [{"niveau", "eenheid", "uitsplitsing", "maat", "waarde", "basis", "onderdrukt"}],
         "trend": [{"maand": "2026-01", "niveau": "regio" | "land", "eenheid", "uitsplitsing", "maat", "waarde",
                    "basis", "onderdrukt"}]},
        ...]}
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Callable, Sequence

from django.utils import translation

from partners.models import Gemeente, Organisatie

from . import gelijktijdig, indicators, privacy
from .indicators import trechter
from .indicators.base import EENHEDEN_GEHEUGEN, LAND, Indicator, Meting, Periode

LAND_NAAM = "Nederland"


def bereken_rapport(
    gemeenten: Sequence[int],
    periode: Periode,
    *,
    niveaus: Sequence[str] | None = None,
    met_trend: bool = True,
    db: str = "default",
    werkers: int = 1,
    bij_voortgang: Callable[[int], None] | None = None,
) -> dict:
    """The true figures of every indicator for the gemeenten with these primary keys (levels gemeente and regio,
    and aanbieder where the indicator has it; or only `niveaus`, e.g. ("land",) for the national figures), and —
    with `met_trend` — each indicator's trend measure per month over the 12 months ending with the period, at
    region level (at land level when `niveaus` has land and no regio) and of the total only (uitsplitsing "": a
    trend line per breakdown would mix e.g. a route's share into the region's).

    With `werkers` > 1 the queries (an indicator's period, or one month of its trend) run side by side on that
    many connections sharing the snapshot of the caller's repeatable-read transaction on `db` (reports/
    gelijktijdig.py). `bij_voortgang(percentage)` is called as the queries finish, each percentage once."""
    lijst = indicators.alle()
    trend_niveau = "land" if niveaus is not None and "land" in niveaus and "regio" not in niveaus else "regio"
    taken = []  # (indicator, the period, or the months of its trend together or one of them, levels)
    for ind in lijst:
        taken.append((ind, (periode,), ind.niveaus if niveaus is None else tuple(niveaus)))
        if met_trend and ind.trend_maat:
            maanden = periode.maanden(12)
            taken += [(ind, tuple(maanden), (trend_niveau,))] if ind.trend else [(ind, (m,), (trend_niveau,))
                                                                               for m in maanden]  # fmt: skip

    def meet(ind: Indicator, wanneer: tuple[Periode, ...], eigen: tuple[str, ...]) -> list[list[Meting]]:
        """The figures of each period of `wanneer`: one period, or the trend's months in one query."""
        if len(wanneer) > 1:
            return [list(m) for m in ind.trend(list(wanneer), gemeenten, niveaus=eigen, db=db)]
        return [list(ind.bereken(wanneer[0], gemeenten, niveaus=eigen, db=db))]

    gemeld = set()

    def klaar(aantal: int, totaal: int) -> None:
        if bij_voortgang and (pct := round(100 * aantal / totaal)) not in gemeld:
            gemeld.add(pct)
            bij_voortgang(pct)

    geheugen = EENHEDEN_GEHEUGEN.set({})  # one computation reads one snapshot: its gemeenten's codes once
    try:
        # The trends computed in one query are the longest tasks: started first, they do not leave one connection
        # working alone at the end while the others wait.
        volgorde = sorted(range(len(taken)), key=lambda i: len(taken[i][1]) == 1)
        uitkomsten = [None] * len(taken)
        for i, uitkomst in zip(volgorde, gelijktijdig.kaart(db, meet, [taken[i] for i in volgorde], werkers, klaar),
                               strict=True):  # fmt: skip
            uitkomsten[i] = uitkomst
    finally:
        EENHEDEN_GEHEUGEN.reset(geheugen)
    per_indicator: dict[str, dict] = {}
    for (ind, perioden, eigen), per_periode in zip(taken, uitkomsten, strict=True):
        if ind.code not in per_indicator:  # its own period comes first, then the months of its trend
            per_indicator[ind.code] = {"niveaus": eigen, "metingen": per_periode[0], "trend": []}
            continue
        for wanneer, metingen in zip(perioden, per_periode, strict=True):
            per_indicator[ind.code]["trend"] += [
                {"maand": wanneer.start.strftime("%Y-%m"), **m.als_dict()}
                for m in sorted(metingen, key=_volgorde)
                if m.maat == ind.trend_maat and m.uitsplitsing == ""
            ]
    resultaat = {"versie": 1, "periode": periode.als_dict(), "indicatoren": []}
    for ind in lijst:
        deel = per_indicator[ind.code]
        resultaat["indicatoren"].append(_indicator_dict(ind, deel["niveaus"], deel["metingen"], deel["trend"]))
    resultaat.update(_eenheden(gemeenten, resultaat, db))
    return resultaat


def _in_het_nederlands(tekst) -> str:
    with translation.override("nl"):
        return str(tekst)


def _indicator_dict(ind: Indicator, niveaus: Sequence[str], metingen: list[Meting], trend: list[dict]) -> dict:
    return {
        "code": ind.code,
        "naam": ind.naam,
        "groep": ind.groep,
        "definitie": ind.definitie,
        "niveaus": list(niveaus),
        # A stored result is Dutch whatever the language of whoever started it (labels may be lazy translations).
        "uitsplitsingen": [[key, _in_het_nederlands(label)] for key, label in ind.uitsplitsingen],
        "maten": [m.als_dict() for m in ind.maten],
        "trend_maat": ind.trend_maat,
        # In a fixed order: SQL gives groups in no particular order, and a stored result should not depend on it.
        "metingen": [m.als_dict() for m in sorted(metingen, key=_volgorde)],
        "trend": trend,
    }


def _volgorde(m: Meting) -> tuple:
    return (m.niveau, m.eenheid, m.uitsplitsing, m.maat)


def _eenheden(gemeenten: Sequence[int], resultaat: dict, db: str) -> dict:
    """Names for the codes in the result: the gemeenten asked for (all of them, also those without data), their
    regions, the providers that appear, and the land when it was computed."""
    rijen = (
        Gemeente.objects.using(db)
        .filter(pk__in=gemeenten)
        .order_by("naam")
        .values_list("cbs_code", "naam", "arbeidsmarktregio__code", "arbeidsmarktregio__naam")
    )
    eenheden = {"regio": {}, "gemeente": {}, "aanbieder": {}}
    per_regio: dict[str, list[str]] = {}
    for cbs_code, naam, regio_code, regio_naam in rijen:
        eenheden["gemeente"][cbs_code] = naam
        eenheden["regio"][regio_code] = regio_naam
        per_regio.setdefault(regio_code, []).append(cbs_code)
    aanbieders = {
        m["eenheid"] for ind in resultaat["indicatoren"] for m in ind["metingen"] if m["niveau"] == "aanbieder"
    }
    if aanbieders:
        eenheden["aanbieder"] = dict(
            Organisatie.objects.using(db).filter(uuid__in=aanbieders).order_by("naam").values_list("uuid", "naam")
        )
        eenheden["aanbieder"] = {str(k): v for k, v in eenheden["aanbieder"].items()}
    if any("land" in ind["niveaus"] for ind in resultaat["indicatoren"]):
        eenheden["land"] = {LAND: LAND_NAAM}
    return {"eenheden": eenheden, "gemeenten_per_regio": per_regio}


def onderdruk(resultaat: dict) -> dict:
    """A copy of a true result that can be shown: every meting and trend point gets "onderdrukt", and a suppressed
    one loses its "waarde" and "basis" (reports/privacy.py: a count below the threshold, a percentage, median or
    ratio whose base is; then the secondary suppression of gemeente counts against their region's total, and in
    the cohort funnel the rule for counts that are parts of each other, again and again until neither hides more).
    The land (a national run's extra part) has no partner in the secondary suppression.

    A breakdown missing for a gemeente or region that has other figures of the indicator means nobody in that group;
    it is added as a suppressed cell, since a "–" beside "<5" would tell a 0 from 1–4."""
    uit = copy.deepcopy(resultaat)
    for ind in uit["indicatoren"]:
        soorten = {m["code"]: m["soort"] for m in ind["maten"]}
        decimalen = {m["code"]: m["decimalen"] for m in ind["maten"]}
        _vul_aan(ind, uit["gemeenten_per_regio"])
        for m in ind["metingen"] + ind["trend"]:
            m["onderdrukt"] = privacy.meting_onderdrukt(
                soorten[m["maat"]], m["waarde"], m["basis"], decimalen[m["maat"]]
            )
        _secundair(ind["metingen"], soorten, uit["gemeenten_per_regio"])
        if ind["groep"] == trechter.GROEP:
            while _trechter(ind["metingen"]):
                _secundair(ind["metingen"], soorten, uit["gemeenten_per_regio"])
            _trechter_percentages(ind["metingen"])
            _bijna_allen(ind["metingen"])
        _afgeleid(ind["metingen"] + ind["trend"], soorten)
        for m in ind["metingen"] + ind["trend"]:
            if m["onderdrukt"]:
                m["waarde"] = m["basis"] = None
    return uit


def _afgeleid(metingen: list[dict], soorten: dict[str, str]) -> None:
    """Hide a figure of a cell whose basis is a hidden count of the same cell (unit, breakdown, month): it is computed
    from that count and gives it back (I1's "per 1.000 inwoners" times the inwoners; a percentage's printed base).
    Only the secondary rules hide a count that can be 5 or more, so this mostly follows them."""
    verborgen = defaultdict(set)
    for m in metingen:
        if soorten[m["maat"]] == "aantal" and m["onderdrukt"] and m["waarde"] is not None:
            verborgen[_plek(m)].add(m["waarde"])
    for m in metingen:
        if soorten[m["maat"]] != "aantal" and not m["onderdrukt"] and m["basis"] in verborgen.get(_plek(m), ()):
            m["onderdrukt"] = True


def _plek(m: dict) -> tuple:
    return (m["niveau"], m["eenheid"], m["uitsplitsing"], m.get("maand"))


def _vul_aan(ind: dict, gemeenten_per_regio: dict[str, list[str]]) -> None:
    """Add the missing (gemeente, regio or land, breakdown, measure) cells of this indicator with no value: each
    level the cells that level has elsewhere (the funnel has quarter cohorts in the region only)."""
    eenheden = [("land", LAND), *(("regio", r) for r in gemeenten_per_regio)] + [
        ("gemeente", g) for gemeenten in gemeenten_per_regio.values() for g in gemeenten
    ]
    eenheden = [(niveau, code) for niveau, code in eenheden if niveau in ind["niveaus"]]
    aanwezig = {(m["niveau"], m["eenheid"], m["uitsplitsing"], m["maat"]) for m in ind["metingen"]}
    cellen = defaultdict(set)
    for niveau, _, uitsplitsing, maat in aanwezig:
        cellen[niveau].add((uitsplitsing, maat))
    for niveau, code in eenheden:
        for uitsplitsing, maat in sorted(cellen[niveau]):
            if (niveau, code, uitsplitsing, maat) not in aanwezig:
                ind["metingen"].append({"niveau": niveau, "eenheid": code, "uitsplitsing": uitsplitsing, "maat": maat,
                                        "waarde": None, "basis": None})  # fmt: skip


def _trechter(metingen: list[dict]) -> int:
    """The funnel rule (privacy.trechter_onderdrukken) on T1's counts, per unit and cohort (at its one horizon): the
    cohort size first, then the steps in their order. Returns how many cells it hid."""
    groepen: dict[tuple, list[tuple[str, dict]]] = defaultdict(list)
    for m in metingen:
        if m["maat"] == "aantal":
            cohort, horizon, stap = trechter.ontleed(m["uitsplitsing"])
            groepen[(m["niveau"], m["eenheid"], cohort, horizon)].append((stap, m))
    volgorde = {code: i for i, (code, _label) in enumerate(trechter.STAPPEN)}
    verborgen = 0
    for cellen in groepen.values():
        cellen.sort(key=lambda cel: volgorde[cel[0]])
        aantallen = [(stap, None if m["onderdrukt"] else m["waarde"]) for stap, m in cellen]
        te_verbergen = privacy.trechter_onderdrukken(aantallen, trechter.trechter_deel_van)
        for stap, m in cellen:
            if stap in te_verbergen and not m["onderdrukt"]:
                m["onderdrukt"] = True
                verborgen += 1
    return verborgen


def _trechter_percentages(metingen: list[dict]) -> None:
    """A funnel percentage is hidden when its count is, or the cohort size: either with the other gives it back."""
    verborgen = {(m["niveau"], m["eenheid"], m["uitsplitsing"]) for m in metingen
                 if m["maat"] == "aantal" and m["onderdrukt"]}  # fmt: skip
    for m in metingen:
        if m["maat"] == "percentage":
            cohort, horizon, _stap = trechter.ontleed(m["uitsplitsing"])
            eenheid = (m["niveau"], m["eenheid"])
            if {(*eenheid, m["uitsplitsing"]), (*eenheid, trechter.sleutel(cohort, horizon, "cohort"))} & verborgen:
                m["onderdrukt"] = True


def _bijna_allen(metingen: list[dict]) -> None:
    """Mark a hidden funnel step ("rest_klein", on its count and its percentage) that was hidden only because fewer
    than the threshold of a shown cohort did NOT reach it: printed as "<5" it would read as "hardly anybody" where
    nearly everybody did. The mark tells no more than a "<5" on the people who did not reach it would (0–4 of them:
    the page prints "≥ 96,9%", the share of the cohort minus 4); a step whose own count is below the threshold
    gets no mark."""
    cohorten = {(m["niveau"], m["eenheid"], m["uitsplitsing"].rpartition("|")[0]): m["waarde"] for m in metingen
                if m["maat"] == "aantal" and m["uitsplitsing"].endswith("|cohort") and not m["onderdrukt"]}  # fmt: skip
    klein = set()
    for m in metingen:
        omvang = cohorten.get((m["niveau"], m["eenheid"], m["uitsplitsing"].rpartition("|")[0]))
        if m["maat"] == "aantal" and m["onderdrukt"] and omvang is not None and m["waarde"] is not None:
            if not privacy.onderdrukt(m["waarde"]) and privacy.onderdrukt(omvang - m["waarde"]):
                klein.add((m["niveau"], m["eenheid"], m["uitsplitsing"]))
    for m in metingen:
        if (m["niveau"], m["eenheid"], m["uitsplitsing"]) in klein:
            m["rest_klein"] = True


def _secundair(metingen: list[dict], soorten: dict[str, str], gemeenten_per_regio: dict[str, list[str]]) -> int:
    """Per count measure, breakdown and region: hide more gemeente cells where the region total would reveal one."""
    regio_van = {g: r for r, gemeenten in gemeenten_per_regio.items() for g in gemeenten}
    return _tegen_totaal(metingen, soorten, "gemeente", "regio", regio_van)


def _tegen_totaal(metingen: list[dict], soorten: dict[str, str], deel: str, geheel: str, boven: dict[str, str]) -> int:
    """Per count measure, breakdown (and month, of trend points) and unit of level `geheel`: hide more cells of its
    parts (level `deel`; `boven` maps their codes to the whole's) where the whole's figure would reveal one
    (privacy.te_onderdrukken). Returns how many cells it hid."""
    totalen = {_cel(m, m["eenheid"]): m for m in metingen if m["niveau"] == geheel}
    groepen: dict[tuple, list[dict]] = defaultdict(list)
    for m in metingen:
        if m["niveau"] == deel and soorten[m["maat"]] == "aantal" and m["eenheid"] in boven:
            groepen[_cel(m, boven[m["eenheid"]])].append(m)
    verborgen = 0
    for groep, rijen in groepen.items():
        totaal = totalen.get(groep)
        getoond_totaal = None if totaal is None or totaal["onderdrukt"] else totaal["waarde"]
        cellen = [(i, None if m["onderdrukt"] else m["waarde"]) for i, m in enumerate(rijen)]
        totaal_verborgen = totaal is not None and totaal["onderdrukt"]
        for i in privacy.te_onderdrukken(cellen, getoond_totaal, totaal_verborgen=totaal_verborgen):
            verborgen += not rijen[i]["onderdrukt"]
            rijen[i]["onderdrukt"] = True
    return verborgen


def _cel(m: dict, eenheid: str) -> tuple:
    return (eenheid, m["maat"], m["uitsplitsing"], m.get("maand"))


def onderdruk_landelijk(resultaat: dict) -> dict:
    """A national result assembled from its suppressed parts (services.samenvoegen), in place: the land's figure is
    the total of the regions', as a region's is of its gemeenten', so the regions' counts and count trend points get
    the secondary suppression against it; what that hides may open a region's gemeenten or a funnel, so every rule
    runs again until none hides more."""
    regio_van = dict.fromkeys(resultaat["gemeenten_per_regio"], LAND)
    for ind in resultaat["indicatoren"]:
        soorten = {m["code"]: m["soort"] for m in ind["maten"]}
        metingen, trechter_regel = ind["metingen"], ind["groep"] == trechter.GROEP
        while (
            _tegen_totaal(metingen, soorten, "regio", "land", regio_van)
            + _tegen_totaal(ind["trend"], soorten, "regio", "land", regio_van)
            + _secundair(metingen, soorten, resultaat["gemeenten_per_regio"])
            + (_trechter(metingen) if trechter_regel else 0)
        ):
            pass
        if trechter_regel:
            _trechter_percentages(metingen)
        _afgeleid(metingen + ind["trend"], soorten)
        for m in metingen + ind["trend"]:
            if m["onderdrukt"]:
                m["waarde"] = m["basis"] = None
    return resultaat
