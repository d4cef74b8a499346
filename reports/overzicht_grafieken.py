"""The charts of the overview (reports.kerncijfers): a small 12-month trend per headline figure and a bar chart per
cohort funnel, drawn like the report's other charts (reports.charts: SVG with role="img", <title> and a <desc> that
states every figure as the tables print it) and printed the same in the page and the PDF.

Honest charts: every line or bar is named in a legend (the region's own figure, a gemeente, the country — never a
total called an average); y and x start at 0; a suppressed month is a gap with "<5" at the axis, a suppressed step
a bar-less "<5"; and where there is nothing to draw the chart is a sentence that says why (charts.GeenGrafiek)."""

from __future__ import annotations

import textwrap

from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .charts import (
    BLAUW,
    GRIJS,
    HALF,
    MAANDEN_KORT,
    ROOD,
    TEKENBREEDTE,
    GeenGrafiek,
    _eigen_svg,
    _getal,
    _id_prefix,
    _lijn,
    _pad,
    _schaalstreepjes,
    _tekst,
    maand_label,
)
from .kerncijfers import TRECHTER, Kerncijfer, Trechter
from .privacy import Cel, drempel

# Per series (colour, dash pattern, marker): told apart by line and marker shape as well as by colour.
EENHEID_STIJL = (BLAUW, "", "rondje")
VERGELIJK_STIJL = (GRIJS, "1.5 2", "driehoek")
LAND_STIJL = (ROOD, "4 2", "vierkant")
MARKERS = {
    "rondje": "M {x:.1f} {y:.1f} m -2 0 a 2 2 0 1 0 4 0 a 2 2 0 1 0 -4 0",
    "driehoek": "M {x:.1f} {y:.1f} m 0 -2.5 l 2.5 4.3 h -5 z",
    "vierkant": "M {x:.1f} {y:.1f} m -2 -2 h 4 v 4 h -4 z",
}


def _geen(tekst: str) -> GeenGrafiek:
    return GeenGrafiek(escape(tekst))


def _reeksen(k: Kerncijfer) -> list[tuple[str, list[tuple[str, Cel]], dict]]:
    """The lines of a figure's trend: the unit's, its region's (gemeente overview) and the country's, those stored.
    A count has one line: a region's count beside the country's is a total beside a total, no level to compare (a
    line of 20 under one of 400), so the first stored one only."""
    kandidaten = [
        (k.naam, k.trend, EENHEID_STIJL),
        (_("%(regio)s (regio)") % {"regio": k.vergelijk_naam}, k.trend_vergelijk, VERGELIJK_STIJL),
        (_("Nederland"), k.trend_landelijk, LAND_STIJL),
    ]
    reeksen = [(naam, reeks, stijl) for naam, reeks, stijl in kandidaten if reeks]
    return reeksen[:1] if k.maat_soort == "aantal" else reeksen


