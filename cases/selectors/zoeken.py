"""The search rules, shared by the search box in the header, Mijn caseload and the teamleider's list.

A term is one of:
- a BSN: 9 digits (spaces, dots and dashes ignored) → exact match;
- the last digits of a BSN, as the masked BSN shows them (******123): 3 to 8 digits → the BSN ends with them;
- the kenmerk of a letter (digits with a dash or letters, e.g. 0197-2026-000012) → the case of that document;
- otherwise a name: every word must occur in the voornamen or the achternaam, in any order, ignoring case and
  accents ('Ozturk' finds Öztürk).

The accents are removed in SQL with `translate()`, not with the unaccent extension: the embedded PostgreSQL
(pgserver) has neither unaccent nor ICU collations, and translate() needs nothing. The same expression is the
sort key of names, so that Öztürk sorts with the O's and not after Warsame (the C.UTF-8 collation sorts by code
point). The rows are always the permission-filtered queryset the caller passes in (for_user: the user's gemeente),
so a search scans one gemeente's cases, never the country.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.apps import apps
from django.db.models import F, Func, QuerySet, TextField, Value
from django.db.models.functions import Concat, Lower

MAX_RESULTATEN = 50
MIN_CIJFERS = 3

# Letters without a decomposition into base letter + accent.
_EXTRA = {"ø": "o", "đ": "d", "ł": "l", "ı": "i", "ħ": "h", "ŧ": "t", "ð": "d", "þ": "p"}
_LATIJN_MET_ACCENT = [
    chr(c)
    for c in range(0x00C0, 0x0250)
    if chr(c).islower() and (unicodedata.decomposition(chr(c)) or chr(c) in _EXTRA)
]


def _basisletter(letter: str) -> str:
    if letter in _EXTRA:
        return _EXTRA[letter]
    basis = "".join(c for c in unicodedata.normalize("NFKD", letter) if not unicodedata.combining(c))
    return basis if len(basis) == 1 else ""


_VAN = "".join(letter for letter in _LATIJN_MET_ACCENT if _basisletter(letter))
_NAAR = "".join(_basisletter(letter) for letter in _VAN)


class ZonderAccenten(Func):
    """lower(value) without accents: translate(lower(value), 'àáâ…', 'aaa…') — portable, no extension needed."""

    function = "TRANSLATE"
    output_field = TextField()

    def __init__(self, expression, **extra):
        super().__init__(Lower(expression), Value(_VAN), Value(_NAAR), **extra)


def zonder_accenten(tekst: str) -> str:
    """The Python twin of ZonderAccenten, for the search term."""
    tekst = tekst.lower()
    return "".join(_NAAR[_VAN.index(c)] if c in _VAN else c for c in tekst)


def naam_sortering() -> list:
    """order_by() terms: achternaam then voornamen, accents ignored (ties by the exact spelling)."""
    return [ZonderAccenten(F("achternaam")), ZonderAccenten(F("voornamen")), F("achternaam"), F("voornamen")]


@dataclass(frozen=True)
class Zoekterm:
    soort: str  # "leeg" | "bsn" | "bsn_eind" | "kenmerk" | "naam" | "te_kort"
    waarde: str

    @property
    def is_bsn(self) -> bool:
        return self.soort in ("bsn", "bsn_eind", "te_kort")


def ontleed(term: str) -> Zoekterm:
    term = (term or "").strip()
    if not term:
        return Zoekterm("leeg", "")
    cijfers = re.sub(r"[\s.\-*]", "", term)  # "9999 00 110" and "******110" count as digits
    if cijfers.isdigit():
        if len(cijfers) == 9:
            return Zoekterm("bsn", cijfers)
        if "-" not in term and MIN_CIJFERS <= len(cijfers) <= 8:
            return Zoekterm("bsn_eind", cijfers)
        if len(cijfers) < MIN_CIJFERS:
            return Zoekterm("te_kort", "")
    if any(c.isdigit() for c in term):
        return Zoekterm("kenmerk", term)
    return Zoekterm("naam", term)


def _document_model():
    try:
        model = apps.get_model("documenten", "Document")
    except LookupError:
        return None
    return model if any(f.name == "kenmerk" for f in model._meta.get_fields()) else None


def filter_op_term(rijen: QuerySet, term: str | Zoekterm) -> QuerySet:
    """`rijen` (Statushouders the user may see) narrowed to the term; an empty term leaves them as they are."""
    zoekterm = term if isinstance(term, Zoekterm) else ontleed(term)
    if zoekterm.soort == "leeg":
        return rijen
    if zoekterm.soort == "bsn":
        return rijen.filter(bsn=zoekterm.waarde)
    if zoekterm.soort == "bsn_eind":
        return rijen.filter(bsn__endswith=zoekterm.waarde)
    if zoekterm.soort == "kenmerk":
        document = _document_model()
        if document is None:
            return rijen.none()
        return rijen.filter(
            # exact (the unique index on kenmerk), as typed or in capitals
            pk__in=document.objects.filter(kenmerk__in={zoekterm.waarde, zoekterm.waarde.upper()}).values(
                "statushouder_id"
            )
        )
    if zoekterm.soort == "naam":
        rijen = rijen.alias(
            _zoeknaam=ZonderAccenten(Concat(F("voornamen"), Value(" "), F("achternaam"), output_field=TextField()))
        )
        for woord in zonder_accenten(zoekterm.waarde).split():
            rijen = rijen.filter(_zoeknaam__contains=woord)
        return rijen
    return rijen.none()  # te_kort: one or two digits match too many cases to be useful


def zoek(user, term: str) -> tuple[Zoekterm, list, bool]:
    """The header search: (the parsed term, at most MAX_RESULTATEN cases the user may see, whether there are more).
    One query; the caller logs the rows shown."""
    from ..models import Statushouder

    zoekterm = ontleed(term)
    if zoekterm.soort in ("leeg", "te_kort"):
        return zoekterm, [], False
    rijen = filter_op_term(
        Statushouder.objects.for_user(user).select_related("gemeente", "consultant"), zoekterm
    ).order_by(*naam_sortering(), "pk")
    gevonden = list(rijen[: MAX_RESULTATEN + 1])
    return zoekterm, gevonden[:MAX_RESULTATEN], len(gevonden) > MAX_RESULTATEN
