"""Cells for the CSV and XLSX files the product writes (the report files; any future export goes through here too):
a text that a spreadsheet would read as a formula is neutralised, as OWASP advises against CSV injection. A name
such as `=HYPERLINK("http://x","y")` or `@SUM(1+1)*cmd|' /C calc'!A0` — an organisation can be renamed that way —
would otherwise run in the reader's Excel (and national runs go to every regiocoördinator).

The rule: a text starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a single quote in front, so it
is shown as text (the quote stays visible: the file says what was stored). Numbers stay numbers: an int, float or
Decimal is returned as it is (the XLSX keeps it a number), and a text that is only a printed number — "-3",
"-2,5", "-12%" as the CSV prints figures — is left alone, since a negative number is not a formula."""

from __future__ import annotations

import re
from collections.abc import Iterable

FORMULETEKENS = ("=", "+", "-", "@", "\t", "\r")
GETAL = re.compile(r"-?\d+(?:[.,]\d+)*%?")


def veilige_cel(waarde):
    """The value to write into a cell: a text that would start a formula with a quote in front; anything else
    (numbers, dates, None, a harmless text) unchanged."""
    if isinstance(waarde, str) and waarde.startswith(FORMULETEKENS) and not GETAL.fullmatch(waarde):
        return "'" + waarde
    return waarde


def veilige_rij(rij: Iterable) -> list:
    """A CSV row with every cell neutralised (`csv.writer(...).writerow(veilige_rij(rij))`)."""
    return [veilige_cel(waarde) for waarde in rij]


def veilig_werkboek(werkboek) -> None:
    """Neutralise every text cell of an openpyxl workbook in place, just before it is saved: openpyxl stores a text
    starting with "=" as a live formula, so a name written anywhere in a sheet would otherwise run."""
    for blad in werkboek.worksheets:
        for rij in blad.iter_rows():
            for cel in rij:
                if isinstance(cel.value, str):
                    cel.value = veilige_cel(cel.value)  # a text with a quote in front is stored as text again
