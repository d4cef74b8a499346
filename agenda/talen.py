"""The interpreter's language: ISO 639 codes with a name in the active language (the common ones from the
partners list, the rest from pycountry's ISO 639-3 names, in Dutch when the active language is Dutch)."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry
from django.utils.translation import get_language

from partners.selectors import TAALNAMEN


@cache
def _vertaling(taal: str):
    try:
        return gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=[taal])
    except OSError:
        return gettext.NullTranslations()


def taalnaam(code: str) -> str:
    if not code:
        return ""
    if code in TAALNAMEN:
        return str(TAALNAMEN[code])
    taal = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    if taal is None:
        return code
    return _vertaling((get_language() or "nl")[:2]).gettext(taal.name)


def taalkeuzes() -> list[tuple[str, str]]:
    """The languages to choose from: the common ones first-class, by name."""
    return sorted(((code, str(naam)) for code, naam in TAALNAMEN.items()), key=lambda k: k[1])


def is_taalcode(code: str) -> bool:
    if code in TAALNAMEN:
        return True
    if len(code) == 2:
        return pycountry.languages.get(alpha_2=code) is not None
    return len(code) == 3 and pycountry.languages.get(alpha_3=code) is not None