def kerncijfer_trend_svg(k: Kerncijfer, *, id_prefix: str | None = None) -> SafeString:
    """A small line chart of the figure's last 12 months: the unit's line and the national one (and the region's on
    a gemeente overview), each named in the legend; y from 0; a suppressed month is a gap (with "<5" at the axis for
    the first line).
    No figure in any month: a sentence why (a cohort figure has no monthly trend; a measure without a stored trend;
    every month "<5")."""
    reeksen = _reeksen(k)
    cellen = [c for _n, reeks, _s in reeksen for _m, c in reeks]
    if not any(c.waarde is not None for c in cellen):
        if k.indicator == TRECHTER:
            tekst = _("Geen maandtrend: %(figuur)s volgt een cohort over de maanden na de start van de inburgering.")
        elif not reeksen:
            tekst = _("Geen maandtrend: van %(figuur)s worden geen maandcijfers bewaard.")
        elif any(c.onderdrukt for c in cellen):
            tekst = _("Geen maandtrend: elke maand van %(figuur)s rust op minder dan %(drempel)s personen.")
        else:
            tekst = _("Geen maandtrend: %(figuur)s heeft geen gegevens in deze 12 maanden.")
        return _geen(tekst % {"figuur": k.label, "drempel": drempel()})

    maanden = [m for m, _c in reeksen[0][1]]
    titel = _("%(figuur)s: de laatste 12 maanden") % {"figuur": k.label}
    breedte, hoogte = HALF * 72, 126
    links, rechts, boven, onder = 30, breedte - 8, 26, hoogte - 20
    streepjes = _schaalstreepjes(max(c.waarde or 0 for c in cellen))
    x = lambda i: links + (rechts - links) * (i + 0.5) / len(maanden)  # noqa: E731
    y = lambda w: onder - (onder - boven) * w / streepjes[-1]  # noqa: E731
    delen = [_pad([_lijn(links, y(t), rechts, y(t)) for t in streepjes[1:]], "#d0d0d0", 0.5)]  # grid, from 0
    delen += [_tekst(links - 3, y(t), _getal(t, 2), anker="end", grootte=6.5) for t in streepjes]
    if k.maat_eenheid:
        delen.append(_tekst(2, boven - 7, k.maat_eenheid, grootte=6.5))
    for i, m in enumerate(maanden):
        if i % 3 == (len(maanden) - 1) % 3:  # every third month, ending with the last: "jan 2026"
            delen.append(_tekst(x(i), onder + 7, MAANDEN_KORT[int(m[5:]) - 1], anker="middle", grootte=6.5))
            delen.append(_tekst(x(i), onder + 15, m[:4], anker="middle", grootte=6.5))
    legenda = 4
    for n, (naam, reeks, (kleur, streep, marker)) in enumerate(reeksen):
        per_maand = dict(reeks)
        lijn, punten, vorige = [], [], False
        for i, m in enumerate(maanden):
            c = per_maand.get(m, Cel(None))
            if c.waarde is None:  # a gap in the line; "<5" at the axis where the first line is suppressed (the table
                if c.onderdrukt and n == 0:  # and the description tell every line's)
                    delen.append(_tekst(x(i), onder - 5, str(c), anker="middle", grootte=6))
                vorige = False
                continue
            lijn.append(f"{'L' if vorige else 'M'} {x(i):.1f} {y(c.waarde):.1f}")
            punten.append(MARKERS[marker].format(x=x(i), y=y(c.waarde)))
            vorige = True
        if lijn:
            delen += [_pad(lijn, kleur, 1.6, streep), _pad(punten, dikte=0, vulling=kleur)]
        # the legend above the chart: a piece of the line with its marker, and the name
        delen.append(_pad([_lijn(legenda, 8, legenda + 16, 8)], kleur, 1.6, streep))
        delen.append(_pad([MARKERS[marker].format(x=legenda + 8, y=8)], dikte=0, vulling=kleur))
        delen.append(_tekst(legenda + 19, 8, naam, grootte=6.5))
        legenda += 19 + len(naam) * 6.5 * TEKENBREEDTE + 10
    delen.append(_pad([_lijn(links, onder, rechts, onder)]))
    desc = "; ".join(f"{naam}: " + ", ".join(f"{maand_label(m)} {c}" for m, c in reeks) for naam, reeks, _s in reeksen)
    prefix = id_prefix or _id_prefix("kerncijfer-trend", k.code)
    return _eigen_svg(prefix, titel, desc + ".", breedte, hoogte, delen)


def _lengte(cel: Cel) -> float | None:
    """How far a step's bar reaches: its share, or for a step nearly the whole cohort reached ("≥ 80,0%") the share
    it is known to reach at least; None draws no bar ("<5", "–")."""
    return cel.waarde if cel.waarde is not None else cel.ondergrens


