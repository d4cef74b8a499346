"""The charts of the benchmark reports, drawn server-side as SVG so that the same markup goes into the dashboards and,
inline, into the PDF (where it stays a vector drawing): the comparison and the trend, two per indicator, are written
as SVG directly (a few dozen elements each); the provider chart and the overview's charts (overzicht_grafieken) are
drawn with matplotlib.

Honest charts: the dashed line of a comparison says what it is (the region's figure, or for a count the region's
average per gemeente, not its total); bars and lines start at 0 and the scale ends near the largest value; the
column compared is one that has figures (`vergelijkingskolom`); and where nothing can be drawn there is no empty
frame but a sentence why (`GeenGrafiek`), which the templates print instead.

Every chart stands on its own for a screen reader: role="img", named by its <title> and described in words by its
<desc>, which states every figure as the tables print it ("<5" where suppressed). Marks are told apart by shape
(outline vs filled, dashed vs solid), not colour alone. Text stays text (svg.fonttype "none": no embedded glyphs,
small files) and ids are prefixed per chart, so several charts can share one page. A chart is a `Grafiek`, which
carries its title for the caption.

Thread safety: no pyplot (no global figure state); each call builds its own Figure and canvas. The only global
matplotlib state touched is the three rcParams set once below, which are constant for the whole process."""

from __future__ import annotations

import io
import math
import re

import matplotlib
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .privacy import Cel, drempel
from .tabellen import Tabel

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",  # text as <text>, not glyph paths: searchable, small, rendered in the page's font
        "svg.hashsalt": "inburgering-rapportage",  # fixed ids: the same data gives byte-identical SVG
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans"],  # matplotlib's own metrics; the SVG names it, then falls back to sans-serif
        "font.size": 9,
    }
)

BLAUW = "#01689b"  # Rijkshuisstijl "hemelblauw": 5.9:1 on white
ROOD = "#a33e00"  # the reference line (also dashed, so not by colour alone)
GRIJS = "#333333"
BREEDTE = 6.3  # inches: the text width of an A4 page with the PDF's margins
HALF = 3.25  # inches: half of it, for the comparison and the trend that stand side by side (PDF and page alike)

MAANDEN_KORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def _getal(x: float, decimalen: int = 1) -> str:
    """A scale value with a decimal comma, trailing zeros dropped (12,5 / 40)."""
    tekst = f"{x:.{decimalen}f}"
    if "." in tekst:
        tekst = tekst.rstrip("0").rstrip(".")
    return tekst.replace(".", ",")


def _id_prefix(soort: str, sleutel: str) -> str:
    """Ids unique per chart on a page yet deterministic: the kind of chart and a slug of what it shows (indicator
    code and column, or the title). A page that draws the same chart twice passes its own `id_prefix`."""
    return re.sub(r"[^a-z0-9]+", "-", f"{soort}-{sleutel}".lower()).strip("-")


class Grafiek(SafeString):
    """A chart's <svg>, with its title as `titel`, which the page and the PDF print as the figure's caption (and
    the PDF as the chart's alternative text)."""

    titel: str


def _grafiek(svg: str, titel: str) -> Grafiek:
    grafiek = Grafiek(svg)  # our own markup, every text in it escaped
    grafiek.titel = titel
    return grafiek


def _svg(fig: Figure, prefix: str, titel: str, desc: str) -> Grafiek:
    """Render the figure as an inlineable <svg>: no XML prolog or DOCTYPE, no metadata or global <style>, ids
    prefixed, and role="img" with <title> and <desc>."""
    uit = io.StringIO()
    FigureCanvasSVG(fig).print_svg(uit, metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    svg = uit.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r"<style[^>]*>.*?</style>\s*", "", svg, flags=re.S)  # "*{stroke-linejoin}" would style the page
    svg = re.sub(r' style="([^"]*)"', _als_attributen, svg)
    svg = re.sub(r' transform="rotate\(-0 [^"]*\)"', "", svg)  # matplotlib rotates every label by 0 degrees
    svg = re.sub(r'="[^"]*"', lambda m: re.sub(r"(\.\d)\d+", r"\1", m[0]), svg)  # 0.1 pt is precise enough
    svg = re.sub(r"\s*\n\s*", "\n", svg)  # matplotlib's indentation: a fifth of the bytes
    verwezen = set(re.findall(r'(?:url\(#|href="#)([^")]+)', svg))  # clip paths and markers
    svg = re.sub(r' id="([^"]+)"', lambda m: f' id="{prefix}-{m[1]}"' if m[1] in verwezen else "", svg)
    svg = re.sub(r'(url\(#|href="#)([^")]+)', lambda m: f"{m[1]}{prefix}-{m[2]}", svg)
    kop = f'<svg role="img" aria-labelledby="{prefix}-titel {prefix}-desc" class="grafiek"'
    svg = svg.replace("<svg", kop, 1)
    eind_kop = svg.index(">") + 1
    tekst = f'<title id="{prefix}-titel">{escape(titel)}</title><desc id="{prefix}-desc">{escape(desc)}</desc>'
    svg = svg[:eind_kop] + tekst + svg[eind_kop:]
    return _grafiek(svg.strip(), titel)  # matplotlib's own markup; our texts escaped above and by matplotlib


