"""Countries and languages by name, stored as codes: nationality as ISO 3166-1 alpha-3 (plus XXA stateless and XXX
unknown, as on travel documents), languages as ISO 639-1 where it exists, else ISO 639-3 (ar, ti, prs, kmr), as the
registration and the demo data store them. Names come from pycountry in the UI language (Dutch through its gettext
catalogues); the forms choose by name."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry
from django.utils.translation import get_language
from django.utils.translation import gettext as _

STAATLOOS = "XXA"
ONBEKEND = "XXX"

# The nationalities and languages that occur most in the field, shown first.
VEEL_NATIONALITEITEN = ["SYR", "ERI", "TUR", "AFG", "YEM", "IRQ", "IRN", "SOM", "SDN", "ETH", "UKR"]
VEEL_TALEN = ["ar", "ti", "fa", "prs", "ps", "so", "kmr", "ckb", "tr", "am", "uk", "ru", "en", "fr"]


@cache
def _catalogus(domein: str, taal: str):
    if taal == "en":
        return gettext.NullTranslations()
    try:
        return gettext.translation(domein, pycountry.LOCALES_DIR, languages=[taal])
    except OSError:
        return gettext.NullTranslations()


def _taal() -> str:
    return (get_language() or "nl").split("-")[0]


def landnaam(code: str) -> str:
    """The country of an alpha-3 code in the UI language; the code itself when unknown."""
    if not code:
        return ""
    if code == STAATLOOS:
        return _("Staatloos")
    if code == ONBEKEND:
        return _("Onbekend")
    land = pycountry.countries.get(alpha_3=code.upper())
    if land is None:
        return code
    naam = _catalogus("iso3166-1", _taal()).gettext(land.name)
    if _taal() == "en":
        naam = getattr(land, "common_name", None) or naam
    return naam


def _taal_object(code: str):
    if len(code) == 2:
        return pycountry.languages.get(alpha_2=code)
    return pycountry.languages.get(alpha_3=code)


def taalnaam(code: str) -> str:
    """The language of an ISO 639 code in the UI language (the app's own names first, as the sleutelpersonen
    show them: 'Koerdisch (Kurmanji)'); the code itself when unknown."""
    from partners.selectors import TAALNAMEN

    if code in TAALNAMEN:
        return str(TAALNAMEN[code])
    taal = _taal_object(code) if code else None
    if taal is None:
        return code
    return _catalogus("iso639-3", _taal()).gettext(taal.name)


def taalnamen(codes) -> str:
    return ", ".join(taalnaam(c) for c in codes or [])


def _op_naam(paren):
    return sorted(paren, key=lambda p: p[1].casefold())


def nationaliteit_keuzes(extra: str = "") -> list:
    """Grouped choices: the common ones, then all countries by name (and an unknown stored code kept)."""
    veel = [(c, landnaam(c)) for c in VEEL_NATIONALITEITEN] + [(STAATLOOS, landnaam(STAATLOOS))]
    rest = [
        (land.alpha_3, landnaam(land.alpha_3))
        for land in pycountry.countries
        if land.alpha_3 not in VEEL_NATIONALITEITEN
    ]
    rest.append((ONBEKEND, landnaam(ONBEKEND)))
    if extra and extra not in {c for c, _n in veel + rest}:
        rest.append((extra, extra))
    return [
        ("", _("Kies een nationaliteit")),
        (_("Veel voorkomend"), _op_naam(veel)),
        (_("Alle landen"), _op_naam(rest)),
    ]


def geldige_nationaliteit(code: str) -> bool:
    return code in (STAATLOOS, ONBEKEND) or pycountry.countries.get(alpha_3=code) is not None


def veel_talen_keuzes(extra=()) -> list:
    """The common languages (checkboxes), in the field's order of frequency."""
    return [(c, taalnaam(c)) for c in VEEL_TALEN]


def andere_talen_keuzes(extra=()) -> list:
    """All ISO 639-1 languages not among the common ones, by name, plus stored codes not in any list."""
    codes = {taal.alpha_2 for taal in pycountry.languages if hasattr(taal, "alpha_2")} - set(VEEL_TALEN)
    codes |= {c for c in extra if c and c not in VEEL_TALEN}
    return _op_naam([(c, taalnaam(c)) for c in codes])


def geldige_taal(code: str) -> bool:
    return _taal_object(code) is not None
