"""The charts of the benchmark reports, drawn server-side with matplotlib as SVG so that the same markup goes into
the dashboards and, inline, into the PDF (where it stays a vector drawing).

Every chart stands on its own for a screen reader: role="img", named by its <title> and described in words by its
<desc>, which states every figure as the tables print it ("<5" where suppressed). Marks are told apart by shape
(outline vs filled, dashed vs solid), not colour alone. Text stays text (svg.fonttype "none": no embedded glyphs,
small files) and ids are prefixed per chart, so several charts can share one page.

Thread safety: no pyplot (no global figure state); each call builds its own Figure and canvas. The only global
matplotlib state touched is the three rcParams set once below, which are constant for the whole process."""

from __future__ import annotations

import io
import math
import re

import matplotlib
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .privacy import Cel
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

MAANDEN_KORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def _getal(x: float, decimalen: int = 1) -> str:
    """A scale value with a decimal comma, trailing zeros dropped (12,5 / 40)."""
    tekst = f"{x:.{decimalen}f}"
    if "." in tekst:
        tekst = tekst.rstrip("0").rstrip(".")
    return tekst.replace(".", ",")


def _komma_as(as_):
    """Tick labels with a decimal comma (the ticks are whole numbers; see MaxNLocator(integer=True))."""
    as_.set_major_formatter(FuncFormatter(lambda x, _pos: _getal(x, 2)))


def _id_prefix(soort: str, sleutel: str) -> str:
    """Ids unique per chart on a page yet deterministic: the kind of chart and a slug of what it shows (indicator
    code and column, or the title). A page that draws the same chart twice passes its own `id_prefix`."""
    return re.sub(r"[^a-z0-9]+", "-", f"{soort}-{sleutel}".lower()).strip("-")


def _svg(fig: Figure, prefix: str, titel: str, desc: str) -> SafeString:
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
    return mark_safe(svg.strip())  # noqa: S308 - matplotlib's own markup; our texts escaped above and by matplotlib


def _als_attributen(stijl: re.Match) -> str:
    """matplotlib's style="fill: …; stroke: …" as SVG presentation attributes: the same drawing, but an HTML renderer
    that reads style attributes as CSS (WeasyPrint) no longer warns about every SVG-only property."""
    delen = (deel.split(":", 1) for deel in stijl[1].split(";") if ":" in deel)
    return "".join(f' {naam.strip()}="{waarde.strip()}"' for naam, waarde in delen)


def _leeg(titel: str, prefix: str, hoogte: float = 0.8) -> SafeString:
    fig = Figure(figsize=(BREEDTE, hoogte))
    fig.text(0.5, 0.5, _("geen gegevens"), ha="center", va="center", color=GRIJS, fontsize=10)
    return _svg(fig, prefix, titel, _("Geen gegevens voor deze periode."))


# --- Comparison: gemeenten side by side against the region ------------------------------------------------------------