def trechter_svg(
    t: Trechter, eenheid_naam: str, *, vergelijk_naam: str = "", id_prefix: str | None = None
) -> SafeString:
    """Horizontal bars per stap of the funnel: the share of the cohort that reached it within the horizon, for the
    unit (filled), its region on a gemeente overview (hatched) and the country (outlined, dashed); every bar
    labelled with its figure ("<5" without a bar); x from 0 to 100%. A cohort of fewer than 5 people in the unit, or
    nothing shown at all: a sentence why."""
    waarden = {"cohort": t.cohort_label, "horizon": t.horizon, "eenheid": eenheid_naam, "drempel": drempel()}
    titel = _("%(eenheid)s: cohort %(cohort)s na %(horizon)s maanden") % waarden
    if t.omvang.onderdrukt:
        return _geen(
            _("Geen trechter van cohort %(cohort)s: minder dan %(drempel)s personen in %(eenheid)s.") % waarden
        )
    series = [(eenheid_naam, 1, BLAUW, BLAUW, "")]  # (name, column of the stap, fill, outline, dashes)
    if vergelijk_naam:
        series.append((_("%(regio)s (regio)") % {"regio": vergelijk_naam}, 3, "#d9d9d9", GRIJS, ""))
    series.append((_("Nederland"), 2, "none", ROOD, "3 1.5"))
    series = [serie for serie in series if any(s[serie[1]] is not None for s in t.stappen)]
    if not any(s[serie[1]] is not None and _lengte(s[serie[1]]) is not None for s in t.stappen for serie in series):
        return _geen(_("Geen trechter van cohort %(cohort)s: geen gegevens na %(horizon)s maanden.") % waarden)

    breedte, staaf, tussen = 300, 7, 7  # pt; a bar per series, and room between the steps
    links, rechts, boven = 96, breedte - 34, 20
    groep = staaf * len(series) + tussen
    onder = boven + groep * len(t.stappen)
    hoogte = onder + 14
    x = lambda w: links + (rechts - links) * w / 100  # noqa: E731
    delen = [_pad([_lijn(x(t), boven, x(t), onder) for t in (25, 50, 75, 100)], "#d0d0d0", 0.5)]  # 0–100%
    delen += [_tekst(x(t), onder + 7, f"{t}%", anker="middle", grootte=6.5) for t in (0, 25, 50, 75, 100)]
    legenda = 4
    for n, (naam, kolom, vulling, rand, streep) in enumerate(series):
        vakken = []
        for i, stap in enumerate(t.stappen):
            c, top = stap[kolom], boven + groep * i + tussen / 2 + staaf * n
            if (lengte := _lengte(c)) is not None:
                vakken.append(f"M {links:.1f} {top + 0.5:.1f} h {x(lengte) - links:.1f} v {staaf - 1} h "
                              f"{links - x(lengte):.1f} z")  # fmt: skip
            delen.append(_tekst(x(lengte or 0) + 2, top + staaf / 2, str(c), grootte=6))
        if vakken:
            delen.append(_pad(vakken, rand, 0.8, streep, vulling))
        delen.append(_pad([f"M {legenda:.1f} 4.5 h 10 v 6 h -10 z"], rand, 0.8, streep, vulling))
        delen.append(_tekst(legenda + 13, 7.5, naam, grootte=6.5))
        legenda += 13 + len(naam) * 6.5 * TEKENBREEDTE + 10
    for i, stap in enumerate(t.stappen):  # the step's name, on two lines where it is long
        regels = textwrap.wrap(stap[0], 22)[:2]
        midden = boven + groep * (i + 0.5)
        for j, regel in enumerate(regels):
            delen.append(_tekst(links - 3, midden + 7.5 * (j - (len(regels) - 1) / 2), regel, anker="end", grootte=6.5))
    delen.append(_pad([_lijn(links, boven, links, onder), _lijn(links, onder, rechts, onder)]))
    zinnen = [f"{stap[0]}: " + ", ".join(f"{naam} {stap[kolom]}" for naam, kolom, *_r in series) for stap in t.stappen]
    desc = _("%(omvang)s personen in het cohort van %(eenheid)s.") % {**waarden, "omvang": t.omvang}
    prefix = id_prefix or _id_prefix("trechter", f"{t.cohort}-{t.horizon}")
    return _eigen_svg(prefix, titel, f"{desc} " + "; ".join(zinnen) + ".", breedte, hoogte, delen)
