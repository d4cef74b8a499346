"""The report as PDF (WeasyPrint, templates/reports/pdf/): a title page, how suppression works, then per indicator
group each indicator with its definition, its table, the comparison of the gemeenten with the region and the
12-month trend, and a section per taalaanbieder. The charts are the dashboards' SVG, inline, so they stay vectors
(and their text stays text). Tagged PDF/UA-1 like the PIP beschikking, a plain PDF if WeasyPrint refuses it."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from inburgering.pdf import html_naar_pdf

from .. import charts
from ..privacy import drempel
from ..tabellen import Tabel, trend
from . import gemeen

BREED = 6  # more columns than this: the indicator gets a landscape page


def _grafiek(svg, titel: str) -> dict:
    """A chart with its title, printed as the figure's caption (the SVG's own <title> is not drawn)."""
    return {"svg": svg, "titel": titel}


def _vergelijking(tabel: Tabel, niveau: str) -> dict | None:
    if not tabel.kolommen:
        return None
    tekst = (_("%(naam)s: %(maat)s per regio") if niveau == "regio"
             else _("%(naam)s: %(maat)s per gemeente; de gestippelde lijn is de regio"))  # fmt: skip
    titel = tekst % {"naam": tabel.indicator["naam"], "maat": tabel.kolommen[0].label}
    return _grafiek(charts.vergelijking_svg(tabel, niveau=niveau), titel)


def _trend(resultaat: dict, tabel: Tabel) -> dict | None:
    ind = tabel.indicator
    reeks = trend(resultaat, ind["code"])
    if not reeks:
        return None
    maat = next(m for m in ind["maten"] if m["code"] == ind["trend_maat"])
    regio = next(iter(resultaat["gemeenten_per_regio"]))
    regio = resultaat["eenheden"]["regio"].get(regio, regio)
    titel = _("%(naam)s: %(maat)s per maand, %(regio)s") % {"naam": ind["naam"], "maat": maat["label"], "regio": regio}
    return _grafiek(charts.trend_svg(reeks, titel, "" if maat["eenheid"] == "%" else maat["eenheid"]), titel)


def context(run) -> dict:
    """A national run (several regions) prints its tables and comparisons per region, not per gemeente: 350
    gemeenten per indicator would not make a readable document (the CSV and XLSX have them)."""
    resultaat = run.resultaat
    landelijk = len(resultaat["gemeenten_per_regio"]) > 1
    niveau = "regio" if landelijk else "gemeente"
    groepen = []
    for groep, naam, tabellen in gemeen.per_groep(resultaat):
        blokken = []
        for tabel in tabellen:
            if landelijk:
                tabel = Tabel(tabel.indicator, tabel.kolommen, [r for r in tabel.rijen if r.niveau == "regio"])
            blokken.append(
                {
                    "tabel": tabel,
                    "breed": len(tabel.kolommen) > BREED,
                    "vergelijking": _vergelijking(tabel, niveau),
                    "trend": None if landelijk else _trend(resultaat, tabel),
                }
            )
        groepen.append({"groep": groep, "naam": naam, "indicatoren": blokken})
    aanbieders = [
        {
            "tabel": tabel,
            "breed": len(tabel.kolommen) > BREED,
            "grafiek": _grafiek(charts.aanbieder_svg(tabel), _("Uren gepland (gestippeld) en aanwezig (gevuld)"))
            if tabel.indicator["code"] == "I8"
            else None,
        }
        for tabel in gemeen.aanbieder_tabellen(resultaat)
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
        "groepen": groepen,
        "aanbieders": aanbieders,
        "landelijk": landelijk,
    }


def render(run) -> bytes:
    return html_naar_pdf(render_to_string("reports/pdf/rapportage.html", context(run)))
