"""Server-side SVG charts: the same markup goes into the case page and, later, into a PDF (WeasyPrint
renders inline SVG). Charts are accessible on their own: role="img" with a <title> and a <desc> that
states the numbers, and the bars are told apart by shape (outline vs filled), not by colour alone.
Pages should still show the numbers as a table or text next to the chart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .routekaart import GEDAAN, HUIDIG, NVT


@dataclass(frozen=True)
class Staaf:
    """One category of a bar chart: a label, the planned value (outline) and the realised value (fill)."""

    label: str
    gepland: float
    gerealiseerd: float


def _getal(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def aanwezigheid_staafdiagram(
    staven: Sequence[Staaf],
    *,
    titel: str,
    id_prefix: str = "grafiek",
    eenheid: str = "uur",
    breedte: int = 640,
    hoogte: int = 220,
) -> SafeString:
    """Planned vs attended per category: an outlined bar for planned, a filled bar inside it for attended."""
    links, rechts, boven, onder = 44, 8, 22, 36
    plot_b = breedte - links - rechts
    plot_h = hoogte - boven - onder
    maximum = max([s.gepland for s in staven] + [s.gerealiseerd for s in staven] + [0])
    schaal_max = _nice_max(maximum)
    n = max(len(staven), 1)
    slot = plot_b / n
    staaf_b = max(slot * 0.6, 2)

    def y(waarde: float) -> float:
        return boven + plot_h - (waarde / schaal_max) * plot_h

    delen = []
    # horizontal grid with the scale
    for i in range(5):
        waarde = schaal_max * i / 4
        yy = y(waarde)
        delen.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#d0d0d0" stroke-width="1"/>'
                '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#333">{}</text>',
                links,
                f"{yy:.1f}",
                breedte - rechts,
                f"{yy:.1f}",
                links - 4,
                f"{yy + 4:.1f}",
                _getal(waarde),
            )
        )
    delen.append(format_html('<text x="4" y="{}" font-size="11" fill="#333">{}</text>', boven - 2, eenheid))
    for i, s in enumerate(staven):
        x = links + i * slot + (slot - staaf_b) / 2
        delen.append(
            format_html(
                '<g class="staaf" data-label="{}" data-gepland="{}" data-gerealiseerd="{}"><title>{}</title>'
                '<rect class="staaf-gepland" x="{}" y="{}" width="{}" height="{}" fill="#ffffff" stroke="#01689b" '
                'stroke-width="1.5" stroke-dasharray="4 2"/>'
                '<rect class="staaf-gerealiseerd" x="{}" y="{}" width="{}" height="{}" fill="#01689b"/>'
                '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#333">{}</text></g>',
                s.label,
                _getal(s.gepland),
                _getal(s.gerealiseerd),
                _staaf_zin(s, eenheid),
                f"{x:.1f}",
                f"{y(s.gepland):.1f}",
                f"{staaf_b:.1f}",
                f"{y(0) - y(s.gepland):.1f}",
                f"{x + staaf_b * 0.2:.1f}",
                f"{y(s.gerealiseerd):.1f}",
                f"{staaf_b * 0.6:.1f}",
                f"{y(0) - y(s.gerealiseerd):.1f}",
                f"{x + staaf_b / 2:.1f}",
                hoogte - onder + 14,
                s.label,
            )
        )
    legenda_y = hoogte - 6
    delen.append(
        format_html(
            '<rect x="{}" y="{}" width="12" height="10" fill="#ffffff" stroke="#01689b" stroke-dasharray="4 2"/>'
            '<text x="{}" y="{}" font-size="11" fill="#333">{}</text>'
            '<rect x="{}" y="{}" width="12" height="10" fill="#01689b"/>'
            '<text x="{}" y="{}" font-size="11" fill="#333">{}</text>',
            links,
            legenda_y - 9,
            links + 16,
            legenda_y,
            _("gepland (stippellijn)"),
            links + 160,
            legenda_y - 9,
            links + 176,
            legenda_y,
            _("aanwezig (gevuld)"),
        )
    )
    desc = "; ".join(_staaf_zin(s, eenheid) for s in staven)
    return _svg("grafiek", breedte, hoogte, id_prefix, titel, desc, delen)


def _staaf_zin(staaf: Staaf, eenheid: str) -> str:
    """One bar in words: its tooltip, and its part of the chart's description."""
    return _("%(label)s: %(gerealiseerd)s van %(gepland)s %(eenheid)s") % {
        "label": staaf.label,
        "gerealiseerd": _getal(staaf.gerealiseerd),
        "gepland": _getal(staaf.gepland),
        "eenheid": eenheid,
    }


def _svg(klasse: str, breedte: int, hoogte: int, id_prefix: str, titel: str, desc: str, delen: list) -> SafeString:
    """A full-width chart: an accessible image named by its title and described in words (not by colour)."""
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" class="{k}" viewBox="0 0 {b} {h}" '
        'width="100%" preserveAspectRatio="xMinYMin meet" aria-labelledby="{p}-titel {p}-desc">'
        '<title id="{p}-titel">{titel}</title><desc id="{p}-desc">{desc}</desc>{delen}</svg>',
        k=klasse,
        b=breedte,
        h=hoogte,
        p=escape(id_prefix),
        titel=titel,
        desc=desc,
        delen=mark_safe("".join(delen)),  # each part built with format_html
    )


def _nice_max(maximum: float) -> float:
    """A round upper bound for the scale (at least 1)."""
    if maximum <= 0:
        return 1
    for stap in (1, 2, 4, 5, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 150, 200, 400, 800, 1000):
        if maximum <= stap:
            return stap
    return float(int(maximum) + 1)


