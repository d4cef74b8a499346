"""The report as PDF (Typst, templates/reports/pdf/rapportage.typ): a report a person reads. A title block and the
contents, then the overview (the headline figures beside the national ones, reports.kerncijfers) and the cohort
funnels, then per indicator group each indicator with its definition, its table, the comparison of the gemeenten with
the region and the 12-month trend side by side, and a section per taalaanbieder. No forced page per indicator or
group: the sections flow, and only a table too wide for a portrait page gets a landscape one (a table of few units
and many columns is turned instead). The charts are the dashboards' (reports.charts, reports.overzicht_grafieken),
SVG, so they stay vectors whose text stays text. Tagged PDF/UA-1 like the PIP beschikking.

`context` builds the report (and draws its charts); `gegevens` turns it into the template's texts in the active
language. Typst typesets a region of 26 gemeenten in a fraction of a second, where WeasyPrint took 4.5 s."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import date as datumtekst
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from inburgering.pdf import typst_naar_pdf

from .. import charts, kerncijfers, overzicht_grafieken
from ..privacy import Cel, drempel
from ..tabellen import Tabel, trend
from . import gemeen

SJABLOON = settings.BASE_DIR / "templates" / "reports" / "pdf" / "rapportage.typ"
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
        "groepen": groepen,
        "aanbieders": aanbieders,
        "landelijk": landelijk,
    }


def _tekst(waarde) -> str:
    return "–" if waarde is None else str(waarde)


def _grafiek(grafiek) -> dict | None:
    """A chart (SVG and its title), the sentence why there is none, or None."""
    if grafiek is None:
        return None
    if getattr(grafiek, "geen_grafiek", False):
        return {"geen": html.unescape(grafiek)}  # the sentence is HTML (escaped) for the pages
    return {"svg": str(grafiek), "titel": str(grafiek.titel)}


def _tabel(tabel: Pdftabel) -> dict:
    regio = _("regio")
    rijen = [
        {"label": f"{label} ({regio})" if is_regio else str(label), "regio": is_regio, "cellen": list(map(str, cellen))}
        for label, is_regio, cellen in tabel.rijen
    ]
    return {"koppen": list(map(str, tabel.koppen)), "rijen": rijen, "smal": tabel.smal, "breed": tabel.breed,
            "regio_eerst": tabel.regio_eerst}  # fmt: skip


def _blok(blok: dict, voorvoegsel: str = "") -> dict:
    ind = blok["ind"]
    return {
        "kop": f"{ind['code']} {ind['naam']}",
        "anker": f"{voorvoegsel}indicator-{ind['code']}",
        "in_inhoud": not voorvoegsel,  # the providers' I8 is in the contents as "Per taalaanbieder"
        "alineas": blok["alineas"],
        "tabel": _tabel(blok["tabel"]),
        "vergelijking": _grafiek(blok.get("vergelijking")),
        "trend": _grafiek(blok.get("trend")),
        "grafiek": _grafiek(blok.get("grafiek")),
    }


def _richting(k) -> str:
    if k.hoger_is_beter is True:
        return "(" + _("hoger is beter") + ")"
    if k.hoger_is_beter is False:
        return "(" + _("lager is beter") + ")"
    return ""


def _overzicht_gegevens(o: dict) -> dict:
    regio = _("regio")
    koppen = [_("Kerncijfer"), o["naam"]]
    if o["vergelijk_naam"]:
        koppen.append(f"{o['vergelijk_naam']} ({regio})")
    if o["landelijk"]:
        koppen.append(_("Nederland"))
    getallen = len(koppen) - 1
    if o["met_uitersten"]:
        koppen += [_("Hoogste gemeente"), _("Laagste gemeente")]
    rijen = []
    for regel in o["kerncijfers"]:
        k = regel["k"]
        cellen = [str(k.waarde)]
        if o["vergelijk_naam"]:
            cellen.append(_tekst(k.vergelijk))
        if o["landelijk"]:
            cellen.append(_tekst(k.landelijk))
        if o["met_uitersten"]:
            cellen += [f"{u[0]}: {u[1]}" if u else "–" for u in regel["uitersten"]]
        anker = "trechters" if k.indicator == "T1" else f"indicator-{k.indicator}"
        rijen.append({"label": str(k.label), "richting": _richting(k), "anker": anker, "cellen": cellen})
    if o["landelijk"]:
        tekst = _("De belangrijkste cijfers van %(naam)s naast die van heel Nederland.") % {"naam": o["naam"]}
    else:
        tekst = _(
            "De belangrijkste cijfers van %(naam)s. Er is nog geen landelijke rapportage over deze periode om mee te "
            "vergelijken."
        ) % {"naam": o["naam"]}
    if o["met_uitersten"]:
        tekst += " " + _(
            "Bij de hoogste en de laagste gemeente tellen alleen gemeenten waarvan het cijfer getoond mag worden."
        )
    return {"kop": _("Overzicht: de kerncijfers"), "tekst": tekst, "koppen": koppen, "getallen": getallen,
            "rijen": rijen}  # fmt: skip


def _trechters_gegevens(o: dict) -> dict:
    tabel = o["trechtertabel"]
    horizons = [
        _("na %(horizon)s maanden: cohort %(cohort)s (%(omvang)s personen)")
        % {"horizon": r["t"].horizon, "cohort": r["t"].cohort_label, "omvang": r["t"].omvang}
        for r in o["trechters"]
    ]
    return {
        "kop": _("Cohorttrechters"),
        "tekst": _(
            "Per cohort (de statushouders van wie de inburgeringsplicht in dat jaar of kwartaal begon) het deel dat "
            "elke stap binnen 6, 12, 24 of 36 maanden bereikte. Per termijn staat het meest recente cohort met genoeg "
            "personen."
        ),
        "grafieken": [_grafiek(r["svg"]) for r in o["trechters"]],
        "tabel": {
            "titel": _("De trechters in cijfers: het deel van het cohort dat de stap bereikte"),
            "stap": _("Stap"),
            "horizons": horizons,
            "eenheden": list(map(str, tabel["eenheden"])),
            "rijen": [[str(label)] + [_tekst(c) for c in cellen] for label, cellen in tabel["rijen"]],
        },
    }


def _uitleg(ctx: dict) -> list[str]:
    if ctx["landelijk"]:
        lezen = _(
            "Per indicator staan de cijfers van elke regio in een tabel en in een staafdiagram; de cijfers per "
            "gemeente staan in de CSV- en Excel-bestanden."
        )
    else:
        lezen = _(
            "Per indicator staan de cijfers van de regio en elke gemeente in een tabel. In het staafdiagram is elke "
            "gemeente een staaf; de gestippelde lijn is het cijfer van de regio, en bij aantallen het gemiddelde per "
            "gemeente van de regio (het regiototaal gedeeld door het aantal gemeenten). Het staafdiagram toont de "
            "kolom waarin de meeste gemeenten een cijfer hebben; bij cohorten het meest recente cohort. De "
            "lijngrafiek toont het verloop over de laatste twaalf maanden voor de regio; een onderbroken lijn "
            "betekent dat de maand onderdrukt is of geen gegevens heeft."
        )
    aanbieders = _(
        "Bij de taalaanbieders is de gestippelde staaf het aantal geplande uren en de gevulde staaf het aantal uren "
        "dat deelnemers aanwezig waren."
    )
    return [ctx["uitleg"], f"{lezen} {aanbieders}"]


def gegevens(ctx: dict) -> dict:
    """The template's data: every text in the active language, the charts as SVG."""
    periode = ctx["periode"]["label"]
    # gettext outside the f-strings: xgettext does not read inside them
    periode_tekst, tm, berekend, door = _("Periode"), _("t/m"), _("Berekend op"), _("Aangevraagd door")
    van, tot = datumtekst(ctx["periode_start"], "j F Y"), datumtekst(ctx["periode_eind"], "j F Y")
    kenmerken = (
        f"{periode_tekst}: {van} {tm} {tot} · {berekend}: {datumtekst(ctx['berekend_op'], 'j F Y, H:i')} · "
        f"{door}: {ctx['aangevraagd_door']}"
    )
    overzicht = ctx["overzicht"]
    return {
        "taal": (get_language() or "nl")[:2],
        "document_titel": f"{ctx['titel']} – {ctx['eenheid']}, {periode}",
        "beschrijving": _("Indicatoren van de inburgering voor %(eenheid)s, %(periode)s")
        % {"eenheid": ctx["eenheid"], "periode": periode},
        "voet": f"{ctx['titel']} – {ctx['eenheid']}, {periode}",
        "pagina": _("Pagina %(nummer)s van %(totaal)s") % {"nummer": "{nummer}", "totaal": "{totaal}"},
        "merk": _("Inburgering 2021 — regionale benchmark"),
        "titel": str(ctx["titel"]),
        "ondertitel": capfirst(ctx["eenheid"]),
        "periode": capfirst(periode),
        "kenmerken": kenmerken,
        "geen_persoonsgegevens": _(
            "Deze rapportage bevat alleen totalen per gemeente, regio en taalaanbieder, geen persoonsgegevens."
        ),
        "inhoud": _("Inhoud"),
        "overzicht": _overzicht_gegevens(overzicht) if overzicht else None,
        "trechters": _trechters_gegevens(overzicht) if overzicht and overzicht["trechters"] else None,
        "uitleg": {"kop": _("Zo leest u deze rapportage"), "alineas": _uitleg(ctx)},
        "groepen": [
            {"naam": str(g["naam"]), "anker": f"groep-{g['groep']}", "blokken": [_blok(b) for b in g["indicatoren"]]}
            for g in ctx["groepen"]
        ],
        "geen_indicatoren": _("Geen indicatoren in deze groep."),
        "aanbieders": {"kop": _("Per taalaanbieder"), "blokken": [_blok(b, "aanbieders-") for b in ctx["aanbieders"]]}
        if ctx["aanbieders"]
        else None,
    }


def render(run, bij_voortgang: Callable[[float], None] | None = None) -> bytes:
    """`bij_voortgang(fraction)` is told how far the charts are (drawing them is the part that can be counted)."""
    ctx = context(run, bij_voortgang)
    return typst_naar_pdf(SJABLOON, gegevens(ctx), tijdstip=ctx["berekend_op"])