def _als_attributen(stijl: re.Match) -> str:
    """matplotlib's style="fill: …; stroke: …" as SVG presentation attributes: the same drawing, but an HTML renderer
    that reads style attributes as CSS (WeasyPrint) no longer warns about every SVG-only property."""
    delen = (deel.split(":", 1) for deel in stijl[1].split(";") if ":" in deel)
    return "".join(f' {naam.strip()}="{waarde.strip()}"' for naam, waarde in delen)


# --- Written as SVG directly: the comparison and the trend, the many charts of a report -----------------------------
# A report draws two charts per indicator; through matplotlib each took ~50 ms and gave ~175 SVG nodes that the PDF
# renderer parsed, styled and drew again. Bars, a line and their labels are a few dozen elements written here, in pt
# (1:1 in the PDF; the page scales them). Text widths are estimated (DejaVu Sans averages ~0.56 em a character).

TEKENBREEDTE = 0.56  # em per character, to make room for a label


def _tekst(x: float, y: float, tekst: str, *, anker: str = "start", grootte: float = 7) -> str:
    """A label whose middle is at height y (its colour and default size are the chart's: `_eigen_svg`)."""
    uitlijning = "" if anker == "start" else f' text-anchor="{anker}"'
    maat = "" if grootte == 7 else f' font-size="{grootte}"'
    return f'<text x="{x:.1f}" y="{y + grootte * 0.35:.1f}"{maat}{uitlijning}>{escape(tekst)}</text>'


def _pad(d: list[str], kleur: str = GRIJS, dikte: float = 0.8, streep: str = "", vulling: str = "none") -> str:
    """Several lines or shapes as one element (the PDF renderer styles and draws each element on its own)."""
    stippel = f' stroke-dasharray="{streep}"' if streep else ""
    lijn = f' stroke="{kleur}" stroke-width="{dikte}"{stippel}' if dikte else ""
    return f'<path d="{" ".join(d)}" fill="{vulling}"{lijn}/>'


def _lijn(x1: float, y1: float, x2: float, y2: float) -> str:
    return f"M {x1:.1f} {y1:.1f} L {x2:.1f} {y2:.1f}"


def _schaalstreepjes(maximum: float) -> list[float]:
    """Ticks from 0 with a round step (1, 2, 2.5 or 5 × 10^n; whole numbers from 5 up), the last at or above the
    maximum, so the axis fits the data (0 to 1 when nothing is above 0)."""
    maximum = maximum if maximum > 0 else 1
    ruw = maximum / 4
    macht = 10 ** math.floor(math.log10(ruw))
    stap = next(m * macht for m in (1, 2, 2.5, 5, 10) if m * macht >= ruw)
    if maximum >= 5:
        stap = max(1, round(stap))
    return [i * stap for i in range(math.ceil(maximum / stap - 1e-9) + 1)]


def _eigen_svg(prefix: str, titel: str, desc: str, breedte: float, hoogte: float, delen: list[str]) -> Grafiek:
    """The chart's elements in an inlineable <svg> of `breedte` × `hoogte` pt, with role="img", <title> and <desc>."""
    kop = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{prefix}-titel {prefix}-desc" '
        f'class="grafiek" width="{breedte:.0f}pt" height="{hoogte:.0f}pt" viewBox="0 0 {breedte:.0f} {hoogte:.0f}">'
        f'<title id="{prefix}-titel">{escape(titel)}</title><desc id="{prefix}-desc">{escape(desc)}</desc>'
        f'<g font-family="DejaVu Sans, sans-serif" font-size="7" fill="{GRIJS}">'
    )
    return _grafiek(kop + "\n".join(delen) + "</g></svg>", titel)  # every text escaped in _tekst and here


