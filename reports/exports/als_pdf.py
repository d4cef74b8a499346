"""The report as PDF (WeasyPrint, templates/reports/pdf/): a report a person reads. A title block and the contents,
then the overview (the headline figures beside the national ones, reports.kerncijfers) and the cohort funnels, then
per indicator group each indicator with its definition, its table, the comparison of the gemeenten with the region
and the 12-month trend side by side, and a section per taalaanbieder. No forced page per indicator or group: the
sections flow, and only a table too wide for a portrait page gets a landscape one (a table of few units and many
columns is turned instead). The charts are the dashboards' (reports.charts, reports.overzicht_grafieken), inline
SVG, so they stay vectors whose text stays text. Tagged PDF/UA-1 like the PIP beschikking."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from inburgering.pdf import html_naar_pdf

from .. import charts, kerncijfers, overzicht_grafieken
from ..privacy import Cel, drempel
from ..tabellen import Tabel, trend
from . import gemeen

BREED = 8  # more columns than this do not fit a portrait page: the table is turned, or gets a landscape page
GEDRAAID_MAX = 12  # units (rows) a turned table can have as columns on a portrait page
SMAL = 2  # columns of figures a table can have to stand beside the definition


@dataclass
class Pdftabel:
    """An indicator's table as the PDF prints it: as the dashboards' table (a row per unit), or turned (a row per
    column of the dashboards' table) when it has many columns and few units."""

    koppen: list[str]
    rijen: list[tuple[str, bool, list[Cel]]]  # (label, whether it is the region's row, cells)
    breed: bool = False  # too wide for portrait even so: a landscape page
    regio_eerst: bool = False  # turned, with the region as its first column

    @property
    def smal(self) -> bool:
        """One or two columns of figures: the table fits beside the definition."""
        return len(self.koppen) <= SMAL + 1


def _kop(kolom) -> str:
    """The column's label with its unit, unless the label or the printed figure ("%") already says it."""
    eenheid = kolom.maat["eenheid"]
    gezegd = eenheid in ("", "%") or eenheid.lower() in kolom.label.lower()
    return kolom.label if gezegd else f"{kolom.label} ({eenheid})"


def _pdftabel(tabel: Tabel) -> Pdftabel:
    """Turned when it has more columns than fit and few enough units to be the columns instead."""
    if len(tabel.kolommen) > BREED and len(tabel.rijen) <= GEDRAAID_MAX:
        koppen = [_("Cijfer")] + [r.naam for r in tabel.rijen]
        rijen = [(_kop(k), False, [r.cellen[i] for r in tabel.rijen]) for i, k in enumerate(tabel.kolommen)]
        regio_eerst = bool(tabel.rijen) and tabel.rijen[0].niveau == "regio"
        return Pdftabel(koppen, rijen, regio_eerst=regio_eerst)
    koppen = [_("Eenheid")] + [_kop(k) for k in tabel.kolommen]
    rijen = [(r.naam, r.niveau == "regio", r.cellen) for r in tabel.rijen]
    return Pdftabel(koppen, rijen, breed=len(tabel.kolommen) > BREED)


class Tekenaar:
    """Draws the report's charts and tells `bij_voortgang` (a fraction 0–1 of the charts drawn) after each one."""

    def __init__(self, aantal: int, bij_voortgang: Callable[[float], None] | None):
        self.aantal, self.getekend, self.bij_voortgang = max(aantal, 1), 0, bij_voortgang

    def __call__(self, functie, *args, **opties):
        svg = functie(*args, **opties)
        self.getekend += 1
        if self.bij_voortgang:
            self.bij_voortgang(min(self.getekend / self.aantal, 1))
        return svg


def _alineas(definitie: str) -> list[str]:
    """A definition's paragraphs as flowing text: the docstring's line breaks only wrap the source."""
    return [" ".join(alinea.split()) for alinea in definitie.split("\n\n") if alinea.strip()]


def _vergelijking(teken: Tekenaar, tabel: Tabel, niveau: str):
    return teken(charts.vergelijking_svg, tabel, niveau=niveau) if tabel.kolommen else None


def _trend(teken: Tekenaar, resultaat: dict, tabel: Tabel):
    """The region's 12 months (also in a gemeente's report: a gemeente's months are not stored), named so."""
    ind = tabel.indicator
    reeks = trend(resultaat, ind["code"])
    if not reeks:
        return None
    maat = next(m for m in ind["maten"] if m["code"] == ind["trend_maat"])
    regio = next(iter(resultaat["gemeenten_per_regio"]))
    waarden = {"indicator": ind["naam"], "regio": resultaat["eenheden"]["regio"].get(regio, regio)}
    titel = _("%(indicator)s: de laatste 12 maanden, regio %(regio)s") % waarden
    return teken(charts.trend_svg, reeks, titel, maat["eenheid"])


def _eenheden(run, resultaat: dict) -> tuple[tuple[str, str], tuple[str, str] | None]:
    """(the unit the report is about, the unit it is compared with): a region on its own, a gemeente beside its
    region."""
    regio = next(iter(resultaat["gemeenten_per_regio"]))
    if run.soort == "gemeente" and run.gemeente_id:
        return ("gemeente", run.gemeente.cbs_code), ("regio", regio)
    return ("regio", regio), None


def _uitersten(k: kerncijfers.Kerncijfer) -> tuple:
    """(highest, lowest) gemeente: Kerncijfer has (best, weakest), which for a figure where lower is better are the
    lowest and the highest."""
    return (k.laagste, k.beste) if k.hoger_is_beter is False else (k.beste, k.laagste)


def _overzicht(run, resultaat: dict) -> dict:
    """The headline figures and the funnels of the report's unit (the charts are drawn later, counted)."""
    eenheid, vergelijk = _eenheden(run, resultaat)
    landelijk = kerncijfers.landelijk_resultaat(run)
    naam = resultaat["eenheden"][eenheid[0]].get(eenheid[1], eenheid[1])
    vergelijk_naam = resultaat["eenheden"]["regio"].get(vergelijk[1], vergelijk[1]) if vergelijk else ""
    cijfers = kerncijfers.kerncijfers(resultaat, eenheid=eenheid, landelijk=landelijk, vergelijk=vergelijk)
    trechters = kerncijfers.trechters(resultaat, eenheid=eenheid, landelijk=landelijk, vergelijk=vergelijk)
    return {
        "naam": naam,
        "vergelijk_naam": vergelijk_naam,
        "landelijk": landelijk is not None,
        "kerncijfers": [{"k": k, "uitersten": _uitersten(k)} for k in cijfers],
        "met_uitersten": any(k.beste for k in cijfers),  # a gemeente's own run has no other gemeenten
        "trechters": [{"t": t} for t in trechters],
        "trechtertabel": _trechtertabel(trechters, naam, vergelijk is not None, landelijk is not None),
    }


def _trechtertabel(trechters: list, naam: str, met_regio: bool, met_land: bool) -> dict:
    """The funnels in one table: a row per stap, per funnel (horizon) a column for the unit, its region and the
    country — one table instead of four, so the funnels and their figures share a page."""
    eenheden = [naam] + ([_("Regio")] if met_regio else []) + ([_("Nederland")] if met_land else [])
    rijen = []
    for i, (label, *_cellen) in enumerate(trechters[0].stappen if trechters else []):
        cellen = []
        for t in trechters:
            _label, eigen, land, regio = t.stappen[i]
            cellen += [eigen] + ([regio] if met_regio else []) + ([land] if met_land else [])
        rijen.append((label, cellen))
    return {"eenheden": eenheden, "rijen": rijen}


def _teken_trechters(overzicht: dict, teken: Tekenaar) -> None:
    """The funnels' charts. The headline figures are a table here, without the page's small trend per figure: each
    figure's trend is its indicator's, further on (13 more charts would cost a page and a fifth of the time)."""
    for regel in overzicht["trechters"]:
        regel["svg"] = teken(
            overzicht_grafieken.trechter_svg, regel["t"], overzicht["naam"], vergelijk_naam=overzicht["vergelijk_naam"]
        )


def _inhoud(overzicht: dict | None, groepen: list[dict], aanbieders: list[dict]) -> list[list[tuple[str, str, str]]]:
    """The table of contents as two columns of (anchor, text, "deel" | "indicator") lines, split between groups
    where the halves are nearest (two floated lists: CSS columns cost the PDF renderer a tenth of its time)."""
    regels = []
    if overzicht:
        regels.append(("overzicht", _("Overzicht: de kerncijfers"), "deel"))
        if overzicht["trechters"]:
            regels.append(("trechters", _("Cohorttrechters"), "deel"))
    regels.append(("uitleg", _("Zo leest u deze rapportage"), "deel"))
    for groep in groepen:
        regels.append((f"groep-{groep['groep']}", groep["naam"], "deel"))
        regels += [(f"indicator-{b['ind']['code']}", f"{b['ind']['code']} {b['ind']['naam']}", "indicator")
                   for b in groep["indicatoren"]]  # fmt: skip
    if aanbieders:
        regels.append(("aanbieders", _("Per taalaanbieder"), "deel"))
    grenzen = [i for i, regel in enumerate(regels) if regel[2] == "deel"]
    midden = min(grenzen, key=lambda i: abs(len(regels) - 2 * i))
    return [regels[:midden], regels[midden:]]


def context(run, bij_voortgang: Callable[[float], None] | None = None) -> dict:
    """A national run (several regions) prints its tables and comparisons per region, not per gemeente: 350
    gemeenten per indicator would not make a readable document (the CSV and XLSX have them); it has no overview
    (the overview is of a region or a gemeente)."""
    resultaat = run.resultaat
    landelijk = len(resultaat["gemeenten_per_regio"]) > 1
    niveau = "regio" if landelijk else "gemeente"
    per_groep = gemeen.per_groep(resultaat)
    aanbieder_tabellen = gemeen.aanbieder_tabellen(resultaat)
    overzicht = None if landelijk else _overzicht(run, resultaat)
    alle = [tabel for _g, _n, tabellen in per_groep for tabel in tabellen]
    aantal = len(alle) + sum(1 for t in aanbieder_tabellen if t.indicator["code"] == "I8")
    if not landelijk:
        aantal += sum(bool(t.indicator["trend_maat"]) for t in alle)
        aantal += len(overzicht["trechters"])
    teken = Tekenaar(aantal, bij_voortgang)
    if overzicht:
        _teken_trechters(overzicht, teken)
    groepen = []
    for groep, naam, tabellen in per_groep:
        blokken = []
        for tabel in tabellen:
            if landelijk:
                tabel = Tabel(tabel.indicator, tabel.kolommen, [r for r in tabel.rijen if r.niveau == "regio"])
            blokken.append(
                {
                    "ind": tabel.indicator,
                    "alineas": _alineas(tabel.indicator["definitie"]),
                    "tabel": _pdftabel(tabel),
                    "vergelijking": _vergelijking(teken, tabel, niveau),
                    "trend": None if landelijk else _trend(teken, resultaat, tabel),
                }
            )
        groepen.append({"groep": groep, "naam": naam, "indicatoren": blokken})
    aanbieders = [
        {
            "ind": tabel.indicator,
            "alineas": _alineas(tabel.indicator["definitie"]),
            "tabel": _pdftabel(tabel),
            "grafiek": teken(charts.aanbieder_svg, tabel) if tabel.indicator["code"] == "I8" else None,
        }
        for tabel in aanbieder_tabellen
    ]
    return {
        "titel": gemeen.titel(),
        "eenheid": gemeen.eenheid(run),
        "periode": resultaat["periode"],
        "periode_start": run.periode_start,
        "periode_eind": run.periode_eind,
        "berekend_op": timezone.localtime(run.klaar_op or timezone.now()),
        "aangevraagd_door": gemeen.aangevraagd_door(run),
        "drempel": drempel(),
        "uitleg": gemeen.onderdrukking_uitleg(drempel()),
        "overzicht": overzicht,
        "inhoud": _inhoud(overzicht, groepen, aanbieders),
        "groepen": groepen,
        "aanbieders": aanbieders,
        "landelijk": landelijk,
    }


def render(run, bij_voortgang: Callable[[float], None] | None = None) -> bytes:
    """`bij_voortgang(fraction)` is told how far the charts are (drawing them is the part that can be counted)."""
    return html_naar_pdf(render_to_string("reports/pdf/rapportage.html", context(run, bij_voortgang)))
