"""Computing a report: every registered indicator for a set of gemeenten and one period, plus the 12-month trend,
into the result dict that a ReportRun stores (format below). The figures come out true; `onderdruk` then hides
small cells, and only the suppressed result is ever stored, shown or exported.

Result format (version 1), JSON-serialisable:

    {"versie": 1,
     "periode": {"soort", "start", "eind", "label"},
     "eenheden": {"regio": {code: naam}, "gemeente": {cbs_code: naam}, "aanbieder": {uuid: naam}},
     "gemeenten_per_regio": {regiocode: [cbs_code, ...]},          # in name order
     "indicatoren": [
        {"code", "naam", "groep", "definitie", "niveaus": [...], "uitsplitsingen": [[key, label], ...],
         "maten": [{"code", "label", "soort", "eenheid", "decimalen"}], "trend_maat": code | None,
         "metingen": [{"niveau", "eenheid", "uitsplitsing", "maat", "waarde", "basis", "onderdrukt"}],
         "trend": [{"maand": "2026-01", "niveau": "regio", "eenheid", "uitsplitsing", "maat", "waarde", "basis",
                    "onderdrukt"}]},
        ...]}
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Callable, Sequence

from django.utils import translation

from partners.models import Gemeente, Organisatie

from . import indicators, privacy
from .indicators.base import Indicator, Meting, Periode


def bereken_rapport(
    gemeenten: Sequence[int],
    periode: Periode,
    *,
    met_trend: bool = True,
    db: str = "default",
    bij_voortgang: Callable[[int], None] | None = None,
) -> dict:
    """The true figures of every indicator for the gemeenten with these primary keys (levels gemeente and regio,
    and aanbieder where the indicator has it), and — with `met_trend` — each indicator's trend measure per month
    over the 12 months ending with the period, at region level and of the total only (uitsplitsing "": a trend
    line per breakdown would mix e.g. a route's share into the region's). `bij_voortgang(percentage)` is called
    after each indicator."""
    lijst = indicators.alle()
    resultaat = {"versie": 1, "periode": periode.als_dict(), "indicatoren": []}
    for i, ind in enumerate(lijst, start=1):
        metingen = list(ind.bereken(periode, gemeenten, niveaus=ind.niveaus, db=db))
        trend = []
        if met_trend and ind.trend_maat:
            for maand in periode.maanden(12):
                for m in sorted(ind.bereken(maand, gemeenten, niveaus=("regio",), db=db), key=_volgorde):
                    if m.maat == ind.trend_maat and m.uitsplitsing == "":
                        trend.append({"maand": maand.start.strftime("%Y-%m"), **m.als_dict()})
        resultaat["indicatoren"].append(_indicator_dict(ind, metingen, trend))
        if bij_voortgang:
            bij_voortgang(round(100 * i / len(lijst)))
    resultaat.update(_eenheden(gemeenten, resultaat, db))
    return resultaat


def _in_het_nederlands(tekst) -> str:
    with translation.override("nl"):
        return str(tekst)


def _indicator_dict(ind: Indicator, metingen: list[Meting], trend: list[dict]) -> dict:
    return {
        "code": ind.code,
        "naam": ind.naam,
        "groep": ind.groep,
        "definitie": ind.definitie,
        "niveaus": list(ind.niveaus),
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
    regions, and the providers that appear."""
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
    return {"eenheden": eenheden, "gemeenten_per_regio": per_regio}


def onderdruk(resultaat: dict) -> dict:
    """A copy of a true result that can be shown: every meting and trend point gets "onderdrukt", and a suppressed
    one loses its "waarde" and "basis" (reports/privacy.py: a count below the threshold, a percentage, median or
    ratio whose base is; then the secondary suppression of gemeente counts against their region's total).

    A breakdown missing for a gemeente or region that has other figures of the indicator means nobody in that group;
    it is added as a suppressed cell, since a "–" beside "<5" would tell a 0 from 1–4."""
    uit = copy.deepcopy(resultaat)
    for ind in uit["indicatoren"]:
        soorten = {m["code"]: m["soort"] for m in ind["maten"]}
        _vul_aan(ind, uit["gemeenten_per_regio"])
        for m in ind["metingen"] + ind["trend"]:
            m["onderdrukt"] = privacy.meting_onderdrukt(soorten[m["maat"]], m["waarde"], m["basis"])
        _secundair(ind["metingen"], soorten, uit["gemeenten_per_regio"])
        for m in ind["metingen"] + ind["trend"]:
            if m["onderdrukt"]:
                m["waarde"] = m["basis"] = None
    return uit


def _vul_aan(ind: dict, gemeenten_per_regio: dict[str, list[str]]) -> None:
    """Add the missing (gemeente or regio, breakdown, measure) cells of this indicator with no value."""
    eenheden = [("regio", r) for r in gemeenten_per_regio] + [
        ("gemeente", g) for gemeenten in gemeenten_per_regio.values() for g in gemeenten
    ]
    eenheden = [(niveau, code) for niveau, code in eenheden if niveau in ind["niveaus"]]
    aanwezig = {(m["niveau"], m["eenheid"], m["uitsplitsing"], m["maat"]) for m in ind["metingen"]}
    cellen = sorted({(u, maat) for niveau, _, u, maat in aanwezig if niveau in ("regio", "gemeente")})
    for niveau, code in eenheden:
        for uitsplitsing, maat in cellen:
            if (niveau, code, uitsplitsing, maat) not in aanwezig:
                ind["metingen"].append({"niveau": niveau, "eenheid": code, "uitsplitsing": uitsplitsing, "maat": maat,
                                        "waarde": None, "basis": None})  # fmt: skip


def _secundair(metingen: list[dict], soorten: dict[str, str], gemeenten_per_regio: dict[str, list[str]]) -> None:
    """Per count measure, breakdown and region: hide more gemeente cells where the region total would reveal one."""
    regio_van = {g: r for r, gemeenten in gemeenten_per_regio.items() for g in gemeenten}
    totalen = {(m["eenheid"], m["maat"], m["uitsplitsing"]): m for m in metingen if m["niveau"] == "regio"}
    groepen: dict[tuple, list[dict]] = defaultdict(list)
    for m in metingen:
        if m["niveau"] == "gemeente" and soorten[m["maat"]] == "aantal" and m["eenheid"] in regio_van:
            groepen[(regio_van[m["eenheid"]], m["maat"], m["uitsplitsing"])].append(m)
    for sleutel, rijen in groepen.items():
        totaal = totalen.get(sleutel)
        getoond_totaal = None if totaal is None or totaal["onderdrukt"] else totaal["waarde"]
        cellen = [(i, None if m["onderdrukt"] else m["waarde"]) for i, m in enumerate(rijen)]
        for i in privacy.te_onderdrukken(cellen, getoond_totaal):
            rijen[i]["onderdrukt"] = True