class GeenGrafiek(SafeString):
    """No chart but the sentence that says why (every figure "<5", or none at all): the page and the PDF print it as
    a paragraph where the chart would be (`{% if grafiek.geen_grafiek %}`), so that nobody looks at an empty frame."""

    geen_grafiek = True


def _geen_grafiek(titel: str, cellen: list[Cel]) -> GeenGrafiek:
    if any(c.onderdrukt for c in cellen):
        tekst = _(
            "Geen grafiek van %(titel)s: de cijfers rusten op minder dan %(drempel)s personen (<%(drempel)s) en "
            "worden niet getoond."
        )
    else:
        tekst = _("Geen grafiek van %(titel)s: geen gegevens in deze periode.")
    return GeenGrafiek(escape(tekst % {"titel": titel, "drempel": drempel()}))


def _schaal(as_, maximum: float) -> None:
    """Ticks from 0 up to about the largest value, with a decimal comma: whole numbers unless the values are small
    (0,25 per 1.000 inwoners)."""
    as_.set_major_locator(MaxNLocator(5, integer=maximum >= 5))
    as_.set_major_formatter(FuncFormatter(lambda x, _pos: _getal(x, 2)))


# --- Comparison: gemeenten side by side against the region ------------------------------------------------------------


def _getoond(tabel: Tabel, kolom: int, niveau: str) -> int:
    return sum(r.cellen[kolom].waarde is not None for r in tabel.rijen if r.niveau == niveau)


def vergelijkingskolom(tabel: Tabel, niveau: str = "gemeente") -> int | None:
    """The column a comparison draws: the one where the most units have a shown figure (a cohort indicator's oldest
    cohort is "<5" in every gemeente), of the indicator's trend measure (else its first) if that has any, the total
    before a breakdown, and among equals the last one (the most recent cohort)."""
    if not tabel.kolommen:
        return None
    ind = tabel.indicator
    hoofdmaat = ind.get("trend_maat") or ind["maten"][0]["code"]

    def waarde(i: int) -> tuple:
        k, getoond = tabel.kolommen[i], _getoond(tabel, i, niveau)
        return getoond > 0, k.maat["code"] == hoofdmaat, getoond, k.uitsplitsing == "", i

    return max(range(len(tabel.kolommen)), key=waarde)


def _optelbaar(maat: dict) -> bool:
    """Whether the region's figure is the sum of its gemeenten' (a count of people, hours), not a share or median
    of the region as a whole: then a line at the region's figure would be a total, not a level to compare with. A
    median in hours (I13's Z-route hours) is the region's own level, not a sum."""
    return maat["soort"] == "aantal" or (maat["eenheid"] == "uur" and maat["soort"] != "mediaan")


def _referentie(tabel: Tabel, kolom: int) -> tuple[float, str, bool] | None:
    """The dashed line of a comparison per gemeente, (value, legend, whether it is an average): the region's own
    figure for a share, median or ratio; for a count its average per gemeente (the shown region total divided by
    the number of gemeenten in the table), and its total only when the table holds a single gemeente. The legend is
    short (SVG text is costly in the PDF); the chart's title and desc name the region."""
    regio = next((r for r in tabel.rijen if r.niveau == "regio"), None)
    if regio is None or regio.cellen[kolom].waarde is None:
        return None
    cel, maat = regio.cellen[kolom], tabel.kolommen[kolom].maat
    gemeenten = sum(r.niveau == "gemeente" for r in tabel.rijen)
    if _optelbaar(maat) and gemeenten > 1:
        gemiddeld = Cel(round(cel.waarde / gemeenten, 1), decimalen=1)
        return gemiddeld.waarde, _("gemiddelde per gemeente: %(waarde)s") % {"waarde": gemiddeld}, True
    tekst = _("regiototaal: %(waarde)s") if _optelbaar(maat) else _("regio: %(waarde)s")
    return cel.waarde, tekst % {"waarde": cel}, False


