"""A stored (already suppressed) report result laid out as tables: the one reading of the result that the dashboards,
the PDF, the CSV and the XLSX all print, so that they cannot disagree. Cells are `reports.privacy.Cel`s: a
suppressed figure prints as "<5" wherever it appears."""

from __future__ import annotations

from dataclasses import dataclass, field

from .indicators.base import LAND
from .privacy import Cel

NIVEAU_VOLGORDE = ("land", "regio", "gemeente", "aanbieder")


@dataclass(frozen=True)
class Kolom:
    maat: dict  # Maat.als_dict()
    uitsplitsing: str
    label: str


@dataclass
class Rij:
    niveau: str
    eenheid: str
    naam: str
    cellen: list[Cel] = field(default_factory=list)


@dataclass
class Tabel:
    indicator: dict  # the indicator's entry of the result (code, naam, groep, definitie, maten, ...)
    kolommen: list[Kolom]
    rijen: list[Rij]

    @property
    def leeg(self) -> bool:
        return all(c.waarde is None and not c.onderdrukt for r in self.rijen for c in r.cellen)


def cel(meting: dict | None, maat: dict) -> Cel:
    if meting is None:
        return Cel(None)
    if meting.get("onderdrukt"):
        return Cel(None, onderdrukt=True)
    return Cel(meting["waarde"], decimalen=maat["decimalen"], eenheid=_eenheid_teken(maat))


def _eenheid_teken(maat: dict) -> str:
    return "%" if maat["eenheid"] == "%" else ""


def indicator(resultaat: dict, code: str) -> dict:
    return next(i for i in resultaat["indicatoren"] if i["code"] == code)


def _kolommen(ind: dict) -> list[Kolom]:
    """Every (breakdown, measure) pair that occurs, breakdowns in the indicator's order, "" (totaal) first."""
    labels = {"": ""} | {k: v for k, v in ind["uitsplitsingen"]}
    aanwezig = {(m["uitsplitsing"], m["maat"]) for m in ind["metingen"]}
    kolommen = []
    for uitsplitsing, u_label in labels.items():
        for maat in ind["maten"]:
            if (uitsplitsing, maat["code"]) in aanwezig or (not aanwezig and uitsplitsing == ""):
                label = f"{u_label}: {maat['label']}" if u_label else maat["label"]
                kolommen.append(Kolom(maat, uitsplitsing, label))
    return kolommen


def _eenheden_in_volgorde(resultaat: dict, niveaus: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(niveau, code, naam): the land first (a national result), then each region followed by its gemeenten (all of
    them, also without data); providers after, by name."""
    eenheden = resultaat["eenheden"]
    rijen = [("land", code, naam) for code, naam in eenheden.get("land", {}).items()] if "land" in niveaus else []
    # By name: a stored result is jsonb, which keeps no key order (shorter keys first, then bytewise).
    per_regio = sorted(resultaat["gemeenten_per_regio"].items(), key=lambda kv: eenheden["regio"].get(kv[0], kv[0]))
    for regio, gemeenten in per_regio:
        if "regio" in niveaus:
            rijen.append(("regio", regio, eenheden["regio"].get(regio, regio)))
        if "gemeente" in niveaus:
            rijen.extend(("gemeente", g, eenheden["gemeente"].get(g, g)) for g in gemeenten)
    if "aanbieder" in niveaus:
        aanbieders = sorted(eenheden["aanbieder"].items(), key=lambda kv: kv[1])
        rijen.extend(("aanbieder", code, naam) for code, naam in aanbieders)
    return rijen


def tabel(resultaat: dict, code: str, niveaus: tuple[str, ...] = ("regio", "gemeente")) -> Tabel:
    """One indicator as a table: a row per unit at the given levels, a column per (breakdown, measure)."""
    ind = indicator(resultaat, code)
    kolommen = _kolommen(ind)
    index = {(m["niveau"], m["eenheid"], m["uitsplitsing"], m["maat"]): m for m in ind["metingen"]}
    rijen = []
    for niveau, eenheid, naam in _eenheden_in_volgorde(resultaat, tuple(n for n in niveaus if n in ind["niveaus"])):
        cellen = [cel(index.get((niveau, eenheid, k.uitsplitsing, k.maat["code"])), k.maat) for k in kolommen]
        rijen.append(Rij(niveau, eenheid, naam, cellen))
    return Tabel(ind, kolommen, rijen)


def tabellen(resultaat: dict, groep: str | None = None, niveaus: tuple[str, ...] = ("regio", "gemeente")) -> list:
    """Every indicator (of one group, if given) as a table, in report order."""
    return [
        tabel(resultaat, ind["code"], niveaus)
        for ind in resultaat["indicatoren"]
        if (groep is None or ind["groep"] == groep) and set(niveaus) & set(ind["niveaus"])
    ]


def trend(resultaat: dict, code: str, eenheid: str | None = None, niveau: str = "regio") -> list[tuple[str, Cel]]:
    """The indicator's trend measure per month ("2026-01", Cel) for one unit: a region (the first one if not given)
    or, with niveau "land", the land (eenheid "NL", a national result's)."""
    ind = indicator(resultaat, code)
    if not ind["trend_maat"]:
        return []
    if eenheid is None:
        eenheid = next(iter(resultaat["gemeenten_per_regio"]), None) if niveau == "regio" else LAND
    maat = next(m for m in ind["maten"] if m["code"] == ind["trend_maat"])
    return [
        (t["maand"], cel(t, maat))
        for t in ind["trend"]
        if t["niveau"] == niveau
        and t["eenheid"] == eenheid
        and t["uitsplitsing"] == ""
        and t["maat"] == ind["trend_maat"]
    ]