def voortgangsbalk(waarde: float, norm: float, *, titel: str, id_prefix: str, eenheid: str = "uur") -> SafeString:
    """A horizontal progress bar (e.g. Z-route lesson hours vs 800), with its numbers in the title."""
    breedte, hoogte = 320, 20
    deel = 0 if norm <= 0 else min(1, waarde / norm)
    tekst = _("%(waarde)s van %(norm)s %(eenheid)s") % {
        "waarde": _getal(waarde),
        "norm": _getal(norm),
        "eenheid": eenheid,
    }
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" class="voortgangsbalk" viewBox="0 0 {b} {h}" '
        'width="{b}" height="{h}" aria-labelledby="{p}-titel"><title id="{p}-titel">{titel}: {tekst}</title>'
        '<rect x="0" y="0" width="{b}" height="{h}" fill="#ffffff" stroke="#01689b"/>'
        '<rect x="0" y="0" width="{w}" height="{h}" fill="#01689b"/></svg>',
        b=breedte,
        h=hoogte,
        p=escape(id_prefix),
        titel=titel,
        tekst=tekst,
        w=f"{breedte * deel:.1f}",
    )


def routekaart(stappen: Sequence, *, titel: str, id_prefix: str = "routekaart") -> SafeString:
    """The route map: one node per step (cases.routekaart.Stap: naam, status, status_label, datum, toelichting) on a
    line. Status is told by shape and text, not colour alone: done = filled circle with a tick, current =
    thick ring with a dot, to do = dashed ring, not applicable = grey ring struck through."""
    links, slot_b, hoogte, cy, r = 10, 110, 150, 34, 15
    breedte = links * 2 + slot_b * max(len(stappen), 1)
    delen = []
    for i, stap in enumerate(stappen):
        cx = links + slot_b * i + slot_b / 2
        if i + 1 < len(stappen):
            gedaan = stap.status == GEDAAN
            delen.append(
                format_html(
                    '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3"{}/>',
                    f"{cx + r:.0f}",
                    cy,
                    f"{cx + slot_b - r:.0f}",
                    cy,
                    "#01689b" if gedaan else "#6b6b6b",
                    "" if gedaan else mark_safe(' stroke-dasharray="6 4"'),
                )
            )
        vorm = _vorm(stap, cx, cy, r)
        delen.append(format_html('<g class="stap stap--{}" data-stap="{}">{}', stap.status, stap.code, vorm))
        regels = _regels(str(stap.naam), 15)
        for j, regel in enumerate(regels):
            delen.append(
                format_html(
                    '<text x="{}" y="{}" font-size="12" font-weight="bold" text-anchor="middle" '
                    'fill="#1a1a1a">{}</text>',
                    f"{cx:.0f}",
                    cy + r + 18 + 14 * j,
                    regel,
                )
            )
        onder = cy + r + 18 + 14 * len(regels)
        delen.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#1a1a1a">{}</text>',
                f"{cx:.0f}",
                onder,
                stap.status_label,
            )
        )
        if stap.datum:
            delen.append(
                format_html(
                    '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#1a1a1a">{}</text>',
                    f"{cx:.0f}",
                    onder + 14,
                    f"{stap.datum:%d-%m-%Y}",
                )
            )
        delen.append(mark_safe("</g>"))
    desc = "; ".join(_stap_zin(s) for s in stappen)
    return _svg("routekaart", breedte, hoogte, id_prefix, titel, desc, delen)


def _stap_zin(stap) -> str:
    zin = f"{stap.naam}: {stap.status_label}"
    if stap.datum:
        zin += f" ({stap.datum:%d-%m-%Y})"
    if stap.toelichting:
        zin += f", {stap.toelichting}"
    return zin


def _vorm(stap, cx: float, cy: int, r: int) -> SafeString:
    x, y = f"{cx:.0f}", cy
    if stap.status == GEDAAN:
        return format_html(
            '<circle cx="{x}" cy="{y}" r="{r}" fill="#01689b"/>'
            '<path d="M {a} {b} l 5 5 l 9 -10" fill="none" stroke="#ffffff" stroke-width="3"/>',
            x=x,
            y=y,
            r=r,
            a=f"{cx - 7:.0f}",
            b=y,
        )
    if stap.status == HUIDIG:
        return format_html(
            '<circle cx="{x}" cy="{y}" r="{r}" fill="#ffffff" stroke="#a33e00" stroke-width="5"/>'
            '<circle cx="{x}" cy="{y}" r="5" fill="#a33e00"/>',
            x=x,
            y=y,
            r=r - 2,
        )
    if stap.status == NVT:
        return format_html(
            '<circle cx="{x}" cy="{y}" r="{r}" fill="#eeeeee" stroke="#6b6b6b" stroke-width="2"/>'
            '<line x1="{a}" y1="{b}" x2="{c}" y2="{d}" stroke="#6b6b6b" stroke-width="2"/>',
            x=x,
            y=y,
            r=r,
            a=f"{cx - 10:.0f}",
            b=y + 10,
            c=f"{cx + 10:.0f}",
            d=y - 10,
        )
    return format_html(
        '<circle cx="{x}" cy="{y}" r="{r}" fill="#ffffff" stroke="#6b6b6b" stroke-width="2" stroke-dasharray="5 3"/>',
        x=x,
        y=y,
        r=r,
    )


def _regels(tekst: str, breedte: int) -> list[str]:
    """Break a label into at most two lines of about `breedte` characters."""
    regels: list[str] = []
    for woord in tekst.split():
        if regels and len(regels[-1]) + 1 + len(woord) <= breedte:
            regels[-1] += f" {woord}"
        else:
            regels.append(woord)
    return regels[:2]