def _kolom_titel(tabel: Tabel, kolom: int, niveau: str) -> str:
    """ "Intake gestart: cohort 2025 per gemeente" (the measure is left out where it only repeats the name)."""
    ind, k = tabel.indicator, tabel.kolommen[kolom]
    delen = [dict(ind["uitsplitsingen"]).get(k.uitsplitsing, k.uitsplitsing), k.maat["label"]]
    wat = ", ".join(d for d in delen if d and d != ind["naam"])
    per = _("per gemeente") if niveau == "gemeente" else _("per regio")
    return f"{ind['naam']}: {wat} {per}" if wat else f"{ind['naam']} {per}"


def vergelijking_svg(
    tabel: Tabel, kolom: int | None = None, *, niveau: str = "gemeente", id_prefix: str | None = None
) -> SafeString:
    """One horizontal bar per gemeente for column `kolom` (by default `vergelijkingskolom`), with the region as a
    dashed reference line (`_referentie`: its figure, or for a count its average per gemeente). A suppressed
    gemeente gets no bar but the label "<5"; a gemeente without a figure gets "–". With niveau="regio" (a national
    run) the bars are the regions, without a reference line. Nothing to draw: a `GeenGrafiek` sentence."""
    ind = tabel.indicator
    kolom = vergelijkingskolom(tabel, niveau) if kolom is None else kolom
    if kolom is None:
        return _geen_grafiek(ind["naam"], [])
    titel = _kolom_titel(tabel, kolom, niveau)
    staven = [(r.naam, r.cellen[kolom]) for r in tabel.rijen if r.niveau == niveau]
    if not any(c.waarde is not None for _n, c in staven):
        return _geen_grafiek(titel, [c for _n, c in staven])
    prefix = id_prefix or _id_prefix(f"vergelijking-{niveau}", f"{ind['code']}-{kolom}")
    referentie = _referentie(tabel, kolom) if niveau == "gemeente" else None

    breedte, n = HALF * 72, len(staven)
    rij = 12 if n <= 20 else 9  # pt per bar: 35 regions still fit on one page
    links = min(max(len(naam) for naam, _c in staven) * 7 * TEKENBREEDTE, breedte * 0.4) + 4
    rechts, boven = breedte - 30, (16 if referentie else 4)
    maximum = max([c.waarde or 0 for _n, c in staven] + [referentie[0] if referentie else 0])
    streepjes = _schaalstreepjes(maximum)
    x = lambda w: links + (rechts - links) * max(w, 0) / streepjes[-1]  # noqa: E731 - a negative median: at 0
    onder = boven + rij * n
    eenheid = tabel.kolommen[kolom].maat["eenheid"]
    hoogte = onder + (22 if eenheid else 12)
    delen = [_pad([_lijn(x(t), boven, x(t), onder) for t in streepjes], "#d0d0d0", 0.5)]  # the scale, from 0
    delen += [_tekst(x(t), onder + 6, _getal(t, 2), anker="middle", grootte=6.5) for t in streepjes]
    staaf = "M {:.1f} {:.1f} h {:.1f} v {:.1f} h {:.1f} z"
    delen.append(
        _pad(
            [staaf.format(links, boven + rij * (i + 0.2), x(c.waarde) - links, rij * 0.6, links - x(c.waarde))
             for i, (_n, c) in enumerate(staven) if c.waarde is not None],
            dikte=0, vulling=BLAUW,
        )
    )  # fmt: skip
    if referentie:  # the dashed line and its legend above the bars; the labels are drawn over it
        r, legenda = x(referentie[0]), 6
        delen.append(_pad([_lijn(r, boven - 2, r, onder), _lijn(4, legenda, 22, legenda)], ROOD, 1.5, "4 2"))
        delen.append(_tekst(26, legenda, referentie[1]))
    for i, (naam, c) in enumerate(staven):  # the figure as the table prints it: "12,5%", "<5", "–"
        midden = boven + rij * (i + 0.5)
        delen.append(_tekst(links - 3, midden, naam, anker="end"))
        delen.append(_tekst(x(c.waarde or 0) + 2, midden, str(c)))
    delen.append(_pad([_lijn(links, boven, links, onder), _lijn(links, onder, rechts, onder)]))
    if eenheid:
        delen.append(_tekst((links + rechts) / 2, onder + 15, eenheid, anker="middle", grootte=6.5))

    regio = next((r for r in tabel.rijen if r.niveau == "regio"), None) if niveau == "gemeente" else None
    zinnen = []
    if regio:
        zinnen.append(_("%(regio)s (regio): %(waarde)s") % {"regio": regio.naam, "waarde": regio.cellen[kolom]})
    if referentie and referentie[2]:
        zinnen.append(referentie[1])  # the average per gemeente the line is drawn at
    zinnen += [f"{naam}: {c}" for naam, c in staven]
    return _eigen_svg(prefix, titel, "; ".join(zinnen) + ".", breedte, hoogte, delen)