def vergelijking_svg(
    tabel: Tabel, kolom: int = 0, *, niveau: str = "gemeente", id_prefix: str | None = None
) -> SafeString:
    """One horizontal bar per gemeente for column `kolom`, with the region's figure as a dashed reference line.
    A suppressed gemeente gets no bar but the label "<5"; a gemeente without a figure gets "–". With
    niveau="regio" (a national run) the bars are the regions, without a reference line."""
    ind = tabel.indicator
    k = tabel.kolommen[kolom] if tabel.kolommen else None
    prefix = id_prefix or _id_prefix(f"vergelijking-{niveau}", f"{ind['code']}-{kolom}")
    per = _("per gemeente") if niveau == "gemeente" else _("per regio")
    titel = f"{ind['naam']}: {k.label} {per}" if k else ind["naam"]
    staven = [(r.naam, r.cellen[kolom]) for r in tabel.rijen if r.niveau == niveau and k]
    regio = next(((r.naam, r.cellen[kolom]) for r in tabel.rijen if r.niveau == "regio" and k), None)
    regio = regio if niveau == "gemeente" else None
    if not any(c.waarde is not None or c.onderdrukt for _n, c in staven):
        return _leeg(titel, prefix)

    n = len(staven)
    rij = 0.26 if n <= 20 else 0.17  # inches per bar: 35 regions still fit on one page
    hoogte = 0.95 + rij * n
    fig = Figure(figsize=(BREEDTE, hoogte))
    ax = fig.add_axes((0.24, 0.4 / hoogte, 0.7, rij * n / hoogte))
    referentie = regio[1].waarde if regio else None
    maximum = max([c.waarde or 0 for _n, c in staven] + [referentie or 0]) or 1
    getoond = [(i, c.waarde) for i, (_n, c) in enumerate(staven) if c.waarde is not None]
    ax.barh([i for i, _w in getoond], [w for _i, w in getoond], height=0.6, color=BLAUW, edgecolor=BLAUW)
    for i, (_naam, c) in enumerate(staven):  # the figure as the table prints it: "12,5%", "<5", "–"
        ax.text((c.waarde or 0) + maximum * 0.01, i, str(c), va="center", ha="left", fontsize=8, color=GRIJS)
    if referentie is not None:
        ax.axvline(referentie, color=ROOD, linestyle=(0, (4, 2)), linewidth=1.5)
        legenda = _("regio-gemiddelde (%(regio)s: %(waarde)s)") % {"regio": regio[0], "waarde": regio[1]}
        ax.plot([], [], color=ROOD, linestyle=(0, (4, 2)), linewidth=1.5, label=legenda)
        ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8, borderaxespad=0.2)
    ax.set_yticks(range(n), [naam for naam, _c in staven])
    ax.invert_yaxis()
    ax.set_xlim(0, maximum * 1.15)
    ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
    _komma_as(ax.xaxis)
    if k.maat["eenheid"]:
        ax.set_xlabel(k.maat["eenheid"], fontsize=8, color=GRIJS)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=8, colors=GRIJS)

    zinnen = [_("%(regio)s (regio): %(waarde)s") % {"regio": regio[0], "waarde": regio[1]}] if regio else []
    zinnen += [f"{naam}: {c}" for naam, c in staven]
    return _svg(fig, prefix, titel, "; ".join(zinnen) + ".")


# --- Trend: the last 12 months --------------------------------------------------------------------------------------


def maand_label(maand: str) -> str:
    """ "2026-01" → "jan 2026"."""
    jaar, nummer = maand.split("-")
    return f"{MAANDEN_KORT[int(nummer) - 1]} {jaar}"


def trend_svg(
    reeks: list[tuple[str, Cel]], titel: str, eenheid: str = "", *, id_prefix: str | None = None
) -> SafeString:
    """A line over the months of `reeks` (tabellen.trend: ("2026-01", Cel) oldest first), with a gap where a month
    is suppressed ("<5" written at the axis) or has no figure."""
    prefix = id_prefix or _id_prefix("trend", titel)
    if not any(c.waarde is not None or c.onderdrukt for _m, c in reeks):
        return _leeg(titel, prefix)
    labels = [maand_label(m) for m, _c in reeks]
    waarden = [float(c.waarde) if c.waarde is not None else math.nan for _m, c in reeks]
    fig = Figure(figsize=(BREEDTE, 2.3))
    ax = fig.add_axes((0.09, 0.2, 0.88, 0.72))
    x = range(len(reeks))
    ax.plot(x, waarden, color=BLAUW, linewidth=1.8, marker="o", markersize=4)  # NaN breaks the line: a gap
    bovengrens = max([w for w in waarden if not math.isnan(w)] + [0]) or 1
    ax.set_ylim(0, bovengrens * 1.2)
    for i, (_m, c) in enumerate(reeks):
        if c.waarde is None:
            ax.text(i, bovengrens * 0.03, str(c), ha="center", va="bottom", fontsize=8, color=GRIJS)
    ax.set_xticks(list(x), [label.replace(" ", "\n") for label in labels], fontsize=7)
    ax.yaxis.set_major_locator(MaxNLocator(5, integer=True))
    _komma_as(ax.yaxis)
    if eenheid:
        ax.set_ylabel(eenheid, fontsize=8, color=GRIJS)
    ax.grid(axis="y", color="#d0d0d0", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=7, colors=GRIJS)
    desc = "; ".join(f"{label}: {c}" for label, (_m, c) in zip(labels, reeks, strict=True)) + "."
    return _svg(fig, prefix, titel, desc)


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
    inside it for the hours attended; suppressed figures get no bar but "<5"."""
    ind = tabel.indicator
    prefix = id_prefix or _id_prefix("aanbieders", ind["code"])
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
    if not staven:
        return _leeg(titel, prefix)

    n = len(staven)
    hoogte = 0.75 + 0.34 * n
    fig = Figure(figsize=(BREEDTE, hoogte))
    ax = fig.add_axes((0.34, 0.45 / hoogte, 0.62, 0.34 * n / hoogte))
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
    ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
    _komma_as(ax.xaxis)
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
