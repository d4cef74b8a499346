"""The PIP beschikking as PDF: a letter of the gemeente (templates/pdf/beschikking.html) with a summary
page in Dutch and in the statushouder's language, rendered by WeasyPrint as a tagged PDF (PDF/UA-1)
where that works. Fonts: Debian's fonts-noto-core (Noto Naskh Arabic, Noto Sans Ethiopic)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from inburgering.pdf import html_naar_pdf

from . import deadlines, routekaart
from .beschikking_teksten import NL, kies_taal, secties
from .charts import routekaart as routekaart_svg
from .models import Leefgebied

COMPONENT_NAMEN = {
    "taal": "Taal (Nederlands leren)",
    "knm": "Kennis van de Nederlandse Maatschappij (KNM)",
    "map": "Module Arbeidsmarkt en Participatie (MAP)",
    "pvt": "Participatieverklaringstraject (PVT)",
}


def _datum(d) -> str:
    return f"{d:%d-%m-%Y}" if d else ""


def _geisoleerd(waarden: dict, taal) -> dict:
    """In right-to-left text the Dutch names and dates are left-to-right isolates (LRI … PDI), so that
    the bidi algorithm keeps "14-03-2023" and "B1-route" in their own order."""
    if taal.richting != "rtl":
        return waarden
    return {k: f"\u2066{v}\u2069" for k, v in waarden.items()}


def briefhoofd(gemeente) -> list[str]:
    """The gemeente's letterhead lines under its name (the name itself is printed as the heading)."""
    regels = (r.strip() for r in (gemeente.briefhoofd or "").splitlines())
    return [r for r in regels if r and r != f"Gemeente {gemeente.naam}"]


def adresregels(statushouder) -> list[str]:
    """The postal address block under the letterhead: name, street and number, postcode and place."""
    regels = [
        f"{statushouder.voornamen} {statushouder.achternaam}".strip(),
        f"{statushouder.straat} {statushouder.huisnummer}".strip(),
        f"{statushouder.postcode}  {statushouder.woonplaats}".strip(),
    ]
    return [r for r in regels if r]


def context(versie, statushouder, kenmerk: str = "") -> dict:
    """Everything the letter shows; `versie` with its goals and actions prefetched (or not: then a few
    queries more) and `pip__gemeente` loaded. `kenmerk`: the number the kept beschikking has (documenten)."""
    gemeente = versie.pip.gemeente
    dagtekening = versie.dagtekening
    eerste_dagtekening = statushouder.pip_dagtekening or dagtekening
    termijn_start = deadlines.termijn_start(eerste_dagtekening)
    termijn_einde = statushouder.termijn_einde or deadlines.termijn_einde(eerste_dagtekening)
    groepen: dict[str, list] = {}
    for doel in versie.doelen.all():
        groepen.setdefault(doel.leefgebied, []).append(doel)
    per_leefgebied = [
        {"label": label, "doelen": groepen[code]} for code, label in Leefgebied.choices if code in groepen
    ]
    aanbieder = str(versie.taalaanbieder) if versie.taalaanbieder_id else "—"
    waarden = {
        "gemeente": gemeente.naam,
        "dagtekening": _datum(dagtekening),
        "route": str(versie.leerroute),
        "aanbieder": aanbieder,
        "start": _datum(termijn_start),
        "einde": _datum(termijn_einde),
    }
    taal = kies_taal(statushouder.talen)
    voortgang = routekaart.voortgang(statushouder, timezone.localdate())
    return {
        "gemeente": gemeente,
        "briefhoofd": briefhoofd(gemeente),
        "statushouder": statushouder,
        "adres": adresregels(statushouder),
        "kenmerk": kenmerk,
        "versie": versie,
        "dagtekening": dagtekening,
        "componenten": [COMPONENT_NAMEN.get(c, c) for c in versie.componenten],
        "per_leefgebied": per_leefgebied,
        "routekaart": voortgang,
        "routekaart_svg": routekaart_svg(voortgang.stappen, titel="Uw route van AZC naar werk", id_prefix="route"),
        "termijn_start": termijn_start,
        "termijn_einde": termijn_einde,
        "bezwaar_uiterlijk_weken": 6,
        "samenvatting_nl": {
            "titel": NL["titel"],
            "intro": NL["intro"].format(**waarden),
            "secties": secties(NL, waarden),
        },
        "taal": taal,
        "samenvatting_taal": {
            "titel": taal.teksten["titel"],
            "intro": taal.teksten["intro"].format(**_geisoleerd(waarden, taal)),
            "secties": secties(taal.teksten, _geisoleerd(waarden, taal)),
        },
    }


def render_html(versie, statushouder, kenmerk: str = "") -> str:
    """The letter is always Dutch (month names too), whatever the user's interface language."""
    with translation.override("nl"):
        return render_to_string("pdf/beschikking.html", context(versie, statushouder, kenmerk))


def render_beschikking(versie, statushouder, kenmerk: str = "") -> bytes:
    """The PDF bytes: tagged PDF/UA-1, or a plain PDF if WeasyPrint refuses the variant."""
    return html_naar_pdf(render_html(versie, statushouder, kenmerk))