# --- Trend: the last 12 months --------------------------------------------------------------------------------------


def maand_label(maand: str) -> str:
    """ "2026-01" → "jan 2026"."""
    jaar, nummer = maand.split("-")
    return f"{MAANDEN_KORT[int(nummer) - 1]} {jaar}"


def trend_svg(
    reeks: list[tuple[str, Cel]], titel: str, eenheid: str = "", *, id_prefix: str | None = None
) -> SafeString:
    """A line over the months of `reeks` (tabellen.trend: ("2026-01", Cel) oldest first), with a gap where a month
    is suppressed ("<5" written at the axis) or has no figure. No month with a figure: a `GeenGrafiek` sentence."""
    if not any(c.waarde is not None for _m, c in reeks):
        return _geen_grafiek(titel, [c for _m, c in reeks])
    prefix = id_prefix or _id_prefix("trend", titel)
    labels = [maand_label(m) for m, _c in reeks]
    breedte, hoogte = HALF * 72, 118
    links, rechts, boven, onder = 30, breedte - 8, 14, hoogte - 20
    streepjes = _schaalstreepjes(max(c.waarde or 0 for _m, c in reeks))
    x = lambda i: links + (rechts - links) * (i + 0.5) / len(reeks)  # noqa: E731
    y = lambda w: onder - (onder - boven) * max(w, 0) / streepjes[-1]  # noqa: E731 - a negative median: at 0
    delen = [_pad([_lijn(links, y(t), rechts, y(t)) for t in streepjes[1:]], "#d0d0d0", 0.5)]  # grid, from 0
    delen += [_tekst(links - 3, y(t), _getal(t, 2), anker="end", grootte=6.5) for t in streepjes]
    if eenheid:
        delen.append(_tekst(2, boven - 8, eenheid, grootte=6.5))
    lijn, punten, vorige = [], [], False
    for i, (m, c) in enumerate(reeks):
        if i % 3 == (len(reeks) - 1) % 3:  # every third month, ending with the last: "jan 2026"
            delen.append(_tekst(x(i), onder + 7, MAANDEN_KORT[int(m[5:]) - 1], anker="middle", grootte=6.5))
            delen.append(_tekst(x(i), onder + 15, m[:4], anker="middle", grootte=6.5))
        if c.waarde is None:  # a gap in the line; "<5" at the axis where suppressed
            if c.onderdrukt:
                delen.append(_tekst(x(i), onder - 5, str(c), anker="middle", grootte=6.5))
            vorige = False
            continue
        lijn.append(f"{'L' if vorige else 'M'} {x(i):.1f} {y(c.waarde):.1f}")
        punten.append(f"M {x(i) - 2:.1f} {y(c.waarde):.1f} a 2 2 0 1 0 4 0 a 2 2 0 1 0 -4 0")
        vorige = True
    delen += [_pad(lijn, BLAUW, 1.8), _pad(punten, dikte=0, vulling=BLAUW), _pad([_lijn(links, onder, rechts, onder)])]
    desc = "; ".join(f"{label}: {c}" for label, (_m, c) in zip(labels, reeks, strict=True)) + "."
    return _eigen_svg(prefix, titel, desc, breedte, hoogte, delen)


# --- Providers: hours planned vs attended ---------------------------------------------------------------------------


def _uren_maten(tabel: Tabel) -> tuple[str, str] | None:
    """The codes of the planned and the attended measure of I8: the non-percentage measures whose code names them
    ("gepland…", "aanwezig…"/"gevolgd…"); failing that, the first two non-percentage measures in order."""
    maten = [m for m in tabel.indicator["maten"] if m["soort"] != "percentage"]
    gepland = next((m["code"] for m in maten if "gepland" in m["code"]), None)
    aanwezig = next((m["code"] for m in maten if "aanwezig" in m["code"] or "gevolgd" in m["code"]), None)
    if gepland and aanwezig:
        return gepland, aanwezig
    return (maten[0]["code"], maten[1]["code"]) if len(maten) >= 2 else None


def aanbieder_svg(tabel: Tabel, *, id_prefix: str | None = None) -> SafeString:
    """I8 at provider level: per provider and route an outlined, dashed bar for the hours planned and a filled bar
    inside it for the hours attended; suppressed figures get no bar but "<5". No bar: a `GeenGrafiek` sentence."""
    ind = tabel.indicator
    titel = _("%(naam)s: uren gepland en aanwezig per aanbieder en leerroute") % {"naam": ind["naam"]}
    codes = _uren_maten(tabel)
    staven = []  # (label, gepland Cel, aanwezig Cel, eenheid)
    if codes:
        per_route: dict[str, dict[str, tuple[int, object]]] = {}
        for i, k in enumerate(tabel.kolommen):
            if k.maat["code"] in codes:
                per_route.setdefault(k.uitsplitsing, {})[k.maat["code"]] = (i, k)
        routes = {key: label for key, label in ind["uitsplitsingen"]}
        for rij in (r for r in tabel.rijen if r.niveau == "aanbieder"):
            for route, kol in per_route.items():
                if len(kol) < 2:
                    continue
                (ig, kg), (ia, _ka) = kol[codes[0]], kol[codes[1]]
                g, a = rij.cellen[ig], rij.cellen[ia]
                if g.waarde is None and a.waarde is None and not (g.onderdrukt or a.onderdrukt):
                    continue
                label = f"{rij.naam} – {routes.get(route, route)}" if route else f"{rij.naam} – {_('alle routes')}"
                staven.append((label, g, a, kg.maat["eenheid"]))
    if not any(c.waarde is not None for _l, g, a, _e in staven for c in (g, a)):
        return _geen_grafiek(titel, [c for _l, g, a, _e in staven for c in (g, a)])
    prefix = id_prefix or _id_prefix("aanbieders", ind["code"])

    n = len(staven)
    hoogte = 0.7 + 0.24 * n
    fig = Figure(figsize=(BREEDTE, hoogte))
    ax = fig.add_axes((0.34, 0.45 / hoogte, 0.62, 0.24 * n / hoogte))
    maximum = max([c.waarde or 0 for _l, g, a, _e in staven for c in (g, a)] + [0]) or 1
    y = range(n)
    gepland = [(i, g.waarde) for i, (_l, g, _a, _e) in enumerate(staven) if g.waarde is not None]
    aanwezig = [(i, a.waarde) for i, (_l, _g, a, _e) in enumerate(staven) if a.waarde is not None]
    ax.barh([i for i, _w in gepland], [w for _i, w in gepland], height=0.7, color="white", edgecolor=BLAUW,
            linestyle=(0, (4, 2)), linewidth=1.2, label=_("gepland (stippellijn)"))  # fmt: skip
    ax.barh([i for i, _w in aanwezig], [w for _i, w in aanwezig], height=0.36, color=BLAUW, edgecolor=BLAUW,
            label=_("aanwezig (gevuld)"))  # fmt: skip
    for i, (_l, g, a, _e) in enumerate(staven):
        rechts = max(g.waarde or 0, a.waarde or 0)
        ax.text(rechts + maximum * 0.01, i, f"{a} / {g}", va="center", ha="left", fontsize=7.5, color=GRIJS)
    ax.set_yticks(list(y), [label for label, *_r in staven])
    ax.invert_yaxis()
    ax.set_xlim(0, maximum * 1.25)
    _schaal(ax.xaxis, maximum)
    eenheid = staven[0][3]
    if eenheid:
        ax.set_xlabel(eenheid, fontsize=8, color=GRIJS)
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=2, frameon=False, fontsize=8, borderaxespad=0.2)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=7.5, colors=GRIJS)
    desc = "; ".join(
        _("%(label)s: %(aanwezig)s van %(gepland)s %(eenheid)s aanwezig")
        % {"label": label, "aanwezig": a, "gepland": g, "eenheid": e or ""}
        for label, g, a, e in staven
    )
    return _svg(fig, prefix, titel, desc + ".")
